// Command bareserver is the baseline of scripts/bench-server.sh: a bare net/http server on
// loopback that answers every request with the same fixed body, and nothing else (no
// token check, no credentials). Loading it with cmd/loadgen gives the practical limit of
// the machine for a response of that size.
//
//	bareserver -size 1234
//	bareserver -body-from http://127.0.0.1:PORT -header 'Authorization: TOKEN'
//
// With -body-from, the body is as long as that URL's response (which must be a 200); only
// its size is copied, never its content. The body is a JSON object padded to the size
// (plain 'x' bytes below 14 bytes). The server prints its URL (http://127.0.0.1:PORT) on
// stdout, then serves until SIGINT or SIGTERM.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/vaultbar/vaultbar/internal/loadgen"
)

const maxSize = 1 << 20

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bareserver:", err)
		os.Exit(1)
	}
}

func run() error {
	hdr := loadgen.HeaderFlag{}
	addr := flag.String("addr", "127.0.0.1:0", "listen `address` (loopback)")
	size := flag.Int("size", -1, "body size in bytes")
	from := flag.String("body-from", "", "use the size of this `URL`'s response")
	flag.Var(hdr, "header", "header `'Name: value'` for -body-from, repeatable")
	flag.Parse()
	if flag.NArg() > 0 || (*size < 0) == (*from == "") {
		return errors.New("give exactly one of -size N and -body-from URL, and no arguments")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *from != "" {
		p, err := loadgen.Probe(ctx, *from, http.Header(hdr), 0)
		if err != nil {
			return fmt.Errorf("-body-from: %w", err)
		}
		if p.Status != http.StatusOK {
			return fmt.Errorf("-body-from %s: status %d, want 200", *from, p.Status)
		}
		*size = p.Bytes
	}
	if *size > maxSize {
		return fmt.Errorf("-size %d: at most %d", *size, maxSize)
	}
	if _, err := loadgen.CheckLoopback("http://" + *addr); err != nil {
		return err
	}
	body := fillerBody(*size)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	length := strconv.Itoa(len(body))
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			h := w.Header()
			h["Content-Type"] = []string{"application/json"}
			h["Content-Length"] = []string{length}
			w.Write(body)
		}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	fmt.Printf("http://%s\n", ln.Addr())
	fmt.Fprintf(os.Stderr, "bareserver: %d-byte body\n", len(body))
	return loadgen.ServeUntil(ctx, srv, ln)
}

// fillerBody returns a body of exactly n bytes: {"Filler":"xxx…"} when n allows it.
func fillerBody(n int) []byte {
	const open, closing = `{"Filler":"`, `"}`
	if n < len(open)+len(closing)+1 {
		return bytes.Repeat([]byte("x"), n)
	}
	b := make([]byte, 0, n)
	b = append(b, open...)
	b = append(b, bytes.Repeat([]byte("x"), n-len(open)-len(closing))...)
	return append(b, closing...)
}
