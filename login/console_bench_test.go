package login_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/99designs/keyring"
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/login"
	"github.com/vaultbar/vaultbar/vault"
)

// benchConsole is a role profile with a cached session, a fake sign-in endpoint on loopback,
// and /bin/true standing in for the browser.
type benchConsole struct {
	fake  *fakeaws.Fake
	v     *vault.Vault
	p     *vault.Profile
	spec  login.LaunchSpec
	creds aws.Credentials
}

func newBenchConsole(b *testing.B) *benchConsole {
	f := fakeaws.Start(b)
	f.AddUser(aliceKey, aliceSecret, "alice")
	store := vault.NewStore(keyring.NewArrayKeyring(nil), time.Now)
	if err := store.SetCredentials("alice", aws.Credentials{AccessKeyID: aliceKey, SecretAccessKey: aliceSecret}); err != nil {
		b.Fatal(err)
	}
	cfg, err := vault.ParseConfig([]byte("[profile alice]\nregion = eu-west-1\n[profile admin]\nsource_profile = alice\nrole_arn = " + roleARN + "\nregion = eu-west-1\n"))
	if err != nil {
		b.Fatal(err)
	}
	p, err := (&vault.Resolver{File: cfg}).Profile("admin")
	if err != nil {
		b.Fatal(err)
	}
	v := vault.New(store, vault.Options{Env: vault.Env{"AWS_ENDPOINT_URL_STS": f.URL}})
	cc, err := v.ConsoleCredentials(context.Background(), p, vault.CredentialOptions{}) // now cached
	if err != nil {
		b.Fatal(err)
	}
	browser := login.Browser{ID: "chromium", Name: "Chromium", Family: login.Chromium, Command: []string{"/bin/true"}}
	spec := login.LaunchSpec{Browser: browser, DataRoot: b.TempDir(), Profile: "admin", GOOS: "linux"}
	return &benchConsole{fake: f, v: v, p: p, spec: spec, creds: cc.Credentials}
}

// open is the console path from cached credentials to the browser started, as the console
// command runs it, minus reading the config file and opening the OS keyring.
func (c *benchConsole) open(b *testing.B) {
	ctx := context.Background()
	cc, err := c.v.ConsoleCredentials(ctx, c.p, vault.CredentialOptions{})
	if err != nil {
		b.Fatal(err)
	}
	dest, err := login.ConsoleURL(login.Destination{Region: c.p.Region, Service: "ec2"})
	if err != nil {
		b.Fatal(err)
	}
	opts := login.SigninOptions{SessionDuration: 12 * time.Hour, Endpoint: c.fake.SigninURL}
	token, err := login.SigninToken(ctx, c.p.Region, cc.Credentials, opts.ForKind(cc.Kind))
	if err != nil {
		b.Fatal(err)
	}
	endpoint, _ := login.ResolveEndpoint(c.p.Region, c.fake.SigninURL)
	once, err := login.ServeOnce(ctx, login.LoginURL(endpoint, "vaultbar", dest, token))
	if err != nil {
		b.Fatal(err)
	}
	argv, err := login.Argv(c.spec, once.URL())
	if err != nil {
		b.Fatal(err)
	}
	if _, err := login.Launch(ctx, argv, nil); err != nil {
		b.Fatal(err)
	}
	follow(b, once.URL()) // what the browser does first; ends the one-time server
	<-once.Done()
}

// follow fetches the one-time URL without following its redirect.
func follow(b *testing.B, u string) {
	client := http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(u)
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
}

// BenchmarkConsoleFromCachedSession is the whole path; BenchmarkSigninRoundTrip is the part
// spent at the (here: loopback) sign-in endpoint. Vaultbar's own time is the difference.
func BenchmarkConsoleFromCachedSession(b *testing.B) {
	c := newBenchConsole(b)
	for b.Loop() {
		c.open(b)
	}
}

func BenchmarkSigninRoundTrip(b *testing.B) {
	c := newBenchConsole(b)
	opts := login.SigninOptions{SessionDuration: 12 * time.Hour, Endpoint: c.fake.SigninURL}
	for b.Loop() {
		if _, err := login.SigninToken(context.Background(), c.p.Region, c.creds, opts); err != nil {
			b.Fatal(err)
		}
	}
}
