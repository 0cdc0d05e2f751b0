package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vaultbar/vaultbar/login"
	"github.com/vaultbar/vaultbar/server"
	"github.com/vaultbar/vaultbar/vault"
)

// ShutdownGrace bounds how long open requests may finish when a server stops.
const ShutdownGrace = 5 * time.Second

// Server kinds.
const (
	ECS = "ecs"
	EC2 = "ec2"
)

// ServerSpec says which credential servers to start for a profile.
type ServerSpec struct {
	ECS        bool   // an ECS container-credentials server
	ECSAddr    string // its loopback address; "" picks a free port
	EC2Addr    string // an EC2 metadata server on this loopback address; "" for none
	IMDSv2Only bool   // the EC2 server refuses IMDSv1
	// Lazy leaves the first fetch to the first request (aws-vault's exec --lazy): a command
	// that never calls AWS never prompts; one that does meets the prompt at its first call.
	// Otherwise the credentials are fetched before the servers start, and a failure shows then.
	Lazy bool
	// OnRefreshError is told when refreshing the credentials starts failing (again after a
	// success). Nil: a line on Effects.Stderr.
	OnRefreshError func(error)
}

// Servers are running credential servers of one profile and the variables that reach them.
type Servers struct {
	Profile *vault.Profile
	List    []*server.Server
	Vars    []EnvVar
	src     *server.Source
}

// StartServers primes a credentials source for r's profile (any MFA prompt happens now, not
// inside a client's request) and starts the servers of spec over it.
func (a *App) StartServers(ctx context.Context, r Request, spec ServerSpec) (*Servers, error) {
	p, err := a.Profile(r.Profile, r.Overrides)
	if err != nil {
		return nil, err
	}
	laterP, later, err := a.afterOneTimeCode(p, r)
	if err != nil {
		return nil, err
	}
	onError := spec.OnRefreshError
	if onError == nil { // the command line: one line on stderr per run of failures
		onError = func(err error) {
			fmt.Fprintf(a.fx.Stderr, "vaultbar: cannot refresh the credentials of %s: %s; clients get the current ones until they expire, retrying every 30 s\n",
				p.Name, UserText(err))
		}
	}
	opts := server.SourceOptions{RefreshBefore: vault.MinTTLFromEnv(a.env), Now: a.fx.Now, OnError: onError}
	if spec.EC2Addr != "" { // IMDS clients get sessions with IMDSMinRemaining left, also from the cache
		opts.RefreshBefore = max(opts.RefreshBefore, server.IMDSRefreshBefore)
		opts.MinRemaining, opts.ScaleForShortSessions = server.IMDSMinRemaining, true
		r.MinTTL, later.MinTTL = opts.RefreshBefore, opts.RefreshBefore
	}
	var primed atomic.Bool
	src := server.NewSource(func(ctx context.Context) (aws.Credentials, error) {
		if primed.Swap(true) {
			return a.credentialsOf(ctx, laterP, later)
		}
		return a.credentialsOf(ctx, p, r)
	}, opts)
	if !spec.Lazy {
		if err := src.Prime(ctx); err != nil {
			src.Close()
			return nil, err
		}
	}
	s := &Servers{Profile: p, src: src}
	roles := func(ctx context.Context, arn string) (aws.Credentials, error) {
		return a.assumeRoleOf(ctx, laterP, later, arn)
	}
	if err := s.start(roles, spec); err != nil {
		s.Stop(ctx)
		return nil, err
	}
	return s, nil
}

// afterOneTimeCode is r and its profile without --mfa-token, for every fetch after the first:
// the code is one-time (STS rejects it once used, and it is stale within a minute), so a
// later refresh that needs MFA asks (terminal, the app's dialog) or runs mfa_process.
func (a *App) afterOneTimeCode(p *vault.Profile, r Request) (*vault.Profile, Request, error) {
	if r.Overrides.MFAToken == "" {
		return p, r, nil
	}
	r.Overrides.MFAToken = ""
	later, err := a.Profile(r.Profile, r.Overrides)
	return later, r, err
}

