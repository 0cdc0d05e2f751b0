#!/usr/bin/env bash
# bench-server.sh - the metadata-server budget of DESIGN.md: load `vaultbar serve bench --ecs`,
# `aws-vault exec --ecs-server bench` (the real v7.2.0, scripts/aws-vault.sh) and a bare
# net/http server returning a body of the same size, in the same run, with the same load
# generator (internal/loadgen/cmd/loadgen), at 64 and then 8 concurrent keep-alive clients,
# in 3 rounds (server order rotated each round; the table shows medians), so that load from
# other processes on a shared machine skews one round, not the result.
# `make bench` runs it; BENCHMARKS.md ("Metadata servers") records its output. About 2 minutes.
#
#   scripts/bench-server.sh                          everything
#   BENCH_SERVER_DURATION=5s BENCH_SERVER_WARMUP=1s BENCH_SERVER_ROUNDS=3
#                                                    window and warm-up of each load, rounds
#   BENCH_OUT=dir scripts/bench-server.sh            also keep loadgen's JSON results in dir
#   BENCH_SERVER_VAULTBAR=path scripts/bench-server.sh
#       load `path serve bench --ecs` instead of the vaultbar built here (an older build, say);
#       the table says so.
#
# Both tools serve cached credentials: genbench -server-profile writes `[profile bench]`
# (region us-east-1) and a file-backend keyring holding its keys and a cached
# sts.GetSessionToken session (no MFA, 12 h left). Nothing may reach the network: STS
# endpoints and proxies point at a closed loopback port, so an accidental STS call fails.
# Every load goes to 127.0.0.1. The load generator and the servers share the machine's
# cores (2 on the benchmark VM): req/s are for the pair, which is why the bare server is
# measured too and why the server's own CPU time per response is reported.
#
# If this vaultbar has no `serve` command yet ("unknown command"), its rows are left out and
# the budget is reported as not measured; any other failure stops the script.
set -euo pipefail

cd "$(dirname "$0")/.."
started=$SECONDS
duration=${BENCH_SERVER_DURATION:-5s}
warmup=${BENCH_SERVER_WARMUP:-1s}
rounds=${BENCH_SERVER_ROUNDS:-3}
profile=bench
cached_key=ASIABENCHSERVER00001 # the session genbench caches (internal/fixture/cmd/genbench)
closed=9                        # a loopback port nothing listens on (checked below)

# The data set becomes HOME; pin Go's caches so go keeps using the real ones.
GOPATH=$(go env GOPATH) GOMODCACHE=$(go env GOMODCACHE) GOCACHE=$(go env GOCACHE)
export GOPATH GOMODCACHE GOCACHE
tmp=$(mktemp -d)
pids=() # every process started here, stopped by PID on exit

stop_all() {
  local pid alive
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 50); do # up to 5 s, then KILL
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap 'stop_all; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
say() { printf '\n=== bench-server: %s\n' "$*"; }
fail() {
  echo "bench-server.sh: $*" >&2
  exit 1
}

command -v jq >/dev/null || fail "jq is missing; as root run: apt-get install --no-install-recommends jq"

say "build"
go build -trimpath -o "$tmp/bin/vaultbar" ./cmd/vaultbar
go build -trimpath -o "$tmp/bin/" ./internal/loadgen/cmd/loadgen ./internal/loadgen/cmd/bareserver ./internal/fixture/cmd/genbench
awsvault=$(scripts/aws-vault.sh)
vaultbar=$tmp/bin/vaultbar
vb_name="vaultbar serve"
if [ -n "${BENCH_SERVER_VAULTBAR:-}" ]; then
  vaultbar=$BENCH_SERVER_VAULTBAR
  vb_name="$(basename "$vaultbar") serve (stand-in)"
fi
loadgen=$tmp/bin/loadgen
echo "vaultbar:  $vaultbar ($(git describe --tags --always --dirty 2>/dev/null || echo dev))"
echo "aws-vault: $awsvault ($(DBUS_SESSION_BUS_ADDRESS=disabled: "$awsvault" --version 2>&1))"
echo "machine:   $(nproc) cores, $(uname -sm), $(go version | cut -d' ' -f3), load average$(uptime | sed 's/.*load average//')"
echo "load:      $rounds rounds of $duration measured after $warmup warm-up, per server and concurrency"

say "data"
"$tmp/bin/genbench" -dir "$tmp/home" -server-profile "$profile" -passphrase bench
export HOME=$tmp/home AWS_CONFIG_FILE=$tmp/home/config AWS_VAULT_BACKEND=file \
  AWS_VAULT_FILE_DIR=$tmp/home/keys AWS_VAULT_FILE_PASSPHRASE=bench DBUS_SESSION_BUS_ADDRESS=disabled:
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_VAULT AWS_REGION AWS_DEFAULT_REGION AWS_ACCESS_KEY_ID \
  AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_CONTAINER_CREDENTIALS_FULL_URI \
  AWS_CONTAINER_AUTHORIZATION_TOKEN AWS_EC2_METADATA_SERVICE_ENDPOINT NO_PROXY no_proxy \
  AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
