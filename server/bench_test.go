package server

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// discardWriter is a ResponseWriter reused across requests, so that allocs/op counts the
// handler stack only, not a recorder per request.
type discardWriter struct {
	h    http.Header
	code int
	n    int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) WriteHeader(code int)        { w.code = code }
func (w *discardWriter) Write(b []byte) (int, error) { w.n += len(b); return len(b), nil }

func benchSource(b *testing.B) *Source {
	creds := aws.Credentials{
		AccessKeyID: "ASIABENCH00000000001", SecretAccessKey: "secret", SessionToken: "token",
		CanExpire: true, Expires: time.Now().Add(12 * time.Hour),
	}
	src := NewSource(func(context.Context) (aws.Credentials, error) { return creds, nil }, SourceOptions{})
	b.Cleanup(src.Close)
	if err := src.Prime(context.Background()); err != nil {
		b.Fatal(err)
	}
	return src
}

// BenchmarkECSCached is the hot path: guard, token check, snapshot load, write. Budget: 0–2
// allocs/op.
func BenchmarkECSCached(b *testing.B) {
	ecs, err := NewECS(benchSource(b), ECSOptions{})
	if err != nil {
		b.Fatal(err)
	}
	h := newGuard(testAddr, ecs)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		r := request(http.MethodGet, "/", map[string]string{"Authorization": ecs.Token()})
		w := &discardWriter{h: http.Header{}}
		for pb.Next() {
			clear(w.h)
			h.ServeHTTP(w, r)
			if w.code != http.StatusOK {
				b.Errorf("status %d", w.code)
				return
			}
		}
	})
}

// BenchmarkEC2Cached is the same for an IMDSv2 credentials GET.
func BenchmarkEC2Cached(b *testing.B) {
	ec2 := NewEC2(benchSource(b), EC2Options{IMDSv2Only: true})
	tw := httptest.NewRecorder()
	ec2.ServeHTTP(tw, request(http.MethodPut, imdsTokenPath, map[string]string{imdsTTLHeader: "21600"}))
	tok := tw.Body.String()
	h := newGuard(testAddr, ec2)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		r := request(http.MethodGet, imdsCredentials+"/vaultbar", map[string]string{imdsTokenHeader: tok})
		w := &discardWriter{h: http.Header{}}
		for pb.Next() {
			clear(w.h)
			h.ServeHTTP(w, r)
			if w.code != http.StatusOK {
				b.Errorf("status %d", w.code)
				return
			}
		}
	})
}

// BenchmarkECSLoopback goes through a real loopback server and keep-alive connections, as an
// SDK does; most of its allocations are net/http's.
func BenchmarkECSLoopback(b *testing.B) {
	ecs, err := NewECS(benchSource(b), ECSOptions{})
	if err != nil {
		b.Fatal(err)
	}
	ln, err := Listen("")
	if err != nil {
		b.Fatal(err)
	}
	srv := Serve(ln, ecs)
	b.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL(), nil)
		req.Header.Set("Authorization", ecs.Token())
		for pb.Next() {
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
}

// BenchmarkBareLoopback is BenchmarkECSLoopback's yardstick: a plain net/http server that
// writes a fixed body of the same size, the practical limit of this machine's HTTP stack.
func BenchmarkBareLoopback(b *testing.B) {
	body := make([]byte, 546)
	ln, err := Listen("")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(body) })}
	go func() { _ = srv.Serve(ln) }()
	b.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	url := "http://" + ln.Addr().String()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		for pb.Next() {
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
}
