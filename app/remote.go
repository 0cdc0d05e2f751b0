package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vaultbar/vaultbar/control"
	"github.com/vaultbar/vaultbar/vault"
)

// OpCredentials asks the running app for a profile's credentials on behalf of the CLI.
const OpCredentials = "credentials"

// codeOtherKeyring is the app's answer to a CLI that uses another keyring: the CLI then
// gets its credentials itself.
const codeOtherKeyring = "other_keyring"

// credentialsRequest is OpCredentials' body. The profile is resolved in the app with the
// client's environment (its config file, region, TTLs), so the answer is what the CLI alone
// would have got; the keyring, the refresh and any MFA prompt are the app's.
type credentialsRequest struct {
	Request Request           `json:"request"`
	Env     map[string]string `json:"env"`
	Keyring string            `json:"keyring"`
	Console bool              `json:"console,omitempty"`  // console credentials (federated for IAM users)
	RoleARN string            `json:"role_arn,omitempty"` // AssumeRole this ARN with the profile's credentials
}

type credentialsReply struct {
	Credentials aws.Credentials   `json:"credentials"`
	Kind        vault.ConsoleKind `json:"kind"`
}

// secretEnv are variables the app never needs to resolve a profile; they stay in the client.
var secretEnv = []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
	"AWS_VAULT_FILE_PASSPHRASE", "AWS_CONTAINER_AUTHORIZATION_TOKEN"}

// clientEnv is the part of the environment that decides how a profile resolves.
func clientEnv(env vault.Env) map[string]string {
	out := map[string]string{}
	for k, v := range env {
		if (strings.HasPrefix(k, "AWS_") || k == "HOME" || k == "USERPROFILE") && !slices.Contains(secretEnv, k) {
			out[k] = v
		}
	}
	return out
}

// keyringID names the keyring the options open, so that the app and a CLI can tell whether
// they share one. The passphrase is not part of it.
func (a *App) keyringID() string {
	o := a.KeyringOptions()
	return fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s", o.Backend, o.KeychainName, o.SecretServiceCollection, o.FileDir, o.PassDir, o.PassCmd, o.PassPrefix)
}

// remoteCredentials asks the running app; ok is false when the app cannot serve this
// client (another keyring), and the caller then does the work itself.
func (a *App) remoteCredentials(ctx context.Context, r Request, in credentialsRequest) (reply credentialsReply, ok bool, err error) {
	in.Request, in.Env, in.Keyring = r, clientEnv(a.env), a.keyringID()
	err = a.remote.Call(ctx, OpCredentials, in, &reply)
	var re *control.RemoteError
	if errors.As(err, &re) {
		if re.Code == codeOtherKeyring {
			return reply, false, nil
		}
		if re.Hint != "" {
			return reply, true, vault.WithHint(errors.New(re.Message), "%s", re.Hint)
		}
		return reply, true, errors.New(re.Message)
	}
	return reply, true, err
}

// serveCredentials answers OpCredentials in the running app.
func (a *App) serveCredentials(ctx context.Context, body json.RawMessage) (any, error) {
	var in credentialsRequest
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, vault.WithHint(fmt.Errorf("credentials: %v", err), "update vaultbar: the app and the command line differ")
	}
	if in.Keyring != a.keyringID() {
		return nil, &control.RemoteError{Code: codeOtherKeyring, Message: "the running app uses another keyring"}
	}
	view := *a
	view.env, view.remote = vault.Env(in.Env), nil
	p, err := view.Profile(in.Request.Profile, in.Request.Overrides)
	if err != nil {
		return nil, err
	}
	v, err := a.Vault()
	if err != nil {
		return nil, err
	}
	var out credentialsReply
	switch {
	case in.RoleARN != "":
		out.Credentials, err = v.AssumeRoleARN(ctx, p, in.RoleARN)
	case in.Console:
		var cc vault.ConsoleCredentials
		cc, err = v.ConsoleCredentials(ctx, p, in.Request.options())
		out.Credentials, out.Kind = cc.Credentials, cc.Kind
	default:
		out.Credentials, err = v.Credentials(ctx, p, in.Request.options())
	}
	return out, err
}

// credentialsOf gets p's credentials: from the running app when there is one for this
// keyring, else from this process's vault.
func (a *App) credentialsOf(ctx context.Context, p *vault.Profile, r Request) (aws.Credentials, error) {
	if a.remote != nil {
		if reply, ok, err := a.remoteCredentials(ctx, r, credentialsRequest{}); ok {
			a.fx.Debug.Printf("credentials: %s through the running menu-bar app (--no-app to get them here)", r.Profile)
			return reply.Credentials, err
		}
	}
	v, err := a.Vault()
	if err != nil {
		return aws.Credentials{}, err
	}
	return v.Credentials(ctx, p, r.options())
}

// consoleCredentialsOf is credentialsOf for a console sign-in.
func (a *App) consoleCredentialsOf(ctx context.Context, p *vault.Profile, r Request) (vault.ConsoleCredentials, error) {
	if a.remote != nil {
		if reply, ok, err := a.remoteCredentials(ctx, r, credentialsRequest{Console: true}); ok {
			return vault.ConsoleCredentials{Credentials: reply.Credentials, Kind: reply.Kind}, err
		}
	}
	v, err := a.Vault()
	if err != nil {
		return vault.ConsoleCredentials{}, err
	}
	return v.ConsoleCredentials(ctx, p, r.options())
}

// assumeRoleOf assumes roleARN with p's credentials (the ECS server's /role-arn/ route).
func (a *App) assumeRoleOf(ctx context.Context, p *vault.Profile, r Request, roleARN string) (aws.Credentials, error) {
	if a.remote != nil {
		if reply, ok, err := a.remoteCredentials(ctx, r, credentialsRequest{RoleARN: roleARN}); ok {
			return reply.Credentials, err
		}
	}
	v, err := a.Vault()
	if err != nil {
		return aws.Credentials{}, err
	}
	return v.AssumeRoleARN(ctx, p, roleARN)
}
