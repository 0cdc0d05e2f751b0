package main

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/99designs/keyring"
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vaultbar/vaultbar/app"
	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/server"
	"github.com/vaultbar/vaultbar/vault"
)

// 1,000 requests arriving just after the served session expired cause exactly one STS call,
// and none of them gets an expired credential: the server's refresh and the vault's share one
// flight, on one clock with the fake STS.
func TestServerAtExpiryMakesOneSTSCall(t *testing.T) {
	t.Parallel()
	clock, fake, vars := aliceServer(t, vault.Options{}, server.SourceOptions{})

	clock.Advance(time.Hour + time.Second) // the primed one-hour session has just expired
	fake.STS.Reset()
	const n = 1000
	keys, exps, errs := make([]string, n), make([]time.Time, n), make([]error, n)
	// 100 connections carry the 1,000 requests: a listen backlog, not the server, limits more.
	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 100, MaxIdleConnsPerHost: 100}}
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			keys[i], exps[i], errs[i] = fetchECS(client, vars[0].Value, vars[1].Value)
		}()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("request %d: %v", i, errs[i])
		}
		if !exps[i].After(clock.Now()) || keys[i] != keys[0] {
			t.Fatalf("request %d got %s expiring %s (now %s); request 0 got %s", i, keys[i], exps[i], clock.Now(), keys[0])
		}
	}
	if got := len(fake.STS.CallsFor("GetSessionToken")); got != 1 {
		t.Errorf("STS calls after expiry = %d, want 1", got)
	}
	// /role-arn/ assumes another role with the profile's session, as aws-vault's server does.
	role := "arn:aws:iam::222222222222:role/deploy"
	key, exp, err := fetchECS(client, vars[0].Value+"/role-arn/"+role, vars[1].Value)
	must(t, err)
	calls := fake.STS.CallsFor("AssumeRole")
	if len(calls) != 1 || calls[0].Params.Get("RoleArn") != role || calls[0].AccessKeyID != keys[0] || key == keys[0] || !exp.After(clock.Now()) {
		t.Errorf("/role-arn/ got %s; AssumeRole calls %+v; want the role assumed with the served session", key, calls)
	}
}

func fetchECS(client *http.Client, url, token string) (string, time.Time, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return "", time.Time{}, err
	}
	req.Header.Set("Authorization", token)
	resp, err := client.Do(req)
	if err != nil {
		return "", time.Time{}, err
	}
	defer resp.Body.Close()
	var doc struct {
		AccessKeyId string
		Expiration  time.Time
	}
	err = json.NewDecoder(resp.Body).Decode(&doc)
	return doc.AccessKeyId, doc.Expiration, err
}

// aliceServer is an ECS server over alice's keys (profile alice, eu-west-1) and a vault on a
// fake clock shared with the fake STS; it stops with the test. It returns the clock, the fake,
// and the server's two export variables (URI, token).
func aliceServer(t *testing.T, vo vault.Options, so server.SourceOptions) (*fakeaws.Clock, *fakeaws.Fake, []app.EnvVar) {
	t.Helper()
	clock := fakeaws.NewClock(time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC))
	fake := fakeaws.Start(t)
	fake.STS.Now = clock.Now
	fake.STS.AddUser(aliceKeyID, aliceSecret, "alice")
	store := vault.NewStore(keyring.NewArrayKeyring(nil), clock.Now)
	must(t, store.SetCredentials("alice", aws.Credentials{AccessKeyID: aliceKeyID, SecretAccessKey: aliceSecret}))
	cfg, err := vault.ParseConfig([]byte("[profile alice]\nregion = eu-west-1\n"))
	must(t, err)
	p, err := (&vault.Resolver{File: cfg}).Profile("alice")
	must(t, err)
	vo.Env, vo.Now = vault.Env{"AWS_ENDPOINT_URL_STS": fake.URL}, clock.Now
	v := vault.New(store, vo)
	so.Now = clock.Now
	src := server.NewSource(func(ctx context.Context) (aws.Credentials, error) {
		return v.Credentials(ctx, p, vault.CredentialOptions{})
	}, so)
	must(t, src.Prime(context.Background()))
	ln, err := server.Listen("")
	must(t, err)
	h, err := server.NewECS(src, server.ECSOptions{Roles: func(ctx context.Context, arn string) (aws.Credentials, error) { return v.AssumeRoleARN(ctx, p, arn) }})
	must(t, err)
	srv := server.Serve(ln, h)
	t.Cleanup(func() { _ = srv.Shutdown(context.Background()); src.Close() })
	return clock, fake, []app.EnvVar{{Name: "AWS_CONTAINER_CREDENTIALS_FULL_URI", Value: srv.URL()}, {Name: "AWS_CONTAINER_AUTHORIZATION_TOKEN", Value: h.Token()}}
}