# No network: an STS call (or any other) would go to a closed port and fail loudly.
if (exec 3<>"/dev/tcp/127.0.0.1/$closed") 2>/dev/null; then fail "something listens on 127.0.0.1:$closed"; fi
nowhere=http://127.0.0.1:$closed
export AWS_ENDPOINT_URL_STS=$nowhere AWS_ENDPOINT_URL=$nowhere AWS_STS_REGIONAL_ENDPOINTS=regional \
  HTTPS_PROXY=$nowhere https_proxy=$nowhere HTTP_PROXY=$nowhere http_proxy=$nowhere
echo "$(grep -c '^\[profile ' "$AWS_CONFIG_FILE") profile, keyring: $(cd "$AWS_VAULT_FILE_DIR" && ls | tr '\n' ' ')"

# wait_for FILE REGEX PID NAME: wait (up to 20 s) until FILE has a line matching REGEX;
# returns 1 if process PID exits first.
wait_for() {
  for _ in $(seq 200); do
    grep -Eq "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { grep -Eq "$2" "$1" 2>/dev/null && return 0; return 1; }
    sleep 0.1
  done
  fail "$4 printed nothing matching '$2' in 20 s"
}
# value FILE NAME: the value of NAME=... or `export NAME=...` in FILE, quotes removed.
value() { sed -nE "s/^(export )?$2=//p" "$1" | head -n 1 | tr -d "'\""; }

declare -A url token pid
say "start the servers"
# aws-vault: the child prints what it got, then sleeps until stopped (aws-vault forwards
# SIGTERM to it; its PID is stopped too, in case).
"$awsvault" exec --ecs-server "$profile" -- sh -c \
  'echo "child=$$"; echo "url=$AWS_CONTAINER_CREDENTIALS_FULL_URI"; echo "token=$AWS_CONTAINER_AUTHORIZATION_TOKEN"; exec sleep 600' \
  >"$tmp/aws-vault.out" 2>"$tmp/aws-vault.err" &
pid[aws-vault]=$!
pids+=("$!")
wait_for "$tmp/aws-vault.out" '^token=' "${pid[aws-vault]}" "aws-vault exec --ecs-server" ||
  { cat "$tmp/aws-vault.err" >&2; fail "aws-vault exec --ecs-server exited"; }
pids+=("$(value "$tmp/aws-vault.out" child)")
url[aws-vault]=$(value "$tmp/aws-vault.out" url)
token[aws-vault]=$(value "$tmp/aws-vault.out" token)
echo "aws-vault exec --ecs-server $profile: ${url[aws-vault]} (pid ${pid[aws-vault]})"

servers=(aws-vault)
"$vaultbar" serve "$profile" --ecs >"$tmp/vaultbar.out" 2>"$tmp/vaultbar.err" &
pid[vaultbar]=$!
pids+=("$!")
if wait_for "$tmp/vaultbar.out" '^(export )?AWS_CONTAINER_AUTHORIZATION_TOKEN=' "${pid[vaultbar]}" "vaultbar serve"; then
  url[vaultbar]=$(value "$tmp/vaultbar.out" AWS_CONTAINER_CREDENTIALS_FULL_URI)
  token[vaultbar]=$(value "$tmp/vaultbar.out" AWS_CONTAINER_AUTHORIZATION_TOKEN)
  servers+=(vaultbar)
  echo "$vb_name $profile --ecs: ${url[vaultbar]} (pid ${pid[vaultbar]})"
elif grep -q 'unknown command "serve"' "$tmp/vaultbar.err"; then
  echo "vaultbar serve: not in this build (unknown command); its rows are left out"
else
  cat "$tmp/vaultbar.out" "$tmp/vaultbar.err" >&2
  fail "vaultbar serve $profile --ecs exited"
fi

# The bare server copies the size of aws-vault's response (not its content).
"$tmp/bin/bareserver" -body-from "${url[aws-vault]}" -header "Authorization: ${token[aws-vault]}" \
  >"$tmp/bare.out" 2>"$tmp/bare.err" &
pid[bare]=$!
pids+=("$!")
wait_for "$tmp/bare.out" '^http://' "${pid[bare]}" "bareserver" || { cat "$tmp/bare.err" >&2; fail "bareserver exited"; }
url[bare]=$(head -n 1 "$tmp/bare.out")
token[bare]=
servers+=(bare)
echo "bareserver: ${url[bare]} (pid ${pid[bare]}), $(cat "$tmp/bare.err")"

say "check: 200 with the cached credentials (no STS call), 403 without the token"
declare -A bytes
for s in "${servers[@]}"; do
  "$loadgen" -probe -url "${url[$s]}" -header "Authorization: ${token[$s]}" >"$tmp/probe-$s.json"
  status=$(jq -r .status "$tmp/probe-$s.json")
  bytes[$s]=$(jq -r .bytes "$tmp/probe-$s.json")
  [ "$status" = 200 ] || fail "$s answered $status, want 200"
  if [ "$s" != bare ]; then
    jq -e --arg k "$cached_key" '.credentials and .access_key_id == $k' "$tmp/probe-$s.json" >/dev/null ||
      fail "$s did not serve the cached credentials: $(jq -c '{credentials, access_key_id}' "$tmp/probe-$s.json")"
    "$loadgen" -probe -url "${url[$s]}" >"$tmp/probe-$s-notoken.json"
    [ "$(jq -r .status "$tmp/probe-$s-notoken.json")" != 200 ] || fail "$s answered 200 without the token"
  fi
  echo "$s: 200, ${bytes[$s]} bytes, $(jq -r 'if .credentials then "credentials \(.access_key_id), expire \(.expiration)" else .content_type end' "$tmp/probe-$s.json")"
