package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/99designs/keyring"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/ec2rolecreds"
	"github.com/aws/aws-sdk-go-v2/credentials/endpointcreds"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/vaultbar/vaultbar/internal/e2e"
)

// startServe runs `vaultbar serve` and returns the variables it exported.
func startServe(t *testing.T, w *world, args ...string) map[string]string {
	t.Helper()
	cmd := exec.Command(w.vaultbar, append([]string{"serve"}, args...)...)
	cmd.Env = append(append([]string{}, w.env...), "AWS_ENDPOINT_URL_STS="+w.fake.URL)
	out, err := cmd.StdoutPipe()
	must(t, err)
	cmd.Stderr = os.Stderr
	must(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		if err := cmd.Wait(); err != nil {
			t.Errorf("vaultbar serve did not stop cleanly on SIGTERM: %v", err)
		}
	})
	want := 2
	if strings.Contains(strings.Join(args, " "), "--ec2") {
		want++
	}
	vars := map[string]string{}
	sc := bufio.NewScanner(out)
	for len(vars) < want && sc.Scan() {
		if k, v, ok := strings.Cut(strings.TrimPrefix(sc.Text(), "export "), "="); ok {
			vars[k] = v
		}
	}
	if len(vars) < want {
		t.Fatalf("vaultbar serve printed %v, want %d export lines", vars, want)
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	return vars
}

// awsCLI runs Debian's AWS CLI v2 with nothing but the given credential source.
func awsCLI(t *testing.T, w *world, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(e2e.Tool(t, "/usr/bin/aws"), args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + w.dir, "AWS_CONFIG_FILE=/dev/null",
		"AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER=", "AWS_DEFAULT_REGION=eu-west-1"}, env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("aws %v: %v: %s", args, err, out)
	}
	return string(out)
}

// Debian's AWS CLI v2 and aws-sdk-go-v2 take credentials from both servers and sign STS
// calls with exactly the key Vaultbar serves.
func TestE2EServeToAWSCLIAndSDK(t *testing.T) {
	w := newWorld(t, keyring.FileBackend)
	w.writeConfig("[profile bob]\nregion = eu-west-1\n")
	w.fake.STS.AddUser(bobKeyID, bobSecret, "bob")
	mustRun(t)(w.runTool(w.vaultbar, withKeys(bobKeyID, bobSecret), "add", "--env", "bob"))
	vars := startServe(t, w, "bob", "--ecs", "--ec2=127.0.0.1:0")
	served := processKeyID(t, w.vb("env", "bob", "--format=json")) // the cached session
	signedWith := func(what string) {
		t.Helper()
		calls := w.fake.STS.CallsFor("GetCallerIdentity")
		if len(calls) == 0 || calls[len(calls)-1].AccessKeyID != served {
			t.Errorf("%s: GetCallerIdentity signed with %v, want the served %s", what, calls, served)
		}
	}
	ecs := []string{"AWS_CONTAINER_CREDENTIALS_FULL_URI=" + vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"],
		"AWS_CONTAINER_AUTHORIZATION_TOKEN=" + vars["AWS_CONTAINER_AUTHORIZATION_TOKEN"], "AWS_EC2_METADATA_DISABLED=true"}
	awsCLI(t, w, ecs, "sts", "get-caller-identity", "--endpoint-url", w.fake.URL)
	signedWith("aws cli over ecs")
	imdsEnv := []string{"AWS_EC2_METADATA_SERVICE_ENDPOINT=" + vars["AWS_EC2_METADATA_SERVICE_ENDPOINT"]}
	awsCLI(t, w, imdsEnv, "sts", "get-caller-identity", "--endpoint-url", w.fake.URL)
	signedWith("aws cli over imds")

	ctx := context.Background()
	sdk := func(what string, p aws.CredentialsProvider) {
		t.Helper()
		client := sts.NewFromConfig(aws.Config{Region: "eu-west-1", Credentials: aws.NewCredentialsCache(p)},
			func(o *sts.Options) { o.BaseEndpoint = aws.String(w.fake.URL) })
		_, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		must(t, err)
		signedWith(what)
	}
	sdk("sdk over ecs", endpointcreds.New(vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"],
		func(o *endpointcreds.Options) { o.AuthorizationToken = vars["AWS_CONTAINER_AUTHORIZATION_TOKEN"] }))
	sdk("sdk over imdsv2", ec2rolecreds.New(func(o *ec2rolecreds.Options) {
		o.Client = imds.New(imds.Options{Endpoint: vars["AWS_EC2_METADATA_SERVICE_ENDPOINT"]})
	}))
	checkIMDSv1(t, vars["AWS_EC2_METADATA_SERVICE_ENDPOINT"], served)
}

// checkIMDSv1 reads the role document with plain GETs, as IMDSv1 clients do.
func checkIMDSv1(t *testing.T, endpoint, served string) {
	t.Helper()
	base := strings.TrimSuffix(endpoint, "/") + "/latest/meta-data/iam/security-credentials/"
	role := strings.TrimSpace(httpGet(t, base))
	var doc struct{ Code, AccessKeyId, Expiration string }
	must(t, json.Unmarshal([]byte(httpGet(t, base+role)), &doc))
	exp, err := time.Parse(time.RFC3339, doc.Expiration)
	if doc.Code != "Success" || doc.AccessKeyId != served || err != nil || !exp.After(time.Now()) {
		t.Errorf("imdsv1 role %q document %+v, want the served key, unexpired", role, doc)
	}
}
