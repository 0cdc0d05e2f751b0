#!/usr/bin/env bash
# bench-concurrent.sh - issue 9's "two hundred terminals": N processes that all want the same
# profile's credentials at once, on an empty cache, for Vaultbar and for the real aws-vault
# v7.2.0 CLI (scripts/aws-vault.sh) in the same run, with the file backend and with the
# Secret Service (gnome-keyring; the script runs itself inside scripts/session.sh for it).
# Reports per tool: STS calls, failed processes, wall time (first start to last exit).
# `make bench` runs it last; BENCHMARKS.md ("Concurrent command-line runs") records its output.
# About 40 s on 2 cores.
#
#   scripts/bench-concurrent.sh                 N=200
#   BENCH_CONCURRENT_N=50 scripts/bench-concurrent.sh
#   BENCH_CONCURRENT_VAULTBAR=path scripts/bench-concurrent.sh
#                                               run that vaultbar binary instead of building one
#                                               (e.g. an older commit, for a before/after)
#
# Scenarios, each on an empty cache, per backend:
#   vaultbar       N `vaultbar env vb --format=json`
#   aws-vault      N `aws-vault export --format=json av`
#   side by side   both of the above at once (each tool its own profile, one keyring)
#   same profile   N/2 of each tool at once, both asking for profile vb
# Then every item left in the keyring is read back by both tools (a failed read counts as a
# failure of the scenario). STS is internal/fakeaws (internal/fakeaws/cmd/fakests) on
# 127.0.0.1: Vaultbar reaches it through AWS_ENDPOINT_URL_STS, aws-vault (which predates that
# variable) through the fake's intercepting HTTPS proxy; calls are told apart by that route.
set -euo pipefail

cd "$(dirname "$0")/.."
if [ "${VAULTBAR_SESSION:-}" != 1 ]; then
  exec scripts/session.sh --collection awsvault -- "$0" "$@"
fi
started=$SECONDS
n=${BENCH_CONCURRENT_N:-200}
GOPATH=$(go env GOPATH) GOMODCACHE=$(go env GOMODCACHE) GOCACHE=$(go env GOCACHE)
export GOPATH GOMODCACHE GOCACHE
tmp=$(mktemp -d)
fake_pid=''
trap '[ -z "$fake_pid" ] || { kill -TERM "$fake_pid" 2>/dev/null; wait "$fake_pid" 2>/dev/null; }; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

go build -trimpath -o "$tmp/bin/fakests" ./internal/fakeaws/cmd/fakests
vaultbar=${BENCH_CONCURRENT_VAULTBAR:-}
if [ -z "$vaultbar" ]; then
  go build -trimpath -o "$tmp/bin/vaultbar" ./cmd/vaultbar
  vaultbar=$tmp/bin/vaultbar
  echo "vaultbar:  $(git describe --tags --always --dirty 2>/dev/null || echo dev)"
else
  echo "vaultbar:  $vaultbar (BENCH_CONCURRENT_VAULTBAR)"
fi
awsvault=$(scripts/aws-vault.sh)
echo "aws-vault: $(DBUS_SESSION_BUS_ADDRESS=disabled: "$awsvault" --version 2>&1)"
echo "machine:   $(nproc) cores, $(uname -sm), $(go version | cut -d' ' -f3); $n processes per tool"

vb_key=AKIAVAULTBAR00000001 av_key=AKIAAWSVAULT00000001
"$tmp/bin/fakests" -addr-file "$tmp/addrs" -user "$vb_key:vbfakesecret0000000000000000000000000000:vb" -user "$av_key:avfakesecret0000000000000000000000000000:av" &
fake_pid=$!
for _ in $(seq 200); do [ -s "$tmp/addrs" ] && break; sleep 0.05; done
[ -s "$tmp/addrs" ] || { echo "bench-concurrent.sh: fakests did not start" >&2; exit 1; }
# shellcheck disable=SC1091 # written just above by fakests
. "$tmp/addrs"

home=$tmp/home
mkdir -p "$home"
printf '[profile vb]\nregion = eu-west-1\n\n[profile av]\nregion = eu-west-1\n' >"$home/config"
common=(HOME="$home" AWS_CONFIG_FILE="$home/config" AWS_VAULT_FILE_DIR="$home/keys"
  AWS_VAULT_FILE_PASSPHRASE=bench PATH="$PATH" DISPLAY="$DISPLAY"
  DBUS_SESSION_BUS_ADDRESS="$DBUS_SESSION_BUS_ADDRESS" XDG_RUNTIME_DIR="$XDG_RUNTIME_DIR")
vb_env=(AWS_ENDPOINT_URL_STS="$STS_URL")
av_env=(HTTPS_PROXY="$PROXY_URL" https_proxy="$PROXY_URL" NO_PROXY= no_proxy= SSL_CERT_FILE="$CA_FILE")
extra=() # more VAR=value for the next vb or av
vb() { env -i "${common[@]}" AWS_VAULT_BACKEND="$backend" "${vb_env[@]}" "${extra[@]}" "$vaultbar" "$@"; }
av() { env -i "${common[@]}" AWS_VAULT_BACKEND="$backend" "${av_env[@]}" "${extra[@]}" "$awsvault" "$@"; }

