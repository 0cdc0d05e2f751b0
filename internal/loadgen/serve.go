package loadgen

import (
	"context"
	"net"
	"net/http"
	"time"
)

// ServeUntil serves srv on ln until ctx ends (then shuts it down, 2 s grace) or serving fails.
// The bare server (cmd/bareserver) uses it.
func ServeUntil(ctx context.Context, srv *http.Server, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}