func (s *Servers) start(roles func(context.Context, string) (aws.Credentials, error), spec ServerSpec) error {
	if spec.ECS {
		ln, err := server.Listen(spec.ECSAddr)
		if err != nil {
			return err
		}
		h, err := server.NewECS(s.src, server.ECSOptions{Roles: roles})
		if err != nil {
			ln.Close()
			return err
		}
		srv := server.Serve(ln, h)
		s.List = append(s.List, srv)
		s.Vars = append(s.Vars, EnvVar{"AWS_CONTAINER_CREDENTIALS_FULL_URI", srv.URL()}, EnvVar{"AWS_CONTAINER_AUTHORIZATION_TOKEN", h.Token()})
	}
	if spec.EC2Addr != "" {
		ln, err := server.Listen(spec.EC2Addr)
		if err != nil {
			return err
		}
		// IMDS has no token: only the port stands between another local user and the
		// credentials, so each connection's owner must be this user.
		h := server.NewEC2(s.src, server.EC2Options{IMDSv2Only: spec.IMDSv2Only, Region: s.Profile.Region})
		srv := server.ServeWith(ln, h, server.Options{Peer: login.SameUser})
		s.List = append(s.List, srv)
		s.Vars = append(s.Vars, EnvVar{"AWS_EC2_METADATA_SERVICE_ENDPOINT", srv.URL() + "/"})
	}
	return nil
}

// Wait serves until ctx ends (nil) or a server fails.
func (s *Servers) Wait(ctx context.Context) error {
	failed := make(chan error, len(s.List))
	for _, srv := range s.List {
		go func() {
			if err, ok := <-srv.Err(); ok && err != nil {
				failed <- err
			}
		}()
	}
	select {
	case <-ctx.Done():
		return nil
	case err := <-failed:
		return fmt.Errorf("credential server stopped: %w", err)
	}
}

// Stop shuts the servers down, giving open requests ShutdownGrace to finish.
func (s *Servers) Stop(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ShutdownGrace)
	defer cancel()
	var errs []error
	for _, srv := range s.List {
		errs = append(errs, srv.Shutdown(ctx))
	}
	s.src.Close()
	return errors.Join(errs...)
}

// runningServer is a metadata server the menu started.
type runningServer struct {
	*Servers
	kind string
}

// StartServer starts the menu's metadata server of kind (ECS or EC2) for a profile, copies
// the lines that reach it, and returns its kind and address. One notification tells when its
// refreshes start failing (they are retried every 30 s).
func (a *App) StartServer(ctx context.Context, profile, kind string) (kindStarted, addr string, err error) {
	if a.fx.CopySecret == nil {
		return "", "", ErrUnavailable
	}
	kind = cmp.Or(kind, ECS)
	spec := ServerSpec{ECS: kind == ECS}
	if kind == EC2 {
		spec.EC2Addr = "127.0.0.1:0"
	}
	var told sync.Once
	spec.OnRefreshError = func(err error) {
		told.Do(func() {
			doing := "refresh the credentials of the metadata server for " + profile
			a.logFailure(doing, err)
			a.fx.Notify("The metadata server for "+profile+" can no longer refresh its credentials", Explain(doing, err).Body())
		})
	}
	s, err := a.StartServers(ctx, Request{Profile: profile}, spec)
	if err != nil {
		return "", "", err
	}
	// Copied before it is registered: a server whose lines never reached the user is stopped,
	// so the menu, which is told of the failure, shows no server that runs after all.
	if err := a.fx.CopySecret(ExportLines(s.Vars)); err != nil {
		return "", "", errors.Join(err, s.Stop(ctx))
	}
	a.mu.Lock()
	old := a.servers[profile]
	a.servers[profile] = &runningServer{Servers: s, kind: kind}
	a.mu.Unlock()
	if old != nil {
		_ = old.Stop(ctx) // replaced: the menu shows one server per profile
	}
	return kind, strings.TrimPrefix(s.List[0].URL(), "http://"), nil
}

// StopServer stops the menu's metadata server of a profile; none running is no error.
func (a *App) StopServer(ctx context.Context, profile string) error {
	a.mu.Lock()
	run := a.servers[profile]
	delete(a.servers, profile)
	a.mu.Unlock()
	if run == nil {
		return nil
	}
	return run.Stop(ctx)
}

// CopyServerEnv copies the lines that reach a profile's running metadata server.
func (a *App) CopyServerEnv(_ context.Context, profile string) error {
	a.mu.Lock()
	run := a.servers[profile]
	a.mu.Unlock()
	if run == nil {
		return vault.WithHint(errors.New("no metadata server runs for this profile"), "start one with Start metadata server")
	}
	if a.fx.CopySecret == nil {
		return ErrUnavailable
	}
	return a.fx.CopySecret(ExportLines(run.Vars))
}

// serving reports whether the menu runs a metadata server for a profile.
func (a *App) serving(profile string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.servers[profile] != nil
}