done
[ "${bytes[bare]}" = "${bytes[aws-vault]}" ] || fail "bare body ${bytes[bare]} bytes, aws-vault ${bytes[aws-vault]}"

say "load: $rounds rounds; each round loads every server at 64 then 8 clients, order rotated"
for r in $(seq "$rounds"); do
  for c in 64 8; do
    for i in "${!servers[@]}"; do
      s=${servers[$(((i + r) % ${#servers[@]}))]}
      out=$tmp/load-$s-c$c-r$r.json
      "$loadgen" -json -url "${url[$s]}" ${token[$s]:+-header "Authorization: ${token[$s]}"} \
        -c "$c" -d "$duration" -warmup "$warmup" -server-pid "${pid[$s]}" >"$out"
      jq -r --arg s "$s" --arg r "$r" '"round \($r), \($s), c=\(.concurrency): \(.rps | floor) req/s, p50 \(.p50_ms) ms, p99 \(.p99_ms) ms, max \(.max_ms) ms, \(.errors) errors, \(.connections) connections, CPU/req: server \(.server_cpu_us_per_req) µs, loadgen \(.client_cpu_us_per_req) µs"' "$out"
    done
  done
done
stop_all

say "summary ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; medians of $rounds rounds of $duration after $warmup warm-up)"
# get SERVER CLIENTS FIELD: the median over the rounds.
get() { jq -s -r --arg f "$3" 'map(.[$f]) | sort | .[length / 2 | floor]' "$tmp/load-$1-c$2"-r*.json; }
spread() { jq -s -r 'map(.rps | floor) | "\(min)–\(max)"' "$tmp/load-$1-c$2"-r*.json; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
name() { case $1 in aws-vault) echo "aws-vault exec --ecs-server" ;; vaultbar) echo "$vb_name" ;; bare) echo "bare net/http" ;; esac; }
echo "| server | clients | req/s | (rounds) | p50 | p99 | server CPU/req | req/s vs aws-vault | vs bare |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for c in 64 8; do
  for s in "${servers[@]}"; do
    rps=$(get "$s" "$c" rps)
    printf '| %s | %d | %s | %s | %s ms | %s ms | %s µs | %s | %s |\n' "$(name "$s")" "$c" \
      "$(awk -v r="$rps" 'BEGIN { printf "%.0f", r }')" "$(spread "$s" "$c")" "$(get "$s" "$c" p50_ms)" "$(get "$s" "$c" p99_ms)" \
      "$(awk -v u="$(get "$s" "$c" server_cpu_us_per_req)" 'BEGIN { printf "%.1f", u }')" \
      "$(ratio "$rps" "$(get aws-vault "$c" rps)")" "$(ratio "$rps" "$(get bare "$c" rps)")"
  done
done
echo
echo "Response bodies: $(for s in "${servers[@]}"; do printf '%s %s bytes; ' "$s" "${bytes[$s]}"; done)errors: none (loadgen fails on any)."
verdict() { if [ "$1" = 1 ]; then echo "met"; else echo "NOT met"; fi; }
if [ -n "${url[vaultbar]:-}" ]; then
  x=$(awk -v a="$(get vaultbar 64 rps)" -v b="$(get aws-vault 64 rps)" 'BEGIN { printf "%.2f", a / b }')
  y=$(awk -v a="$(get vaultbar 64 rps)" -v b="$(get bare 64 rps)" 'BEGIN { printf "%.2f", a / b }')
  p99=$(get vaultbar 8 p99_ms)
  echo "budget: 64 clients, >= 1.5x aws-vault req/s: $(verdict "$(awk -v x="$x" 'BEGIN { print (x >= 1.5) }')") (${x}x; ${y}x bare)"
  echo "budget: 8 clients, p99 <= 2 ms: $(verdict "$(awk -v p="$p99" 'BEGIN { print (p <= 2) }')") ($p99 ms)"
else
  echo "budget: not measured: vaultbar serve is not built yet"
fi
echo "context: at 64 clients aws-vault reached $(ratio "$(get aws-vault 64 rps)" "$(get bare 64 rps)") of the bare server's req/s; at 8, its p99 was $(get aws-vault 8 p99_ms) ms (bare $(get bare 8 p99_ms) ms)"
if [ -n "${BENCH_OUT:-}" ]; then
  mkdir -p "$BENCH_OUT"
  cp "$tmp"/load-*.json "$tmp"/probe-*.json "$BENCH_OUT"/
  echo "results kept in $BENCH_OUT"
fi
echo "bench-server.sh took $((SECONDS - started)) s"
