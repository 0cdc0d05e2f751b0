package server

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// A peer that declares a request body and never sends it is disconnected once the read
// bound has passed, instead of holding its connection (and a goroutine) forever.
func TestPeerWithheldBodyIsDisconnected(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, request string
	}{
		{"ecs_get", "GET / HTTP/1.1\r\nHost: %s\r\nAuthorization: %s\r\nContent-Length: 100\r\n\r\n"},
		{"imds_token_put", "PUT /latest/api/token HTTP/1.1\r\nHost: %s\r\nX-aws-ec2-metadata-token-ttl-seconds: 60\r\nContent-Length: 100\r\n\r\n"},
		{"chunked", "PUT /latest/api/token HTTP/1.1\r\nHost: %s\r\nX-aws-ec2-metadata-token-ttl-seconds: 60\r\nTransfer-Encoding: chunked\r\n\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src, _, clock := primed(t, time.Hour)
			ecs, err := NewECS(src, ECSOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var h http.Handler = ecs
			if strings.HasPrefix(tc.request, "PUT") {
				h = NewEC2(src, EC2Options{Now: clock.Now})
			}
			limits := defaultConnLimits
			limits.read = 300 * time.Millisecond
			srv := serveWith(mustListen(t), h, Options{}, limits)
			t.Cleanup(func() { _ = srv.srv.Close() })

			host := strings.TrimPrefix(srv.URL(), "http://")
			conn, err := net.Dial("tcp", host)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			req := strings.Replace(tc.request, "%s", host, 1)
			req = strings.Replace(req, "%s", ecs.Token(), 1)
			if _, err := io.WriteString(conn, req); err != nil {
				t.Fatal(err)
			}
			// The bound for a broken build: far above 300 ms, far below forever.
			start := time.Now()
			_ = conn.SetReadDeadline(start.Add(10 * time.Second))
			_, err = io.Copy(io.Discard, bufio.NewReader(conn))
			if errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("the server still held the connection after %s", time.Since(start).Round(time.Millisecond))
			}
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("disconnected after %s, want about 300ms", took)
			}
		})
	}
}
