#!/usr/bin/env bash
# soak.sh - the metadata servers under real SDKs for several refresh cycles (issue 13, "servers
# that run all day"). Not part of `make test`: it takes minutes, like a benchmark.
#
# It starts the STS fake (internal/fakeaws/cmd/fakests) issuing short sessions, then
# `vaultbar serve soak --ecs` and `vaultbar serve soak --ec2=127.0.0.1:0` as two processes, and
# points at each of them, for SOAK_DURATION, three clients calling sts:GetCallerIdentity on the
# fake every SOAK_INTERVAL:
#   - boto3 (Debian's python3-boto3, one long-running process per server),
#   - the AWS SDK for JavaScript v3 (@aws-sdk/client-sts from npm, installed into a temp dir;
#     one long-running node process per server),
#   - the AWS CLI (/usr/bin/aws, a new process per call).
# A prober asks the EC2 server for credentials every second, as an IMDSv2 client, and records
# how long each one it was handed had left.
#
# It passes when every client made its calls with 0 errors and 0 ExpiredToken, every client
# saw at least three sessions (refresh cycles), and every credential the EC2 server handed out
# had at least min(20 minutes, half the session's life) left: the server's IMDS rule
# (server.IMDSMinRemaining, scaled for sessions too short for it). With the default 3-minute
# sessions that is 90 s. botocore's own clock constants are wall-time (a refresh 15/10 minutes
# before expiry, and IMDS credentials with less than 10 + 2..10 minutes left "extended"), so
# the boto3 clients scale them by the same factor as the sessions (SOAK_LIFETIME / 1 hour),
# and count the extensions botocore logs (want 0). The JS SDK and the CLI run unmodified.
#
#   scripts/soak.sh                        3-minute sessions for 10 minutes
#   SOAK_LIFETIME=3m SOAK_DURATION=10m SOAK_INTERVAL=2
#
# Needs: go, python3-boto3 (installed with apt-get when run as root), node and npm, network
# access to the npm registry, /usr/bin/aws. Prints a table; exit status 1 on any failure.
set -euo pipefail

cd "$(dirname "$0")/.."
lifetime=${SOAK_LIFETIME:-3m}
duration=${SOAK_DURATION:-10m}
interval=${SOAK_INTERVAL:-2}

seconds() { # 90s, 3m, 1h, or plain seconds
  case $1 in
  *h) echo $((${1%h} * 3600)) ;; *m) echo $((${1%m} * 60)) ;; *s) echo "${1%s}" ;; *) echo "$1" ;;
  esac
}
life_s=$(seconds "$lifetime")
dur_s=$(seconds "$duration")
[ "$life_s" -ge 60 ] || { echo "soak.sh: SOAK_LIFETIME must be at least 1m" >&2; exit 2; }
min_left=$((life_s / 2 < 1200 ? life_s / 2 : 1200)) # the IMDS rule, scaled

GOPATH=$(go env GOPATH) GOMODCACHE=$(go env GOMODCACHE) GOCACHE=$(go env GOCACHE)
export GOPATH GOMODCACHE GOCACHE
tmp=$(mktemp -d)
chmod 0755 "$tmp"
pids=()
stop_all() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap 'stop_all; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
say() { printf '\n=== soak: %s\n' "$*"; }
fail() {
  echo "soak.sh: $*" >&2
  exit 1
}

say "dependencies"
if ! /usr/bin/python3 -c 'import boto3' 2>/dev/null; then
  [ "$(id -u)" = 0 ] || fail "python3-boto3 is missing; as root run: apt-get install python3-boto3"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-boto3 >/dev/null
fi
[ -x /usr/bin/aws ] || fail "/usr/bin/aws is missing; as root run: apt-get install awscli"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then fail "node and npm are needed for the AWS SDK for JavaScript v3"; fi
mkdir -p "$tmp/js"
(cd "$tmp/js" && npm install --no-audit --no-fund --silent @aws-sdk/client-sts@3 >/dev/null)
echo "boto3:   $(/usr/bin/python3 -c 'import boto3, botocore; print(boto3.__version__, "botocore", botocore.__version__)')"
echo "js sdk:  @aws-sdk/client-sts $(node -p "require('$tmp/js/node_modules/@aws-sdk/client-sts/package.json').version"), node $(node --version)"
echo "aws cli: $(/usr/bin/aws --version 2>&1)"
echo "machine: $(nproc) cores, $(uname -sm), $(go version | cut -d' ' -f3)"
echo "run:     sessions of ${life_s}s, ${dur_s}s of calls every ${interval}s; EC2 rule: at least ${min_left}s left"

