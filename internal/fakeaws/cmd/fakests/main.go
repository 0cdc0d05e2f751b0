// Command fakests runs the STS fake of internal/fakeaws as a process of its own, for scripts
// that point separate processes at it (scripts/bench-concurrent.sh): Vaultbar through
// AWS_ENDPOINT_URL_STS, the aws-vault CLI through the intercepting proxy.
//
//	fakests -addr-file FILE -user AKID:SECRET:NAME [-user ...]
//
// Once it serves, it writes FILE as KEY=VALUE lines: STS_URL (for AWS_ENDPOINT_URL_STS),
// CONTROL_URL, PROXY_URL and CA_FILE (for HTTPS_PROXY and SSL_CERT_FILE), and SIGNIN_URL
// (the console sign-in fake, for VAULTBAR_SIGNIN_ENDPOINT). CONTROL_URL/calls answers "VIA ACTION ACCESS_KEY_ID COUNT" lines, VIA being "direct" or "proxy";
// POST CONTROL_URL/reset forgets the calls. It stops on SIGINT or SIGTERM. Everything listens
// on 127.0.0.1 only.
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
	var us users
	flag.Var(&us, "user", "a user the fake knows, as AKID:SECRET:NAME (repeatable)")
	flag.Parse()
	if *addrFile == "" {
		return errors.New("-addr-file is required")
	}
	sts := fakeaws.NewSTS()
	for _, u := range us {
		f := strings.SplitN(u, ":", 3)
		if len(f) != 3 {
			return fmt.Errorf("-user %q: want AKID:SECRET:NAME", u)
		}
		sts.AddUser(f[0], f[1], f[2])
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
	proxy, err := fakeaws.NewProxy(sts)
	if err != nil {
		return err
	}
	defer proxy.Close()
	go func() { _ = http.Serve(stsLn, sts) }()
	go func() { _ = http.Serve(ctlLn, control(sts)) }()
	go func() { _ = http.Serve(signinLn, fakeaws.NewSignin(sts)) }()
	addrs := fmt.Sprintf("STS_URL=http://%s\nCONTROL_URL=http://%s\nPROXY_URL=%s\nCA_FILE=%s\nSIGNIN_URL=http://%s\n",
		stsLn.Addr(), ctlLn.Addr(), proxy.URL(), proxy.CAFile(), signinLn.Addr())
	if err := os.WriteFile(*addrFile, []byte(addrs), 0o600); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return nil
}

func control(sts *fakeaws.STS) http.Handler {
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
		lines := make([]string, 0, len(counts))
		for k, n := range counts {
			lines = append(lines, fmt.Sprintf("%s %d\n", k, n))
		}
		slices.Sort(lines)
		fmt.Fprint(w, strings.Join(lines, ""))
	})
	mux.HandleFunc("POST /reset", func(http.ResponseWriter, *http.Request) { sts.Reset() })
	return mux
}
