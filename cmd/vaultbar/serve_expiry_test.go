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

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/server"
	"github.com/vaultbar/vaultbar/vault"
)

// 1,000 requests arriving just after the served session expired cause exactly one STS call,
// and none of them gets an expired credential: the server's refresh and the vault's share one
// flight, on one clock with the fake STS.
func TestServerAtExpiryMakesOneSTSCall(t *testing.T) {
	t.Parallel()
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
	v := vault.New(store, vault.Options{Env: vault.Env{"AWS_ENDPOINT_URL_STS": fake.URL}, Now: clock.Now})
	src := server.NewSource(func(ctx context.Context) (aws.Credentials, error) {
		return v.Credentials(ctx, p, vault.CredentialOptions{})
	}, server.SourceOptions{Now: clock.Now})
	must(t, src.Prime(context.Background()))
	srv, vars, err := startECS(src, "")
	must(t, err)
	t.Cleanup(func() { stopServers([]*server.Server{srv}) })

	clock.Advance(time.Hour + time.Second) // the primed one-hour session has just expired
	fake.STS.Reset()
	const n = 1000
	keys, exps, errs := make([]string, n), make([]time.Time, n), make([]error, n)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 100}}
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			keys[i], exps[i], errs[i] = fetchECS(client, vars[0].value, vars[1].value)
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
