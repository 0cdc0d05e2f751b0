package main

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
)

// cancelOnWrite is serve's stdout: the export lines arriving end the serve.
type cancelOnWrite struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	cancel context.CancelFunc
}

func (w *cancelOnWrite) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	defer w.cancel()
	return w.buf.Write(p)
}

// With a proxy variable set, `serve` prints on stderr the NO_PROXY line its clients need
// (botocore and the AWS CLI would otherwise ask the proxy), and nothing when NO_PROXY already
// names the server or no proxy is set.
func TestServePrintsNoProxyLine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string // the stderr line, "" for none
	}{
		{"http_proxy", map[string]string{"HTTP_PROXY": "http://proxy.corp:3128"}, "export NO_PROXY=127.0.0.1"},
		{"lowercase_https_proxy", map[string]string{"https_proxy": "http://proxy.corp:3128"}, "export NO_PROXY=127.0.0.1"},
		{"no_proxy_lacks_it", map[string]string{"HTTPS_PROXY": "http://p:1", "NO_PROXY": ".corp, localhost"}, "export NO_PROXY='.corp, localhost,127.0.0.1'"},
		{"lowercase_no_proxy", map[string]string{"http_proxy": "http://p:1", "no_proxy": ".corp"}, "export no_proxy=.corp,127.0.0.1"},
		{"no_proxy_has_it", map[string]string{"HTTP_PROXY": "http://p:1", "NO_PROXY": "localhost,127.0.0.1"}, ""},
		{"no_proxy_star", map[string]string{"HTTP_PROXY": "http://p:1", "NO_PROXY": "*"}, ""},
		{"no_proxy_variable", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t, "[profile alice]\nregion = eu-west-1\n")
			c.addAlice()
			for k, v := range tc.env {
				c.env[k] = v
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			out := &cancelOnWrite{cancel: cancel}
			var errb bytes.Buffer
			if code := run(ctx, []string{"serve", "alice", "--ecs", "--ec2=127.0.0.1:0"}, stdio{in: strings.NewReader(""), out: out, err: &errb}, c.env); code != 0 {
				t.Fatalf("serve: exit %d: %s", code, errb.String())
			}
			var lines []string
			for _, l := range strings.Split(errb.String(), "\n") {
				if strings.HasPrefix(l, "export ") {
					lines = append(lines, l)
				}
			}
			if tc.want == "" && len(lines) != 0 || tc.want != "" && (len(lines) != 1 || lines[0] != tc.want) {
				t.Errorf("stderr %q, want the line %q", errb.String(), tc.want)
			}
			if !strings.Contains(out.buf.String(), "AWS_EC2_METADATA_SERVICE_ENDPOINT=") || strings.Contains(out.buf.String(), "NO_PROXY") {
				t.Errorf("stdout %q, want the servers' lines only", out.buf.String())
			}
		})
	}
}
