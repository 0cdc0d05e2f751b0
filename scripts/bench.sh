#!/usr/bin/env bash
# bench.sh - compare Vaultbar with the real aws-vault v7.2.0 CLI on the same generated data,
# in the same run, and print the Go benchmarks. `make bench` runs it; BENCHMARKS.md records
# its output. Takes about 2.5 minutes on 2 cores, most of it in `aws-vault list` runs.
#
#   scripts/bench.sh              everything
#   BENCH_OUT=dir scripts/bench.sh   also keep the hyperfine exports (markdown, json) in dir
#
# Data (internal/fixture/cmd/genbench), in a temp dir removed on exit:
#   full/   5,000-profile config + file-backend keyring: 1,000 cached sessions, 100 long-term
#           keys, 1 OIDC token, all written through vault.Store in aws-vault's format
#   empty/  the same config, empty keyring (measures config parsing)
set -euo pipefail

cd "$(dirname "$0")/.."
started=$SECONDS
# The data sets below become HOME; pin Go's caches so go keeps using the real ones.
GOPATH=$(go env GOPATH) GOMODCACHE=$(go env GOMODCACHE) GOCACHE=$(go env GOCACHE)
export GOPATH GOMODCACHE GOCACHE
home=$HOME
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
say() { printf '\n=== bench: %s\n' "$*"; }

need_pkg() { # need_pkg COMMAND PACKAGE: install PACKAGE with apt when COMMAND is missing
  [ -x "$1" ] || command -v "$1" >/dev/null && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "bench.sh: $1 is missing; as root run: apt-get install --no-install-recommends $2" >&2
    exit 1
  fi
  echo "bench.sh: installing $2" >&2
  DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "$2" >"$tmp/apt.log" 2>&1 ||
    { DEBIAN_FRONTEND=noninteractive apt-get -q update >>"$tmp/apt.log" 2>&1 &&
      DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends "$2" >>"$tmp/apt.log" 2>&1; } ||
    { tail -n 20 "$tmp/apt.log" >&2; exit 1; }
}
need_pkg hyperfine hyperfine
need_pkg /usr/bin/time time
need_pkg jq jq

say "build"
go build -trimpath -o "$tmp/bin/vaultbar" ./cmd/vaultbar
go build -trimpath -o "$tmp/bin/genbench" ./internal/fixture/cmd/genbench
awsvault=$(scripts/aws-vault.sh)
vaultbar=$tmp/bin/vaultbar
echo "vaultbar:  $vaultbar ($(git describe --tags --always --dirty 2>/dev/null || echo dev))"
echo "aws-vault: $awsvault ($(DBUS_SESSION_BUS_ADDRESS=disabled: "$awsvault" --version 2>&1))"
echo "machine:   $(nproc) cores, $(uname -sm), $(go version | cut -d' ' -f3), load average$(uptime | sed 's/.*load average//')"

say "generate data"
"$tmp/bin/genbench" -dir "$tmp/full" -profiles 5000 -sessions 1000 -keys 100 -passphrase bench
"$tmp/bin/genbench" -dir "$tmp/empty" -profiles 5000 -sessions 0 -keys 0
echo "full:  $(grep -c '^\[profile ' "$tmp/full/config") profiles, $(find "$tmp/full/keys" -type f | wc -l) keyring items"
echo "empty: $(grep -c '^\[profile ' "$tmp/empty/config") profiles, $(find "$tmp/empty/keys" -type f | wc -l) keyring items"

# use DIR: point both tools (and HOME) at one data set, file backend, no D-Bus, no prompts.
use() {
  export HOME=$1 AWS_CONFIG_FILE=$1/config AWS_VAULT_BACKEND=file AWS_VAULT_FILE_DIR=$1/keys \
    AWS_VAULT_FILE_PASSPHRASE=bench DBUS_SESSION_BUS_ADDRESS=disabled:
  unset AWS_PROFILE AWS_VAULT AWS_REGION AWS_DEFAULT_REGION
}

# rss NAME CMD...: peak RSS in KB of one run, recorded for the summary.
declare -A rss
rss() {
  local name=$1
  shift
  rss[$name]=$(/usr/bin/time -f %M -o "$tmp/rss" "$@" >/dev/null 2>"$tmp/rss.err" && tail -n 1 "$tmp/rss") ||
    { cat "$tmp/rss.err" >&2; exit 1; }
  echo "peak RSS $name: ${rss[$name]} KB"
}

