package loadgen

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestRunCountsRequestsBytesAndConnections(t *testing.T) {
	body := strings.Repeat("b", 700)
	var mu sync.Mutex
	conns := map[string]bool{}
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "tok" {
			http.Error(w, "no", http.StatusForbidden)
			return
		}
		mu.Lock()
		conns[r.RemoteAddr] = true
		mu.Unlock()
		served.Add(1)
		w.Write([]byte(body))
	}))
	defer srv.Close()

	r, err := Run(context.Background(), Config{
		URL: srv.URL, Header: http.Header{"Authorization": {"tok"}},
		Concurrency: 4, Duration: 300 * time.Millisecond, Warmup: 100 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Errors != 0 || r.Requests == 0 {
		t.Fatalf("requests %d, errors %d (%s); want some and none", r.Requests, r.Errors, r.FirstError)
	}
	if r.Requests >= uint64(served.Load()) {
		t.Errorf("counted %d of %d served requests; the warm-up should not count", r.Requests, served.Load())
	}
	if r.Connections != 4 || len(conns) != 4 {
		t.Errorf("dialed %d connections, server saw %d; want 4 keep-alive connections", r.Connections, len(conns))
	}
	if r.BytesPerResponse != 700 || r.BodyMin != 700 || r.BodyMax != 700 {
		t.Errorf("bytes/response %v (min %d, max %d), want 700", r.BytesPerResponse, r.BodyMin, r.BodyMax)
	}
	if want := float64(r.Requests) / 0.3; r.RPS != want {
		t.Errorf("RPS %v, want requests/duration = %v", r.RPS, want)
	}
	if !(r.Min <= r.P50 && r.P50 <= r.P90 && r.P90 <= r.P99 && r.P99 <= r.P999 && r.P999 <= r.Max) || r.Max <= 0 {
		t.Errorf("latencies not ordered: min %v p50 %v p90 %v p99 %v p99.9 %v max %v", r.Min, r.P50, r.P90, r.P99, r.P999, r.Max)
	}
}

func TestRunCountsNon200AsErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"Message":"invalid Authorization token"}`, http.StatusForbidden)
	}))
	defer srv.Close()
	r, err := Run(context.Background(), Config{URL: srv.URL, Concurrency: 2, Duration: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if r.Requests != 0 || r.Errors == 0 || r.ErrorKinds["status 403"] != r.Errors {
		t.Errorf("requests %d, errors %d %v; want only 403 errors", r.Requests, r.Errors, r.ErrorKinds)
	}
	if r.Connections != 2 {
		t.Errorf("connections %d, want 2: error responses should keep the connection", r.Connections)
	}
}

func TestRunCountsTransportErrorsWithoutSpinning(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	r, err := Run(context.Background(), Config{URL: url, Concurrency: 2, Duration: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if r.Requests != 0 || r.ErrorKinds["transport"] == 0 || r.FirstError == "" {
		t.Errorf("requests %d, errors %v (%q); want transport errors", r.Requests, r.ErrorKinds, r.FirstError)
	}
	if max := uint64(2 * (200*time.Millisecond/errorBackoff + 2)); r.Errors > max {
		t.Errorf("%d errors in 200ms with 2 workers; the back-off should keep it under %d", r.Errors, max)
	}
}

func TestRunRejectsBadConfigs(t *testing.T) {
	ok := Config{URL: "http://127.0.0.1:1", Concurrency: 1, Duration: time.Second}
	for name, mod := range map[string]func(*Config){
		"remote host":      func(c *Config) { c.URL = "http://example.com/" },
		"https":            func(c *Config) { c.URL = "https://127.0.0.1:1/" },
		"no clients":       func(c *Config) { c.Concurrency = 0 },
		"too many clients": func(c *Config) { c.Concurrency = MaxConcurrency + 1 },
		"no duration":      func(c *Config) { c.Duration = 0 },
		"too long":         func(c *Config) { c.Duration = MaxDuration + time.Second },
		"negative warm-up": func(c *Config) { c.Warmup = -time.Second },
	} {
		c := ok
		mod(&c)
		if _, err := Run(context.Background(), c); err == nil {
			t.Errorf("%s: Run accepted %+v", name, c)
		}
	}
	for _, u := range []string{"http://localhost:8080/x", "http://127.0.0.2:1", "http://[::1]:1/"} {
		if _, err := CheckLoopback(u); err != nil {
			t.Errorf("CheckLoopback(%q): %v", u, err)
		}
	}
}

func TestProbeDescribesCredentials(t *testing.T) {
	const creds = `{"AccessKeyId":"ASIAX","Expiration":"2030-01-01T00:00:00Z","SecretAccessKey":"s","Token":"t"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/creds" {
			w.Write([]byte(creds))
			return
		}
		w.Write([]byte(`{"Filler":"xxxx"}`))
	}))
	defer srv.Close()
	p, err := Probe(context.Background(), srv.URL+"/creds", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != 200 || !p.Credentials || p.AccessKeyID != "ASIAX" || p.Expiration != "2030-01-01T00:00:00Z" || p.Bytes != len(creds) {
		t.Errorf("credentials probe = %+v", p)
	}
	p, err = Probe(context.Background(), srv.URL+"/other", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != 200 || p.Credentials || p.Bytes != 17 {
		t.Errorf("filler probe = %+v", p)
	}
}

func TestHeaderFlag(t *testing.T) {
	h := HeaderFlag{}
	for _, s := range []string{"Authorization: abc:def", "x-empty:", "Host:  127.0.0.1:9"} {
		if err := h.Set(s); err != nil {
			t.Errorf("Set(%q): %v", s, err)
		}
	}
	hh := http.Header(h)
	if hh.Get("Authorization") != "abc:def" || hh.Get("Host") != "127.0.0.1:9" || len(hh["X-Empty"]) != 1 {
		t.Errorf("headers = %v", hh)
	}
	for _, s := range []string{"novalue", ": v", "two words: v"} {
		if err := h.Set(s); err == nil {
			t.Errorf("Set(%q) accepted", s)
		}
	}
}

func TestRunMeasuresCPU(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("CPU time comes from /proc")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	defer srv.Close()
	// The server is this process, so both figures count the same CPU time.
	r, err := Run(context.Background(), Config{URL: srv.URL, Concurrency: 2, Duration: 300 * time.Millisecond, ServerPID: os.Getpid()})
	if err != nil {
		t.Fatal(err)
	}
	// Each is sampled separately, to a 10 ms tick: allow two ticks of difference.
	if d := r.ServerCPU - r.ClientCPU; r.ClientCPU <= 0 || r.ClientCPUPerReq <= 0 || d < -0.02 || d > 0.02 {
		t.Errorf("client CPU %v s (%v µs/req), server %v s (%v µs/req); want about equal and positive",
			r.ClientCPU, r.ClientCPUPerReq, r.ServerCPU, r.ServerCPUPerReq)
	}
	if _, err := Run(context.Background(), Config{URL: srv.URL, Concurrency: 1, Duration: time.Second, ServerPID: 1 << 30}); err == nil {
		t.Error("Run accepted a server pid that does not exist")
	}
}
