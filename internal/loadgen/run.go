package loadgen

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Limits keep every run bounded in time and size.
const (
	MaxConcurrency = 1024
	MaxDuration    = 10 * time.Minute
	MaxWarmup      = time.Minute
	DefaultTimeout = 5 * time.Second
)

// errorBackoff is the pause after a failed connection or request, so a dead server does
// not turn the workers into a busy loop.
const errorBackoff = 10 * time.Millisecond

// Config describes one run.
type Config struct {
	URL         string
	Header      http.Header // sent with every request; a Host entry sets the Host header
	Concurrency int         // workers, each with one keep-alive connection
	Duration    time.Duration
	Warmup      time.Duration // run before the measured window; nothing in it is counted
	// Timeout bounds dialing, and how long requests still in flight at the end of the
	// window are waited for. Default DefaultTimeout.
	Timeout time.Duration
	// ServerPID, when not 0, is the server's process: its CPU time during the window is
	// reported (Linux only), as is the load generator's own.
	ServerPID int
}

// Result is what one run measured. Only responses completed inside the measured window
// count; latencies and bytes are those of the 200 responses.
type Result struct {
	URL         string  `json:"url"`
	Concurrency int     `json:"concurrency"`
	Warmup      float64 `json:"warmup_s"`
	Duration    float64 `json:"duration_s"`
	Requests    uint64  `json:"requests"` // 200 responses, bodies read to the end
	RPS         float64 `json:"rps"`      // Requests per second of the window
	Errors      uint64  `json:"errors"`   // everything else: other statuses, transport errors
	// ErrorKinds splits Errors: "status 403", "transport", ...
	ErrorKinds  map[string]uint64 `json:"error_kinds,omitempty"`
	FirstError  string            `json:"first_error,omitempty"`
	Connections uint64            `json:"connections"` // dialed, warm-up included

	BytesPerResponse float64 `json:"bytes_per_response"` // body bytes, mean
	BodyMin          int64   `json:"body_min"`
	BodyMax          int64   `json:"body_max"`

	// Latency of the 200 responses in milliseconds, from sending the request to the end
	// of the body.
	Min  float64 `json:"min_ms"`
	Mean float64 `json:"mean_ms"`
	P50  float64 `json:"p50_ms"`
	P90  float64 `json:"p90_ms"`
	P99  float64 `json:"p99_ms"`
	P999 float64 `json:"p999_ms"`
	Max  float64 `json:"max_ms"`

	// CPU time (user + system, all threads) used during the measured window, in seconds, by
	// the load generator and by the server (Config.ServerPID), and per 200 response in
	// microseconds. Measured to 10 ms from /proc on Linux; left out elsewhere or without
	// ServerPID. With the two on the same cores, server CPU per response is the figure
	// that does not depend on who got how much of the machine.
	ClientCPU       float64 `json:"client_cpu_s,omitempty"`
	ServerCPU       float64 `json:"server_cpu_s,omitempty"`
	ClientCPUPerReq float64 `json:"client_cpu_us_per_req,omitempty"`
	ServerCPUPerReq float64 `json:"server_cpu_us_per_req,omitempty"`

	Latency *Histogram `json:"-"`
}

// CheckLoopback returns an error unless rawURL is an http URL on a loopback host
// (localhost, 127.0.0.0/8 or ::1).
func CheckLoopback(rawURL string) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" {
		return nil, fmt.Errorf("url %q: only http:// is supported", rawURL)
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("url %q: not a loopback address; the load generator only loads local servers", rawURL)
	}
	return u, nil
}

func (c *Config) validate() error {
	switch {
	case c.Concurrency < 1 || c.Concurrency > MaxConcurrency:
		return fmt.Errorf("concurrency %d: want 1 to %d", c.Concurrency, MaxConcurrency)
	case c.Duration <= 0 || c.Duration > MaxDuration:
		return fmt.Errorf("duration %v: want more than 0 and at most %v", c.Duration, MaxDuration)
	case c.Warmup < 0 || c.Warmup > MaxWarmup:
		return fmt.Errorf("warm-up %v: want 0 to %v", c.Warmup, MaxWarmup)
	case c.Timeout < 0 || c.Timeout > MaxWarmup:
		return fmt.Errorf("timeout %v: want 0 to %v", c.Timeout, MaxWarmup)
	}
	if c.ServerPID != 0 {
		if _, err := cpuTime(c.ServerPID); err != nil {
			return fmt.Errorf("server pid %d: %w", c.ServerPID, err)
		}
	}
	_, err := CheckLoopback(c.URL)
	return err
}

// newRequest builds the GET every request of a worker reuses (it has no body, and
// http.Transport does not modify requests).
func newRequest(ctx context.Context, rawURL string, h http.Header) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	for k, vs := range h {
		if http.CanonicalHeaderKey(k) == "Host" {
			req.Host = vs[0]
			continue
		}
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	return req, nil
}

// newClient returns a client with its own transport: one keep-alive connection, no proxy,
// no compression, no redirects. dials counts the connections it opens.
func newClient(timeout time.Duration, dials *atomic.Uint64) *http.Client {
	d := &net.Dialer{Timeout: timeout}
	tr := &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			dials.Add(1)
			return d.DialContext(ctx, network, addr)
		},
		MaxIdleConns:        1,
		MaxIdleConnsPerHost: 1,
		IdleConnTimeout:     time.Minute,
		DisableCompression:  true,
	}
	return &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// workerStats is one worker's share of the result, merged at the end.