say "build"
go build -trimpath -o "$tmp/bin/" ./cmd/vaultbar ./internal/fakeaws/cmd/fakests
vaultbar=$tmp/bin/vaultbar

akid=AKIASOAK000000000001
secret=soaksecretfakesecret0000000000000000000
"$tmp/bin/fakests" -addr-file "$tmp/addrs" -user "$akid:$secret:soak" -session-lifetime "${life_s}s" &
pids+=("$!")
for _ in $(seq 100); do [ -s "$tmp/addrs" ] && break; sleep 0.1; done
[ -s "$tmp/addrs" ] || fail "fakests did not start"
sts_url=$(sed -n 's/^STS_URL=//p' "$tmp/addrs")
control_url=$(sed -n 's/^CONTROL_URL=//p' "$tmp/addrs")

mkdir -p "$tmp/home"
export HOME=$tmp/home AWS_CONFIG_FILE=$tmp/home/config AWS_SHARED_CREDENTIALS_FILE=$tmp/home/credentials \
  AWS_VAULT_BACKEND=file AWS_VAULT_FILE_DIR=$tmp/home/keys AWS_VAULT_FILE_PASSPHRASE=soak \
  DBUS_SESSION_BUS_ADDRESS=disabled: AWS_ENDPOINT_URL_STS=$sts_url AWS_REGION=us-east-1 \
  AWS_DEFAULT_REGION=us-east-1 AWS_MIN_TTL=$((life_s / 2))s
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_VAULT AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN \
  AWS_SECURITY_TOKEN AWS_CONTAINER_CREDENTIALS_FULL_URI AWS_CONTAINER_AUTHORIZATION_TOKEN \
  AWS_EC2_METADATA_SERVICE_ENDPOINT HTTP_PROXY HTTPS_PROXY http_proxy https_proxy ALL_PROXY all_proxy
printf '[profile soak]\nregion = us-east-1\n' >"$AWS_CONFIG_FILE"
AWS_ACCESS_KEY_ID=$akid AWS_SECRET_ACCESS_KEY=$secret "$vaultbar" add --env soak >/dev/null

say "servers"
"$vaultbar" serve soak --ecs >"$tmp/ecs.env" 2>"$tmp/ecs.err" &
pids+=("$!")
"$vaultbar" serve soak --ec2=127.0.0.1:0 >"$tmp/ec2.env" 2>"$tmp/ec2.err" &
pids+=("$!")
for _ in $(seq 100); do
  grep -q AWS_CONTAINER_AUTHORIZATION_TOKEN "$tmp/ecs.env" && grep -q AWS_EC2_METADATA_SERVICE_ENDPOINT "$tmp/ec2.env" && break
  sleep 0.1
done
value() { sed -nE "s/^export $2=//p" "$1" | tr -d "'\""; }
ecs_uri=$(value "$tmp/ecs.env" AWS_CONTAINER_CREDENTIALS_FULL_URI)
ecs_token=$(value "$tmp/ecs.env" AWS_CONTAINER_AUTHORIZATION_TOKEN)
ec2_endpoint=$(value "$tmp/ec2.env" AWS_EC2_METADATA_SERVICE_ENDPOINT)
if [ -z "$ecs_uri" ] || [ -z "$ec2_endpoint" ]; then fail "the servers did not start: $(cat "$tmp/ecs.err" "$tmp/ec2.err")"; fi
echo "ecs: $ecs_uri   ec2: $ec2_endpoint"

# Each client prints one line at the end: CLIENT SERVER calls errors expired sessions extensions.
cat >"$tmp/boto3_client.py" <<'EOF'
import logging, os, random, sys, time
import boto3, botocore.credentials as bc, botocore.utils as bu
from datetime import datetime, timedelta

