// Command testserver stands in for `vaultbar serve PROFILE --ecs` while that command does
// not exist, to test scripts/bench-server.sh and the load generator; it is not Vaultbar's
// server and is never what the benchmark reports as vaultbar unless asked to
// (BENCH_SERVER_VAULTBAR, see the script).
//
//	testserver serve PROFILE --ecs
//
// It opens the keyring as Vaultbar does (AWS_VAULT_BACKEND, AWS_VAULT_FILE_DIR,
// AWS_VAULT_FILE_PASSPHRASE, ...), reads PROFILE's cached sts.GetSessionToken session (no
// MFA), listens on 127.0.0.1:0 and prints what `vaultbar serve` prints:
//
//	export AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:PORT
//	export AWS_CONTAINER_AUTHORIZATION_TOKEN=TOKEN
//
// then answers every request carrying `Authorization: TOKEN` with the credentials JSON of
// aws-vault's ECS server, 403 otherwise, until SIGINT or SIGTERM.
package main

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/vaultbar/vaultbar/internal/loadgen"
	"github.com/vaultbar/vaultbar/vault"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "testserver:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 3 || args[0] != "serve" || args[2] != "--ecs" {
		return errors.New("usage: testserver serve PROFILE --ecs")
	}
	profile := args[1]
	kr, err := vault.OpenKeyring(vault.KeyringOptionsFromEnv(vault.EnvFrom(os.Environ())))
	if err != nil {
		return err
	}
	c, err := vault.NewStore(kr, time.Now).Session(vault.SessionTypeSessionToken, profile, "")
	if err != nil {
		return err
	}
	if time.Until(*c.Expiration) < 5*time.Minute {
		return fmt.Errorf("the cached session of %q expires at %v", profile, *c.Expiration)
	}
	body, err := json.Marshal(map[string]string{
		"AccessKeyId":     *c.AccessKeyId,
		"SecretAccessKey": *c.SecretAccessKey,
		"Token":           *c.SessionToken,
		"Expiration":      c.Expiration.UTC().Format(time.RFC3339),
	})
	if err != nil {
		return err
	}
	raw := make([]byte, 30)
	rand.Read(raw)
	token := base64.RawURLEncoding.EncodeToString(raw)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte(token)) != 1 {
				w.WriteHeader(http.StatusForbidden)
				w.Write([]byte(`{"Message":"invalid Authorization token"}`))
				return
			}
			w.Write(body)
		}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	fmt.Printf("export AWS_CONTAINER_CREDENTIALS_FULL_URI=http://%s\n", ln.Addr())
	fmt.Printf("export AWS_CONTAINER_AUTHORIZATION_TOKEN=%s\n", token)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return loadgen.ServeUntil(ctx, srv, ln)
}
