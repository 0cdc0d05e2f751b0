package vault

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// DefaultMinTTL is how much life a cached session must have left to be reused (AWS_MIN_TTL).
const DefaultMinTTL = 5 * time.Minute

// MFARequest names what the user is asked for: the profile and its MFA device.
type MFARequest struct {
	Profile string
	Serial  string
	// Retry says why the previous code was refused ("" on the first ask), for the prompt to show.
	Retry string
}

// PromptMFA asks the user for a one-time code. It must return an error wrapping
// ErrMFACancelled when the user dismisses the prompt.
type PromptMFA func(ctx context.Context, req MFARequest) (string, error)

// RunProcess runs a shell command line (credential_process, mfa_process) and returns its stdout.
type RunProcess func(ctx context.Context, command string) ([]byte, error)

// Vault turns profiles into credentials. One Vault serves the whole process: its refreshes
// are shared, so any number of concurrent callers for one profile cause one STS call and at
// most one prompt.
type Vault struct {
	store      *Store
	env        Env
	prompt     PromptMFA
	run        RunProcess
	now        func() time.Time
	minTTL     time.Duration
	httpClient aws.HTTPClient
	limits     CallLimits
	lock       LockFunc
	flights    sharedFlights // session refreshes, see cache.go
	signIn     SignInSSO
	wait       Wait
	ssoFlights sharedFlights // IAM Identity Center sign-ins and role refreshes, see sso_cache.go
	debug      Logf
}

// Options are the effects and settings a Vault is built with. Zero values get defaults.
type Options struct {
	Env        Env              // STS endpoint overrides (AWS_ENDPOINT_URL_STS, ...)
	Prompt     PromptMFA        // nil: profiles that need an MFA code fail with a hint
	Run        RunProcess       // nil: ShellRunner(nil)
	Now        func() time.Time // nil: time.Now
	MinTTL     time.Duration    // 0: DefaultMinTTL
	HTTPClient aws.HTTPClient   // nil: the SDK's client, honouring HTTPS_PROXY and SSL_CERT_FILE
	Limits     CallLimits       // zero: 30 s per STS call, 1 MiB per answer
	// Lock shares each session refresh with other processes (FileLocks); nil: within this
	// process only.
	Lock LockFunc
	// SSOSignIn shows an IAM Identity Center sign-in (open the browser, show the code); nil:
	// profiles that need one fail with ErrSSONoBrowser.
	SSOSignIn SignInSSO
	// Wait sleeps between sign-in polls; nil: a real timer. Tests make it instant.
	Wait Wait
	// Debug receives what the Vault does (--debug): keyring reads, cache hits and misses,
	// AWS calls and their durations, never a secret. Nil: nothing is logged.
	Debug Logf
}

// New returns a Vault over store.
func New(store *Store, o Options) *Vault {
	v := &Vault{store: store, env: o.Env, prompt: o.Prompt, run: o.Run, now: o.Now,
		minTTL: cmp.Or(o.MinTTL, DefaultMinTTL), httpClient: o.HTTPClient, limits: o.Limits.withDefaults(), lock: o.Lock,
		signIn: o.SSOSignIn, wait: o.Wait, debug: o.Debug}
	if v.run == nil {
		v.run = ShellRunner(nil)
	}
	if v.now == nil {
		v.now = time.Now
	}
	if v.wait == nil {
		v.wait = realWait
	}
	if v.httpClient == nil {
		v.httpClient = newHTTPClient()
	}
	v.httpClient = v.limits.client(v.httpClient)
	return v
}

// MinTTLFromEnv reads AWS_MIN_TTL (Go duration syntax); an unset or invalid value gives the default.
func MinTTLFromEnv(env Env) time.Duration {
	if d, err := time.ParseDuration(env.Get("AWS_MIN_TTL")); err == nil && d > 0 {
		return d
	}
	return DefaultMinTTL
}

// Store is the keyring store the Vault reads and writes.
func (v *Vault) Store() *Store { return v.store }

// CredentialOptions change how one request for credentials is served.
type CredentialOptions struct {
	// NoSession skips GetSessionToken everywhere (--no-session).
	NoSession bool
	// NoSessionFor skips GetSessionToken for this one profile: console sign-in wants the
	// long-term keys of the target profile so it can call GetFederationToken.
	NoSessionFor string
	// MinTTL, when longer than the vault's, is the life a cached session must have left to be
	// reused: the EC2 server asks for sessions good for longer than IMDS clients' own
	// refresh window. Fresh credentials from STS are not held to it.
	MinTTL time.Duration
}

// Credentials returns credentials for p, from the keyring cache when a session there has
// more than the minimum TTL left, otherwise from STS (prompting for MFA when needed).
func (v *Vault) Credentials(ctx context.Context, p *Profile, o CredentialOptions) (aws.Credentials, error) {
	prov, err := v.providerFor(p, o)
	if err != nil {
		return aws.Credentials{}, err
	}
	creds, err := prov.Retrieve(ctx)
	if err != nil {
		return aws.Credentials{}, fmt.Errorf("get credentials for profile %s: %w", p.Name, err)
	}
	return creds, nil
}

// providerFor builds p's provider chain (research/aws-vault.md §4).
func (v *Vault) providerFor(p *Profile, o CredentialOptions) (aws.CredentialsProvider, error) {
	b := &chainBuilder{v: v, opts: o}
	return b.provider(p)
}
