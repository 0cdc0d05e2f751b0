// Command loadgen loads a local HTTP server with keep-alive clients and reports req/s and
// latency percentiles (package loadgen has the details).
//
//	loadgen -url http://127.0.0.1:PORT -header 'Authorization: TOKEN' -c 64 -d 10s -warmup 2s [-json]
//	loadgen -probe -url URL [-header ...]   one request: status, size, credentials JSON or not
//
// With -server-pid PID (Linux), the CPU time the server and the load generator used during
// the window is reported too, in total and per response.
//
// -c workers each keep one connection open and send GETs back to back; every body is read
// to the end, and anything but a 200 is an error. Only the -d window after the warm-up is
// measured. Only loopback URLs are accepted. The exit status is 0 when every counted
// request got a 200, 3 when some did not (the report is printed either way), 2 for bad
// flags and 1 for other failures.
//
// The load generator shares the machine's cores with the server it loads, so the figures
// are for the pair; compare servers measured the same way in the same run.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/vaultbar/vaultbar/internal/loadgen"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	hdr := loadgen.HeaderFlag{}
	url := fs.String("url", "", "target `URL` (loopback only)")
	fs.Var(hdr, "header", "request header `'Name: value'`, repeatable")
	c := fs.Int("c", 64, "concurrent keep-alive clients")
	d := fs.Duration("d", 10*time.Second, "measured duration")
	warmup := fs.Duration("warmup", 2*time.Second, "warm-up before the measured window")
	timeout := fs.Duration("timeout", loadgen.DefaultTimeout, "dial timeout; wait for in-flight requests at the end")
	serverPID := fs.Int("server-pid", 0, "also report this process's CPU time in the window (Linux)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	probe := fs.Bool("probe", false, "send one request and describe the response (JSON), then exit")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *url == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "loadgen: -url is required and there are no arguments")
		fs.Usage()
		return 2
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *probe {
		p, err := loadgen.Probe(ctx, *url, http.Header(hdr), *timeout)
		if err != nil {
			fmt.Fprintln(stderr, "loadgen:", err)
			return 1
		}
		writeJSON(stdout, p)
		return 0
	}
	r, err := loadgen.Run(ctx, loadgen.Config{
		URL: *url, Header: http.Header(hdr), Concurrency: *c,
		Duration: *d, Warmup: *warmup, Timeout: *timeout, ServerPID: *serverPID,
	})
	if err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return 1
	}
	if *asJSON {
		writeJSON(stdout, r)
	} else {
		report(stdout, r)
	}
	if r.Errors > 0 || r.Requests == 0 {
		fmt.Fprintf(stderr, "loadgen: %d errors, %d good responses; first error: %s\n", r.Errors, r.Requests, r.FirstError)
		return 3
	}
	return 0
}

func writeJSON(w io.Writer, v any) {
	b, _ := json.MarshalIndent(v, "", "  ")
	fmt.Fprintf(w, "%s\n", b)
}

func report(w io.Writer, r *loadgen.Result) {
	fmt.Fprintf(w, "%s: %d clients, %gs measured after %gs warm-up, %d connections\n",
		r.URL, r.Concurrency, r.Duration, r.Warmup, r.Connections)
	fmt.Fprintf(w, "  requests  %d (%.0f/s), %.0f bytes/response\n", r.Requests, r.RPS, r.BytesPerResponse)
	fmt.Fprintf(w, "  latency   p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms (mean %.3f)\n",
		r.P50, r.P90, r.P99, r.P999, r.Max, r.Mean)
	if r.ClientCPU > 0 || r.ServerCPU > 0 {
		fmt.Fprintf(w, "  cpu       loadgen %.2f s (%.1f µs/req)", r.ClientCPU, r.ClientCPUPerReq)
		if r.ServerCPU > 0 {
			fmt.Fprintf(w, ", server %.2f s (%.1f µs/req)", r.ServerCPU, r.ServerCPUPerReq)
		}
		fmt.Fprintln(w)
	}
	kinds := make([]string, 0, len(r.ErrorKinds))
	for k, n := range r.ErrorKinds {
		kinds = append(kinds, fmt.Sprintf("%s: %d", k, n))
	}
	slices.Sort(kinds)
	fmt.Fprintf(w, "  errors    %d", r.Errors)
	if len(kinds) > 0 {
		fmt.Fprintf(w, " (%s)", strings.Join(kinds, ", "))
	}
	fmt.Fprintln(w)
}
