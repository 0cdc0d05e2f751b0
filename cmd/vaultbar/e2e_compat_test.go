package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/99designs/keyring"
)

const (
	bobMFA    = "arn:aws:iam::111111111111:mfa/bob"
	bobKeyID  = "AKIABOB0000000000001"
	bobSecret = "bobsecretfakesecret00000000000000000000a"
)

// Two profiles of the same shape: aws-vault looks after "av", Vaultbar after "vb".
const compatConfig = `[profile av]
region = eu-west-1
mfa_serial = ` + aliceMFA + `

[profile vb]
region = eu-west-1
mfa_serial = ` + bobMFA + `

[profile vb-admin]
source_profile = vb
role_arn = arn:aws:iam::222222222222:role/admin
mfa_serial = ` + bobMFA + `
region = eu-west-1
`

func TestE2EAWSVaultCompatFileBackend(t *testing.T) {
	testAWSVaultCompat(t, keyring.FileBackend)
}

func TestE2EAWSVaultCompatSecretService(t *testing.T) {
	testAWSVaultCompat(t, keyring.SecretServiceBackend)
}

func testAWSVaultCompat(t *testing.T, backend keyring.BackendType) {
	w := newWorld(t, backend)
	w.writeConfig(compatConfig)
	w.fake.STS.AddUser(aliceKeyID, aliceSecret, "alice")
	w.fake.STS.AddUser(bobKeyID, bobSecret, "bob")
	w.fake.STS.SetMFA(aliceMFA, goodCode)
	w.fake.STS.SetMFA(bobMFA, goodCode)

	// Keys added by aws-vault are listed and used by Vaultbar.
	mustRun(t)(w.runTool(w.awsVault, withKeys(aliceKeyID, aliceSecret), "add", "--env", "av"))
	mustRun(t)(w.runTool(w.vaultbar, withKeys(bobKeyID, bobSecret), "add", "--env", "vb"))
	if got := w.vb("list"); !regexp.MustCompile(`(?m)^av +av +- *$`).MatchString(got) {
		t.Errorf("vaultbar list does not show aws-vault's keys:\n%s", got)
	}
	if got := processKeyID(t, w.vb("env", "av", "--no-session", "--format=json")); got != aliceKeyID {
		t.Errorf("vaultbar used key %s from aws-vault's item, want %s", got, aliceKeyID)
	}

	// A session cached by aws-vault is reused by Vaultbar without an STS call...
	avSession := processKeyID(t, w.av("export", "--format=json", "--mfa-token="+goodCode, "av"))
	if calls := w.fake.STS.CallsFor("GetSessionToken"); len(calls) != 1 || !strings.HasPrefix(calls[0].Host, "sts.") {
		t.Fatalf("aws-vault made %d GetSessionToken calls through the proxy, want 1", len(calls))
	}
	if got := processKeyID(t, w.vb("env", "av", "--format=json")); got != avSession {
		t.Errorf("vaultbar env av = %s, want aws-vault's cached session %s", got, avSession)
	}
	// ...and one cached by Vaultbar is reused by aws-vault (which has no MFA code to give).
	vbSession := processKeyID(t, w.vb("env", "vb", "--format=json", "--mfa-token="+goodCode))
	if got := processKeyID(t, w.av("export", "--format=json", "vb")); got != vbSession {
		t.Errorf("aws-vault export vb = %s, want vaultbar's cached session %s", got, vbSession)
	}
	if n := len(w.fake.STS.CallsFor("GetSessionToken")); n != 2 {
		t.Errorf("GetSessionToken calls = %d, want 2 (one per tool, none for reuse)", n)
	}
	// The env format is aws-vault's byte for byte.
	if a, b := w.av("export", "--format=env", "vb"), w.vb("env", "vb", "--format=env"); a != b {
		t.Errorf("env formats differ:\naws-vault:\n%s\nvaultbar:\n%s", a, b)
	}

	// aws-vault list shows Vaultbar's items exactly as its own.
	table := w.av("list")
	if av, vb := listRow(t, table, "av"), listRow(t, table, "vb"); strings.ReplaceAll(vb, "vb", "av") != av {
		t.Errorf("aws-vault list rows differ:\n%s\n%s", av, vb)
	}
	compareItems(t, w, "av", "vb")

	// A role session Vaultbar caches through a chained MFA session leaves aws-vault working:
	// it still assumes the role itself, over Vaultbar's cached GetSessionToken session.
	w.vb("env", "vb-admin", "--format=json")
	w.fake.STS.Reset()
	w.av("export", "--format=json", "vb-admin")
	if calls := w.fake.STS.Calls(); len(calls) != 1 || calls[0].Action != "AssumeRole" {
		t.Errorf("aws-vault export vb-admin made %v, want one AssumeRole", calls)
	}
	w.fake.STS.Reset()
	w.vb("env", "vb-admin")
	if n := len(w.fake.STS.Calls()); n != 0 {
		t.Errorf("vaultbar repeated vb-admin with %d STS calls, want 0", n)
	}

	// clear and remove by Vaultbar are seen by aws-vault.
	w.vb("clear", "vb")
	w.vb("remove", "--force", "av")
	if got := w.av("list", "--credentials"); got != "vb\n" {
		t.Errorf("aws-vault list --credentials after remove = %q, want only vb", got)
	}
	if got := w.av("list", "--sessions"); strings.Contains(got, "GetSessionToken") && strings.Count(got, "\n") > 1 {
		t.Errorf("aws-vault list --sessions after clear = %q", got)
	}
}

