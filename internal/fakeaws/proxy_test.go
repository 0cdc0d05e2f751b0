package fakeaws_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"net/url"
	"os"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
)

// proxiedClient builds its HTTP client the way a subprocess would from HTTPS_PROXY and
// SSL_CERT_FILE: a fixed proxy URL and the CA read back from the PEM file.
func proxiedClient(t *testing.T, p *fakeaws.Proxy) *http.Client {
	t.Helper()
	pem, err := os.ReadFile(p.CAFile())
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		t.Fatalf("no certificate in %s", p.CAFile())
	}
	proxyURL, err := url.Parse(p.URL())
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{Proxy: http.ProxyURL(proxyURL), TLSClientConfig: &tls.Config{RootCAs: roots}}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// TestProxyInterceptsRealHostname has the SDK resolve its default endpoint,
// https://sts.us-east-1.amazonaws.com, and reach the fake through the proxy.
func TestProxyInterceptsRealHostname(t *testing.T) {
	f, _ := start(t)
	cfg := config(aliceKey, aliceSecret, "")
	cfg.HTTPClient = proxiedClient(t, f.Proxy)
	c := sts.NewFromConfig(cfg)
	if arn := callerARN(t, c); arn != aliceARN {
		t.Errorf("caller = %s, want %s", arn, aliceARN)
	}
	if arn := callerARN(t, c); arn != aliceARN { // again, over the kept-alive tunnel
		t.Errorf("caller = %s, want %s", arn, aliceARN)
	}
	const host = "sts.us-east-1.amazonaws.com"
	if hosts := f.Proxy.Hosts(); !slices.Equal(hosts, []string{host}) {
		t.Errorf("proxy hosts = %v, want [%s]", hosts, host)
	}
	for _, call := range f.Calls() {
		if call.Host != host {
			t.Errorf("call host = %s, want %s", call.Host, host)
		}
	}
}

func TestProxyPlainHTTP(t *testing.T) {
	f, _ := start(t)
	cfg := config(aliceKey, aliceSecret, "")
	cfg.HTTPClient = f.Proxy.Client()
	c := sts.NewFromConfig(cfg, func(o *sts.Options) { o.BaseEndpoint = aws.String("http://sts.amazonaws.com") })
	if arn := callerARN(t, c); arn != aliceARN {
		t.Errorf("caller = %s, want %s", arn, aliceARN)
	}
	if hosts := f.Proxy.Hosts(); !slices.Equal(hosts, []string{"sts.amazonaws.com"}) {
		t.Errorf("proxy hosts = %v", hosts)
	}
}

func TestProxyRejectsOriginFormRequests(t *testing.T) {
	p, err := fakeaws.NewProxy(fakeaws.NewSTS())
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	resp, err := http.Get(p.URL() + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("status = %d, want 400", resp.StatusCode)
	}
}

// TestProxyClose closes the proxy with a tunnel open and a call held inside it: Close must
// not wait for the client or the handler, and must remove the CA file.
func TestProxyClose(t *testing.T) {
	s := fakeaws.NewSTS()
	s.AddUser(aliceKey, aliceSecret, "alice")
	p, err := fakeaws.NewProxy(s)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config(aliceKey, aliceSecret, "")
	cfg.HTTPClient = proxiedClient(t, p)
	c := sts.NewFromConfig(cfg)
	ctx := context.Background()

	release := s.Hold()
	defer release()
	done := make(chan error, 1)
	go func() {
		_, err := c.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		done <- err
	}()
	if err := s.WaitForCalls(ctx, "GetCallerIdentity", 1); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := <-done; err == nil {
		t.Error("held call succeeded after Close")
	}
	if _, err := os.Stat(p.CAFile()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("CA file after Close: %v", err)
	}
	if _, err := c.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err == nil {
		t.Error("call through a closed proxy succeeded")
	}
}