# empty_keyring: remove every item of both profiles, cached sessions included, and the keys.
empty_keyring() {
  vb clear >/dev/null 2>&1 || true
  vb remove --force vb >/dev/null 2>&1 || true
  vb remove --force av >/dev/null 2>&1 || true
  local left
  left=$(av list --credentials 2>/dev/null; av list --sessions 2>/dev/null | grep -v '^Profile\|^=\|^$' || true)
  [ -z "$left" ] || { echo "bench-concurrent.sh: keyring not empty: $left" >&2; exit 1; }
  extra=(AWS_ACCESS_KEY_ID=$vb_key AWS_SECRET_ACCESS_KEY=vbfakesecret0000000000000000000000000000)
  vb add --env vb >/dev/null
  extra=(AWS_ACCESS_KEY_ID=$av_key AWS_SECRET_ACCESS_KEY=avfakesecret0000000000000000000000000000)
  av add --env av >/dev/null
  extra=()
  curl -fsS -X POST "$CONTROL_URL/reset"
}

# launch TOOL COUNT PROFILE: start COUNT processes of TOOL (vb or av) in the background; each
# leaves its exit status and end time in $run/TOOL.*; their PIDs go to ${launched[@]}.
launched=()
launch() {
  local tool=$1 count=$2 profile=$3 i
  for ((i = 0; i < count; i++)); do
    if [ "$tool" = vb ]; then
      { if vb env "$profile" --format=json >/dev/null 2>"$run/vb.$i.err"; then echo 0; else echo $?; fi >"$run/vb.$i.rc"
        date +%s.%N >"$run/vb.$i.end"; } &
    else
      { if av export --format=json "$profile" >/dev/null 2>"$run/av.$i.err"; then echo 0; else echo $?; fi >"$run/av.$i.rc"
        date +%s.%N >"$run/av.$i.end"; } &
    fi
    launched+=($!)
  done
}

# report NAME: one table row per tool that ran in this scenario.
report() {
  local name=$1 tool via calls failed wall first
  wait "${launched[@]}"
  launched=()
  for tool in vb av; do
    compgen -G "$run/$tool.*.rc" >/dev/null || continue
    via=direct; [ "$tool" = av ] && via=proxy
    calls=$(curl -fsS "$CONTROL_URL/calls" | awk -v via=$via '$1 == via && $2 == "GetSessionToken" { n += $4 } END { print n + 0 }')
    failed=$(cat "$run/$tool".*.rc | grep -vc '^0$' || true)
    wall=$(cat "$run/$tool".*.end | sort -n | tail -n 1 | awk -v s="$t0" '{ printf "%.2f", $1 - s }')
    first=$(awk 'NF { print substr($0, 1, 200); exit }' "$run/$tool".*.err)
    printf '| %s | %s | %s | %d | %s | %s | %s |\n' "$backend" "$name" \
      "$([ "$tool" = vb ] && echo vaultbar || echo aws-vault)" "$(ls "$run/$tool".*.rc | wc -l)" \
      "$calls" "$failed" "$wall s" | tee -a "$tmp/table"
    [ -z "$first" ] || echo "    first failure: $first" | tee -a "$tmp/failures"
  done
  # Every item must still decrypt, for both tools: each reads both profiles' sessions.
  for p in vb av; do
    vb env "$p" --format=json >/dev/null 2>"$tmp/readback.err" || echo "    $backend $name: vaultbar cannot read $p afterwards: $(head -c 200 "$tmp/readback.err")" | tee -a "$tmp/failures"
    av export --format=json "$p" >/dev/null 2>"$tmp/readback.err" || echo "    $backend $name: aws-vault cannot read $p afterwards: $(head -c 200 "$tmp/readback.err")" | tee -a "$tmp/failures"
  done
}

scenario() { # scenario NAME: fresh run dir, empty cache, start clock
  run=$tmp/run.$backend.$1
  mkdir -p "$run"
  empty_keyring
  t0=$(date +%s.%N)
}

: >"$tmp/table"
: >"$tmp/failures"
for backend in file secret-service; do
  echo
  echo "=== $backend"
  scenario vaultbar; launch vb "$n" vb; report "alone"
  scenario aws-vault; launch av "$n" av; report "alone"
  scenario both; launch vb "$n" vb; launch av "$n" av; report "side by side"
  scenario same; launch vb $((n / 2)) vb; launch av $((n / 2)) vb; report "same profile"
done
empty_keyring

echo
echo "=== summary ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $n processes per tool and scenario)"
echo "| backend | scenario | tool | processes | STS calls | failed | wall time |"
echo "| --- | --- | --- | ---: | ---: | ---: | ---: |"
cat "$tmp/table"
[ -s "$tmp/failures" ] && { echo; echo "failures:"; cat "$tmp/failures"; }
echo "bench-concurrent.sh took $((SECONDS - started)) s"