func mustRun(t *testing.T) func(string, error) {
	return func(_ string, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
}

func processKeyID(t *testing.T, out string) string {
	t.Helper()
	var doc processDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not a credentials document: %v", err)
	}
	return doc.AccessKeyID
}

// listRow is a profile's row of `aws-vault list`, with time left rounded to the minute.
func listRow(t *testing.T, table, profile string) string {
	t.Helper()
	for _, line := range strings.Split(table, "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == profile {
			return regexp.MustCompile(`(\d+m)\d+s`).ReplaceAllString(strings.Join(f, " "), "$1")
		}
	}
	t.Fatalf("no row for %s in:\n%s", profile, table)
	return ""
}

// compareItems checks the raw keyring items each tool wrote for its profile (keys, and the
// GetSessionToken session) have the same label, description, trust flag and JSON fields.
func compareItems(t *testing.T, w *world, av, vb string) {
	t.Helper()
	keys, err := w.kr.Keys()
	if err != nil {
		t.Fatal(err)
	}
	b64 := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	session := func(p string) string { return "sts.GetSessionToken," + b64(p) + "," }
	for mine, theirs := range map[string]string{vb: av, session(vb): session(av)} {
		m, th := item(t, w, keys, mine), item(t, w, keys, theirs)
		if shape(m, vb) != shape(th, av) {
			t.Errorf("item %q differs from aws-vault's:\nvaultbar:  %s\naws-vault: %s", mine, shape(m, vb), shape(th, av))
		}
	}
}

// item is the item whose key is k, or starts with k when k ends with a comma (a session prefix).
func item(t *testing.T, w *world, keys []string, k string) keyring.Item {
	t.Helper()
	for _, key := range keys {
		if key == k || strings.HasSuffix(k, ",") && strings.HasPrefix(key, k) {
			it, err := w.kr.Get(key)
			if err != nil {
				t.Fatal(err)
			}
			return it
		}
	}
	t.Fatalf("no keyring item %q among %q", k, keys)
	return keyring.Item{}
}

// shape is an item with the profile name and expiry masked and its JSON values dropped.
func shape(it keyring.Item, profile string) string {
	label := regexp.MustCompile(`\(expires [^)]*\)`).ReplaceAllString(strings.ReplaceAll(it.Label, profile, "P"), "(expires T)")
	return strings.Join([]string{label, it.Description, boolString(it.KeychainNotTrustApplication),
		strings.Join(fieldNames(it.Data), ",")}, " | ")
}

// fieldNames lists a JSON object's top-level field names in order.
func fieldNames(data []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return []string{"not a json object"}
	}
	var names []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		names = append(names, fmt.Sprint(tok))
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			break
		}
	}
	return names
}

func boolString(b bool) string {
	if b {
		return "not-trusted"
	}
	return "trusted"
}
