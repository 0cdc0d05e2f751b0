//go:build linux

package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/99designs/keyring"

	"github.com/vaultbar/vaultbar/internal/e2e"
)

// The EC2 metadata server has no token (IMDS has none), so another local user who finds its
// port would get the credentials: it answers only connections of the user who started it.
// Here curl as nobody is refused at every step of the IMDSv2 flow, while curl as the user
// reads the role's credentials. (Before the check, nobody got them.)
func TestE2EServeEC2RefusesOtherUsers(t *testing.T) {
	e2e.Root(t)
	setpriv, curl := e2e.Tool(t, "setpriv"), e2e.Tool(t, "curl")
	w := newWorld(t, keyring.FileBackend)
	w.writeConfig("[profile bob]\nregion = eu-west-1\n")
	w.fake.STS.AddUser(bobKeyID, bobSecret, "bob")
	mustRun(t)(w.runTool(w.vaultbar, withKeys(bobKeyID, bobSecret), "add", "--env", "bob"))
	base := strings.TrimSuffix(startServe(t, w, "bob", "--ecs", "--ec2=127.0.0.1:0")["AWS_EC2_METADATA_SERVICE_ENDPOINT"], "/")
	// The IMDSv2 flow as the SDKs make it: a token, the role's name, its credentials.
	script := `t=$(curl -sS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' -w ' %{http_code}' "$1/latest/api/token")
echo "token: $t"
r=$(curl -sS -w ' %{http_code}' "$1/latest/meta-data/iam/security-credentials/")
echo "role: $r"
c=$(curl -sS -w ' %{http_code}' "$1/latest/meta-data/iam/security-credentials/vaultbar")
echo "creds: $c"`
	run := func(asNobody bool) string {
		t.Helper()
		args := []string{"sh", "-c", script, "sh", base}
		if asNobody {
			args = append([]string{setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"}, args...)
		}
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Env = []string{"PATH=/usr/bin:/bin", "CURL=" + curl}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	other := run(true)
	for _, step := range []string{"token", "role", "creds"} {
		if !strings.Contains(other, step+`: {"Code":"Forbidden"`) || !strings.Contains(other, " 403\n") {
			t.Errorf("as nobody, %s was not refused:\n%s", step, other)
		}
	}
	if strings.Contains(other, "ASIA") || strings.Contains(other, "SecretAccessKey") {
		t.Fatalf("nobody got credentials:\n%s", other)
	}
	own := run(false)
	if !strings.Contains(own, "role: vaultbar 200") || !strings.Contains(own, `"AccessKeyId":"ASIA`) {
		t.Errorf("the user's own client was not answered:\n%s", own)
	}
}
