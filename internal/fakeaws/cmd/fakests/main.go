// Command fakests runs the STS fake of internal/fakeaws as a process of its own, for scripts
// that point separate processes at it (scripts/bench-concurrent.sh): Vaultbar through
// AWS_ENDPOINT_URL_STS, the aws-vault CLI through the intercepting proxy.
//
//	fakests -addr-file FILE -user AKID:SECRET:NAME [-user ...]
//
// Once it serves, it writes FILE as KEY=VALUE lines: STS_URL (for AWS_ENDPOINT_URL_STS),
// CONTROL_URL, PROXY_URL and CA_FILE (for HTTPS_PROXY and SSL_CERT_FILE), and SIGNIN_URL
// (the console sign-in fake, for VAULTBAR_SIGNIN_ENDPOINT) and SSO_URL (IAM Identity Center, for
// AWS_ENDPOINT_URL_SSO_OIDC and AWS_ENDPOINT_URL_SSO; the proxy serves it too). -sso-account
// ID:NAME:ROLE[,ROLE...] adds an account to it; -mfa SERIAL=CODE an MFA device; -session-lifetime
// D makes every issued session last D (scripts/soak.sh: several refresh cycles in minutes).
// CONTROL_URL/calls answers "VIA ACTION
// ACCESS_KEY_ID COUNT" lines, VIA being "direct" or "proxy", and "sso OP COUNT" lines;
// POST CONTROL_URL/reset forgets the calls; GET CONTROL_URL/sso/pending lists the user codes
// waiting for sign-in, POST CONTROL_URL/sso/approve?user_code=CODE signs one in. It stops on
// SIGINT or SIGTERM. Everything listens on 127.0.0.1 only.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
)

type users []string

func (u *users) String() string     { return strings.Join(*u, ",") }
func (u *users) Set(s string) error { *u = append(*u, s); return nil }

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "fakests:", err)
		os.Exit(1)
	}
}

func run() error {
	addrFile := flag.String("addr-file", "", "write the addresses here once serving")
	var us, accounts, mfas users
	flag.Var(&us, "user", "a user the fake knows, as AKID:SECRET:NAME (repeatable)")
	flag.Var(&mfas, "mfa", "an MFA device and the one code it accepts, as SERIAL=CODE (repeatable)")
	flag.Var(&accounts, "sso-account", "an IAM Identity Center account, as ID:NAME:ROLE[,ROLE...] (repeatable)")
	lifetime := flag.Duration("session-lifetime", 0, "every issued session lasts this long, whatever duration was asked (soak runs)")
	flag.Parse()
	if *addrFile == "" {
		return errors.New("-addr-file is required")
	}
	sts := fakeaws.NewSTS()
	sts.SessionLifetime = *lifetime
	for _, u := range us {
		f := strings.SplitN(u, ":", 3)
		if len(f) != 3 {
			return fmt.Errorf("-user %q: want AKID:SECRET:NAME", u)
		}
		sts.AddUser(f[0], f[1], f[2])
	}
	for _, m := range mfas {
		serial, code, ok := strings.Cut(m, "=")
		if !ok {
			return fmt.Errorf("-mfa %q: want SERIAL=CODE", m)
		}
		sts.SetMFA(serial, code)
	}
	sso := fakeaws.NewSSO(sts)
	for _, a := range accounts {
		f := strings.SplitN(a, ":", 3)
		if len(f) != 3 {
			return fmt.Errorf("-sso-account %q: want ID:NAME:ROLE[,ROLE...]", a)
		}
		sso.AddAccount(f[0], f[1], f[1]+"@example.com", strings.Split(f[2], ",")...)
	}
	ssoLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	stsLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	ctlLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	signinLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	proxy, err := fakeaws.NewProxy(fakeaws.Router(sts, sso))
	if err != nil {
		return err
	}
	defer proxy.Close()
	go func() { _ = http.Serve(stsLn, sts) }()
	go func() { _ = http.Serve(ctlLn, control(sts, sso)) }()
	go func() { _ = http.Serve(ssoLn, sso) }()
	go func() { _ = http.Serve(signinLn, fakeaws.NewSignin(sts)) }()
	addrs := fmt.Sprintf("STS_URL=http://%s\nCONTROL_URL=http://%s\nPROXY_URL=%s\nCA_FILE=%s\nSIGNIN_URL=http://%s\nSSO_URL=http://%s\n",
		stsLn.Addr(), ctlLn.Addr(), proxy.URL(), proxy.CAFile(), signinLn.Addr(), ssoLn.Addr())
	if err := os.WriteFile(*addrFile, []byte(addrs), 0o600); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return nil
}

func control(sts *fakeaws.STS, sso *fakeaws.SSO) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /calls", func(w http.ResponseWriter, _ *http.Request) {
		counts := map[string]int{}
		for _, c := range sts.Calls() {
			via := "proxy"
			if strings.HasPrefix(c.Host, "127.0.0.1:") {
				via = "direct"
			}
			counts[via+" "+c.Action+" "+c.AccessKeyID]++
		}
		for _, c := range sso.Calls("") {
			counts["sso "+c.Op]++
		}
		lines := make([]string, 0, len(counts))
		for k, n := range counts {
			lines = append(lines, fmt.Sprintf("%s %d\n", k, n))
		}
		slices.Sort(lines)
		fmt.Fprint(w, strings.Join(lines, ""))
	})
	mux.HandleFunc("POST /reset", func(http.ResponseWriter, *http.Request) { sts.Reset(); sso.Reset() })
	mux.HandleFunc("GET /sso/pending", func(w http.ResponseWriter, _ *http.Request) {
		for _, d := range sso.Pending() {
			fmt.Fprintln(w, d.UserCode)
		}
	})
	mux.HandleFunc("POST /sso/approve", func(w http.ResponseWriter, r *http.Request) {
		if err := sso.Approve(r.URL.Query().Get("user_code")); err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
		}
	})
	return mux
}