# Each `aws-vault list` on the full keyring takes tens of seconds (it re-reads the keyring
# directory once per profile), so that pair gets 3 timed runs; the peak-RSS runs just before
# serve as its warm-up. Everything else gets hyperfine's --warmup 3.
say "list, 5,000 profiles + 1,000 sessions (file backend)"
use "$tmp/full"
rss "vaultbar list (full)" "$vaultbar" list
rss "aws-vault list (full)" "$awsvault" list
hyperfine -N --style basic --warmup 0 --runs 3 \
  --export-markdown "$tmp/list-full.md" --export-json "$tmp/list-full.json" \
  -n "vaultbar list" "$vaultbar list" -n "aws-vault list" "$awsvault list"

say "parse: 5,000 profiles, empty keyring"
use "$tmp/empty"
rss "vaultbar list (empty)" "$vaultbar" list
rss "aws-vault list --profiles (empty)" "$awsvault" list --profiles
hyperfine -N --style basic --warmup 3 --runs 10 \
  --export-markdown "$tmp/list-empty.md" --export-json "$tmp/list-empty.json" \
  -n "vaultbar list" "$vaultbar list" -n "aws-vault list --profiles" "$awsvault list --profiles"

say "Go benchmarks"
export HOME=$home
unset AWS_CONFIG_FILE AWS_VAULT_BACKEND AWS_VAULT_FILE_DIR AWS_VAULT_FILE_PASSPHRASE
go test -run '^$' -bench 'Resolve5000|SessionsList1000' -benchmem -count 5 ./vault/ | tee "$tmp/gobench.txt"

say "summary ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
cat "$tmp/list-full.md"
echo
cat "$tmp/list-empty.md"
echo
ms() { jq -r --arg n "$2" '.results[] | select(.command == $n) | "\(.mean * 1000 | floor) ms ± \(.stddev * 1000 | floor) (min \(.min * 1000 | floor))"' "$1"; }
mean() { jq -r --arg n "$2" '.results[] | select(.command == $n) | .mean' "$1"; }
printf '%-46s %s\n' \
  "vaultbar list, full keyring:" "$(ms "$tmp/list-full.json" "vaultbar list")" \
  "aws-vault list, full keyring:" "$(ms "$tmp/list-full.json" "aws-vault list")" \
  "vaultbar list, empty keyring:" "$(ms "$tmp/list-empty.json" "vaultbar list")" \
  "aws-vault list --profiles, empty keyring:" "$(ms "$tmp/list-empty.json" "aws-vault list --profiles")"
for k in "${!rss[@]}"; do printf '%-46s %s KB\n' "peak RSS, $k:" "${rss[$k]}"; done | sort
resolve=$(awk '/^BenchmarkResolve5000/ { print $3 }' "$tmp/gobench.txt" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
printf '%-46s %s ms\n' "BenchmarkResolve5000, median of 5:" "$(awk -v ns="$resolve" 'BEGIN { printf "%.1f", ns / 1e6 }')"
verdict() { if [ "$1" = 1 ]; then echo "met"; else echo "NOT met"; fi; }
faster=$(awk -v a="$(mean "$tmp/list-full.json" "vaultbar list")" -v b="$(mean "$tmp/list-full.json" "aws-vault list")" 'BEGIN { print (a < b) }')
faster2=$(awk -v a="$(mean "$tmp/list-empty.json" "vaultbar list")" -v b="$(mean "$tmp/list-empty.json" "aws-vault list --profiles")" 'BEGIN { print (a < b) }')
echo "budget: parse+resolve 5,000 profiles <= 50 ms: $(verdict "$(awk -v ns="$resolve" 'BEGIN { print (ns <= 50e6) }')")"
echo "budget: faster than aws-vault list (full keyring): $(verdict "$faster"); (parse only, vs list --profiles): $(verdict "$faster2")"
if [ -n "${BENCH_OUT:-}" ]; then
  mkdir -p "$BENCH_OUT"
  cp "$tmp"/list-*.md "$tmp"/list-*.json "$tmp/gobench.txt" "$BENCH_OUT"/
  echo "exports kept in $BENCH_OUT"
fi
echo "bench.sh took $((SECONDS - started)) s"