type workerStats struct {
	hist             Histogram
	bytes            int64
	bodyMin, bodyMax int64
	errs             map[string]uint64
	firstErr         error
}

func (s *workerStats) fail(kind string, err error) {
	if s.errs == nil {
		s.errs = map[string]uint64{}
	}
	s.errs[kind]++
	if s.firstErr == nil {
		s.firstErr = err
	}
}

// Run loads cfg.URL for cfg.Warmup plus cfg.Duration and returns what it measured. It
// returns an error only for a bad Config or a cancelled ctx; failed requests are counted
// in the Result.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	cfg.Timeout = cmp.Or(cfg.Timeout, DefaultTimeout)
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	start := time.Now().Add(cfg.Warmup)
	end := start.Add(cfg.Duration)
	ctx, cancel := context.WithDeadline(ctx, end.Add(cfg.Timeout))
	defer cancel()

	var dials atomic.Uint64
	stats := make([]workerStats, cfg.Concurrency)
	var wg sync.WaitGroup
	var client, server cpuWindow
	wg.Go(func() {
		if sleepUntil(ctx, start) {
			client.begin(0)
			server.begin(cfg.ServerPID)
		}
		if sleepUntil(ctx, end) {
			client.end(0)
			server.end(cfg.ServerPID)
		}
	})
	for i := range stats {
		req, err := newRequest(ctx, cfg.URL, cfg.Header)
		if err != nil {
			return nil, err
		}
		client := newClient(cfg.Timeout, &dials)
		st := &stats[i]
		wg.Go(func() {
			defer client.CloseIdleConnections()
			work(ctx, client, req, start, end, st)
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return nil, err
	}

	r := &Result{
		URL: cfg.URL, Concurrency: cfg.Concurrency,
		Warmup: cfg.Warmup.Seconds(), Duration: cfg.Duration.Seconds(),
		Connections: dials.Load(), Latency: new(Histogram),
	}
	var bytes int64
	for i := range stats {
		st := &stats[i]
		if st.hist.Count() > 0 {
			if r.Latency.Count() == 0 || st.bodyMin < r.BodyMin {
				r.BodyMin = st.bodyMin
			}
			r.BodyMax = max(r.BodyMax, st.bodyMax)
		}
		r.Latency.Merge(&st.hist)
		bytes += st.bytes
		for k, n := range st.errs {
			if r.ErrorKinds == nil {
				r.ErrorKinds = map[string]uint64{}
			}
			r.ErrorKinds[k] += n
			r.Errors += n
		}
		if st.firstErr != nil && r.FirstError == "" {
			r.FirstError = st.firstErr.Error()
		}
	}
	h := r.Latency
	r.Requests = h.Count()
	r.RPS = float64(r.Requests) / cfg.Duration.Seconds()
	if r.Requests > 0 {
		r.BytesPerResponse = float64(bytes) / float64(r.Requests)
	}
	if d, ok := client.used(); ok {
		r.ClientCPU = d.Seconds()
		r.ClientCPUPerReq = perRequest(d, r.Requests)
	}
	if d, ok := server.used(); ok && cfg.ServerPID != 0 {
		r.ServerCPU = d.Seconds()
		r.ServerCPUPerReq = perRequest(d, r.Requests)
	}
	r.Min, r.Mean, r.Max = ms(h.Min()), ms(h.Mean()), ms(h.Max())
	r.P50, r.P90, r.P99, r.P999 = ms(h.Quantile(0.50)), ms(h.Quantile(0.90)), ms(h.Quantile(0.99)), ms(h.Quantile(0.999))
	return r, nil
}

// cpuWindow is the CPU time a process used between begin and end.
type cpuWindow struct {
	t0, t1   time.Duration
	ok0, ok1 bool
}

func (w *cpuWindow) begin(pid int) {
	var err error
	w.t0, err = cpuTime(pid)
	w.ok0 = err == nil
}

func (w *cpuWindow) end(pid int) {
	var err error
	w.t1, err = cpuTime(pid)
	w.ok1 = err == nil
}

func (w *cpuWindow) used() (time.Duration, bool) { return w.t1 - w.t0, w.ok0 && w.ok1 }

func perRequest(d time.Duration, n uint64) float64 {
	if n == 0 {
		return 0
	}
	return math.Round(float64(d.Nanoseconds())/float64(n)) / 1000
}

// sleepUntil waits for t; false if ctx ended first.
func sleepUntil(ctx context.Context, t time.Time) bool {
	timer := time.NewTimer(time.Until(t))
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-timer.C:
		return true
	}
}

// ms converts to milliseconds rounded to the microsecond.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// work sends requests one after the other until end, and records those that complete in
// [start, end).
func work(ctx context.Context, client *http.Client, req *http.Request, start, end time.Time, st *workerStats) {
	counted := func(t time.Time) bool { return !t.Before(start) && t.Before(end) }
	for {
		t0 := time.Now()
		if !t0.Before(end) || ctx.Err() != nil {
			return
		}
		resp, err := client.Do(req)
		var n int64
		if err == nil {
			n, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		t1 := time.Now()
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			if counted(t1) {
				st.fail("transport", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(errorBackoff):
			}
		case resp.StatusCode != http.StatusOK:
			if counted(t1) {
				st.fail("status "+strconv.Itoa(resp.StatusCode), fmt.Errorf("status %s", resp.Status))
			}
		case counted(t1):
			if st.hist.Count() == 0 || n < st.bodyMin {
				st.bodyMin = n
			}
			st.bodyMax = max(st.bodyMax, n)
			st.bytes += n
			st.hist.Record(t1.Sub(t0))
		}
	}
}
