package fakeaws

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sync"
	"time"
)

// Proxy is an HTTPS-intercepting forward proxy on 127.0.0.1 that answers every request itself
// with one handler, whatever host the client asked for. It is for clients that cannot be given
// an endpoint URL: configure them with HTTPS_PROXY=URL() and SSL_CERT_FILE=CAFile() (see Env).
//
// CONNECT tunnels are terminated with a certificate for the requested host signed by a
// throwaway CA; plain-HTTP requests in absolute form are served directly. The proxy never
// resolves or dials the requested host.
type Proxy struct {
	handler http.Handler
	ca      *authority
	caFile  string
	url     *url.URL

	outer   *http.Server  // the proxy itself: CONNECT and absolute-URI requests
	inner   *http.Server  // HTTP inside the tunnels
	tunnels *connListener // feeds inner
	conns   connTracker

	mu    sync.Mutex
	hosts []string
}

// headerTimeout bounds how long a silent client can hold a connection before sending a request.
const headerTimeout = 30 * time.Second

// NewProxy starts a proxy serving h. Close it to stop every goroutine and remove the CA file.
func NewProxy(h http.Handler) (*Proxy, error) {
	ca, err := newAuthority()
	if err != nil {
		return nil, fmt.Errorf("fakeaws proxy: %w", err)
	}
	caFile, err := writeTemp("fakeaws-ca-*.pem", ca.pem)
	if err != nil {
		return nil, fmt.Errorf("fakeaws proxy: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		os.Remove(caFile)
		return nil, fmt.Errorf("fakeaws proxy: listen: %w", err)
	}
	p := &Proxy{
		handler: h,
		ca:      ca,
		caFile:  caFile,
		url:     &url.URL{Scheme: "http", Host: ln.Addr().String()},
		tunnels: newConnListener(ln.Addr()),
		conns:   connTracker{conns: map[net.Conn]struct{}{}},
	}
	p.outer = p.newServer(http.HandlerFunc(p.serveProxy))
	p.inner = p.newServer(h)
	p.serve(p.outer, ln)
	p.serve(p.inner, p.tunnels)
	return p, nil
}

func writeTemp(pattern string, data []byte) (string, error) {
	f, err := os.CreateTemp("", pattern)
	if err != nil {
		return "", fmt.Errorf("create temp file: %w", err)
	}
	_, err = f.Write(data)
	if err = errors.Join(err, f.Close()); err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("write %s: %w", f.Name(), err)
	}
	return f.Name(), nil
}

// newServer returns a server whose connections p.conns tracks, so Close can close them all
// and wait for their goroutines.
func (p *Proxy) newServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: headerTimeout, ConnState: p.conns.track}
}

func (p *Proxy) serve(srv *http.Server, ln net.Listener) {
	p.conns.running.Add(1)
	go func() {
		defer p.conns.running.Done()
		_ = srv.Serve(ln) // returns when Close closes ln
	}()
}

func (p *Proxy) serveProxy(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodConnect:
		p.conns.running.Add(1) // the connection is uncounted once hijacked
		defer p.conns.running.Done()
		p.tunnel(w, r)
	case r.URL.IsAbs():
		p.saw(r.URL.Hostname())
		p.handler.ServeHTTP(w, r)
	default:
		http.Error(w, "fakeaws proxy: expected CONNECT or an absolute-URI request", http.StatusBadRequest)
	}
}

// tunnel answers CONNECT host:port and hands the client's side, wrapped in TLS, to p.inner.
func (p *Proxy) tunnel(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Hostname()
	p.saw(host)
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "fakeaws proxy: cannot hijack connection", http.StatusInternalServerError)
		return
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return // the client is gone
	}
	if _, err := io.WriteString(conn, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		conn.Close()
		return
	}
	// A client may send its ClientHello without waiting for our 200; keep what was buffered.
	client := &bufferedConn{Conn: conn, r: buf.Reader}
	p.tunnels.hand(tls.Server(client, p.tlsConfig(host)))
}

// tlsConfig presents a certificate for the SNI name, or for the CONNECT host when the client
// sends none (as for IP addresses). HTTP/2 is not offered: HTTP/1.1 is all the fake needs.
func (p *Proxy) tlsConfig(connectHost string) *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		NextProtos: []string{"http/1.1"},
		GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
			if hello.ServerName != "" {
				return p.ca.leaf(hello.ServerName)
			}
			return p.ca.leaf(connectHost)
		},
	}
}

type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *bufferedConn) Read(b []byte) (int, error) { return c.r.Read(b) }

func (p *Proxy) saw(host string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !slices.Contains(p.hosts, host) {
		p.hosts = append(p.hosts, host)
	}
}

// Hosts returns the hosts clients asked the proxy for, without ports, in first-seen order.
func (p *Proxy) Hosts() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.hosts)
}

// URL is the proxy's address, e.g. http://127.0.0.1:40123, for HTTPS_PROXY.
func (p *Proxy) URL() string { return p.url.String() }

// CAFile is the path of the PEM file holding the CA certificate, for SSL_CERT_FILE.
func (p *Proxy) CAFile() string { return p.caFile }

// CertPool returns a pool holding just the proxy's CA, for in-process clients.
func (p *Proxy) CertPool() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(p.ca.cert)
	return pool
}

// Client returns an HTTP client that goes through the proxy and trusts its CA.
func (p *Proxy) Client() *http.Client {
	return &http.Client{Transport: &http.Transport{
		Proxy:           http.ProxyURL(p.url),
		TLSClientConfig: &tls.Config{RootCAs: p.CertPool()},
	}}
}

// Env returns the environment entries that send a client process through the proxy: Go and
// Python clients read different spellings, and NO_PROXY is cleared so nothing bypasses it.
func (p *Proxy) Env() []string {
	return []string{
		"HTTPS_PROXY=" + p.URL(), "https_proxy=" + p.URL(),
		"HTTP_PROXY=" + p.URL(), "http_proxy=" + p.URL(),
		"NO_PROXY=", "no_proxy=",
		"SSL_CERT_FILE=" + p.caFile, "AWS_CA_BUNDLE=" + p.caFile,
	}
}

// Close stops the proxy: it closes every connection, waits for all of its goroutines (and the
// handler calls they were making) to return, and removes the CA file.
func (p *Proxy) Close() error {
	p.tunnels.Close()
	err := errors.Join(p.outer.Close(), p.inner.Close())
	p.conns.closeAll()
	p.conns.running.Wait()
	if rmErr := os.Remove(p.caFile); rmErr != nil && !errors.Is(rmErr, os.ErrNotExist) {
		err = errors.Join(err, rmErr)
	}
	if err != nil {
		return fmt.Errorf("fakeaws proxy: close: %w", err)
	}
	return nil
}