k = float(os.environ["SOAK_SCALE"])  # session life / 1 hour: botocore's wall-time windows scale by it
bc.RefreshableCredentials._advisory_refresh_timeout = 15 * 60 * k
bc.RefreshableCredentials._mandatory_refresh_timeout = 10 * 60 * k

def evaluate_expiration(self, credentials):  # botocore's, with its 10 + 2..10 minutes scaled
    expiration = credentials.get("expiry_time")
    if expiration is None:
        return
    expiration = datetime.strptime(expiration, "%Y-%m-%dT%H:%M:%SZ")
    offset = timedelta(seconds=(600 + random.randint(120, 600)) * k)
    now = datetime.utcnow()
    if now >= expiration - offset:
        credentials["expiry_time"] = (now + offset).strftime("%Y-%m-%dT%H:%M:%SZ")
        logging.getLogger("soak").warning("botocore extended credentials expiring at %s", expiration)
        extensions.append(expiration)
bu.InstanceMetadataFetcher._evaluate_expiration = evaluate_expiration

extensions = []
logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
server, duration, interval = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
sts = boto3.session.Session().client("sts", endpoint_url=os.environ["AWS_ENDPOINT_URL_STS"])
calls = errors = expired = 0
keys = set()
end = time.time() + duration
while time.time() < end:
    calls += 1
    try:
        sts.get_caller_identity()
        keys.add(sts._request_signer._credentials.get_frozen_credentials().access_key)
    except Exception as e:  # every failure counts, and is said
        errors += 1
        expired += "ExpiredToken" in str(e)
        print(f"boto3 {server}: {e}", file=sys.stderr)
    time.sleep(interval)
print(f"boto3 {server} {calls} {errors} {expired} {len(keys)} {len(extensions)}")
EOF

cat >"$tmp/js/client.mjs" <<'EOF'
import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
const [server, duration, interval] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const sts = new STSClient({ endpoint: process.env.AWS_ENDPOINT_URL_STS });
let calls = 0, errors = 0, expired = 0;
const keys = new Set();
const end = Date.now() + duration * 1000;
while (Date.now() < end) {
  calls++;
  try {
    await sts.send(new GetCallerIdentityCommand({}));
    keys.add((await sts.config.credentials()).accessKeyId);
  } catch (e) {
    errors++;
    if (String(e.name).includes("ExpiredToken") || String(e).includes("ExpiredToken")) expired++;
    console.error(`js ${server}: ${e}`);
  }
  await new Promise((r) => setTimeout(r, interval * 1000));
}
console.log(`js ${server} ${calls} ${errors} ${expired} ${keys.size} 0`);
EOF

cat >"$tmp/cli_client.sh" <<'EOF'
#!/usr/bin/env bash
# The AWS CLI: a new process per call. Its keys are read back from the server it used.
server=$1 end=$((SECONDS + $2)) interval=$3
calls=0 errors=0 expired=0
while [ "$SECONDS" -lt "$end" ]; do
  calls=$((calls + 1))
  if ! out=$(/usr/bin/aws sts get-caller-identity --endpoint-url "$AWS_ENDPOINT_URL_STS" --output text 2>&1); then
    errors=$((errors + 1))
    case $out in *ExpiredToken*) expired=$((expired + 1)) ;; esac
    echo "cli $server: $out" >&2
  fi
  sleep "$interval"
done
echo "cli $server $calls $errors $expired - 0"
EOF
chmod +x "$tmp/cli_client.sh"

# The EC2 prober: an IMDSv2 client asking every second; one line per answer: key seconds-left.
cat >"$tmp/probe.py" <<'EOF'
import json, sys, time, urllib.request
from datetime import datetime, timezone
base, end = sys.argv[1], time.time() + float(sys.argv[2])
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
def get(path, token):
    req = urllib.request.Request(base + path, headers={"X-aws-ec2-metadata-token": token})
    return opener.open(req, timeout=10).read().decode()
while time.time() < end:
    asked = datetime.now(timezone.utc)  # left is counted from before the request: never flattering
    put = urllib.request.Request(base + "latest/api/token", method="PUT",
                                 headers={"X-aws-ec2-metadata-token-ttl-seconds": "60"})
    token = opener.open(put, timeout=10).read().decode()
    role = get("latest/meta-data/iam/security-credentials/", token).strip()
    doc = json.loads(get("latest/meta-data/iam/security-credentials/" + role, token))
    exp = datetime.strptime(doc["Expiration"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    print(doc["AccessKeyId"], int((exp - asked).total_seconds()), flush=True)
    time.sleep(1)
EOF

say "clients (${dur_s}s)"
scale=$(awk "BEGIN { print $life_s / 3600 }")
ecs_env=(env AWS_CONTAINER_CREDENTIALS_FULL_URI="$ecs_uri" AWS_CONTAINER_AUTHORIZATION_TOKEN="$ecs_token")
ec2_env=(env AWS_EC2_METADATA_SERVICE_ENDPOINT="$ec2_endpoint")
clients=()
for server in ecs ec2; do
  if [ "$server" = ecs ]; then run=("${ecs_env[@]}"); else run=("${ec2_env[@]}"); fi
  "${run[@]}" SOAK_SCALE="$scale" /usr/bin/python3 "$tmp/boto3_client.py" "$server" "$dur_s" "$interval" \
    >"$tmp/boto3.$server.out" 2>"$tmp/boto3.$server.err" &
  clients+=("$!")
  (cd "$tmp/js" && exec "${run[@]}" node client.mjs "$server" "$dur_s" "$interval") \
    >"$tmp/js.$server.out" 2>"$tmp/js.$server.err" &
  clients+=("$!")
  "${run[@]}" "$tmp/cli_client.sh" "$server" "$dur_s" "$interval" >"$tmp/cli.$server.out" 2>"$tmp/cli.$server.err" &
  clients+=("$!")
done
/usr/bin/python3 "$tmp/probe.py" "$ec2_endpoint" "$dur_s" >"$tmp/probe.out" 2>"$tmp/probe.err" &
clients+=("$!")
for pid in "${clients[@]}"; do wait "$pid" || true; done

say "results"
failed=0
printf '%-6s %-4s %6s %7s %13s %9s %11s\n' client srv calls errors ExpiredToken sessions extensions
for f in "$tmp"/boto3.*.out "$tmp"/js.*.out "$tmp"/cli.*.out; do
  read -r client server calls errors expired sessions extensions <"$f" || { echo "$f: no summary: $(tail -3 "${f%.out}.err")"; failed=1; continue; }
  printf '%-6s %-4s %6s %7s %13s %9s %11s\n' "$client" "$server" "$calls" "$errors" "$expired" "$sessions" "$extensions"
  if [ "$errors" != 0 ] || [ "$expired" != 0 ] || [ "$extensions" != 0 ] || [ "$calls" -lt 3 ]; then failed=1; fi
  if [ "$sessions" != - ] && [ "$sessions" -lt 3 ]; then failed=1; fi
  grep "^$client $server: " "${f%.out}.err" | sed 's/^/    /' | tail -5 || true # its failures, not node's notices
done
probes=$(wc -l <"$tmp/probe.out")
least=$(awk 'NR == 1 || $2 < m { m = $2 } END { print m + 0 }' "$tmp/probe.out")
served=$(awk '{ print $1 }' "$tmp/probe.out" | sort -u | wc -l)
echo "ec2 prober: $probes credentials handed out, $served sessions, least left ${least}s (rule: at least ${min_left}s)"
[ "$probes" -gt 0 ] && [ "$least" -ge "$min_left" ] && [ "$served" -ge 3 ] || failed=1
sts_calls=$(curl -fsS "$control_url/calls" | awk '{ n[$2] += $4 } END { for (a in n) printf "%s %d, ", a, n[a] }')
echo "fake sts calls: ${sts_calls%, }"
for s in ecs ec2; do [ -s "$tmp/$s.err" ] && { echo "serve --$s stderr:"; sed 's/^/    /' "$tmp/$s.err"; }; done
if [ "$failed" = 0 ]; then echo "PASS"; else echo "FAIL"; exit 1; fi
