#!/usr/bin/env bash
# bench-app.sh - the command line through the running app (issue 10): the wall time of a
# cached `vaultbar env P` through the app, alone (--no-app), and of `aws-vault export` in the
# same run (hyperfine); and `vaultbar open vaultbar://console/P` until the browser command has
# started (median and p90 of a loop).
# Runs itself inside scripts/session.sh (the app needs the desktop session). About 20 s.
#
#   scripts/bench-app.sh               N=200 runs each
#   BENCH_APP_N=50 scripts/bench-app.sh
set -euo pipefail

cd "$(dirname "$0")/.."
if [ "${VAULTBAR_SESSION:-}" != 1 ]; then
  exec scripts/session.sh --collection awsvault -- "$0" "$@"
fi
n=${BENCH_APP_N:-200}
tmp=$(mktemp -d)
fake_pid='' app_pid=''
cleanup() {
  [ -z "$app_pid" ] || kill -TERM "$app_pid" 2>/dev/null || true
  [ -z "$fake_pid" ] || { kill -TERM "$fake_pid" 2>/dev/null; wait "$fake_pid" 2>/dev/null || true; }
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

go build -trimpath -o "$tmp/bin/fakests" ./internal/fakeaws/cmd/fakests
go build -trimpath -o "$tmp/bin/vaultbar" ./cmd/vaultbar
vaultbar=$tmp/bin/vaultbar
awsvault=$(scripts/aws-vault.sh)
echo "vaultbar:  $(git describe --tags --always --dirty 2>/dev/null || echo dev)"
echo "aws-vault: $(DBUS_SESSION_BUS_ADDRESS=disabled: "$awsvault" --version 2>&1)"
echo "machine:   $(nproc) cores, $(uname -sm), $(go version | cut -d' ' -f3); $n runs each"

key=AKIAVAULTBAR00000001 secret=vbfakesecret0000000000000000000000000000
"$tmp/bin/fakests" -addr-file "$tmp/addrs" -user "$key:$secret:vb" &
fake_pid=$!
for _ in $(seq 200); do [ -s "$tmp/addrs" ] && break; sleep 0.05; done
[ -s "$tmp/addrs" ] || { echo "bench-app.sh: fakests did not start" >&2; exit 1; }
# shellcheck disable=SC1091 # written just above by fakests
. "$tmp/addrs"

home=$tmp/home
mkdir -p "$home/xdg-config/vaultbar" "$home/xdg-runtime"
chmod 700 "$home/xdg-runtime"
printf '[profile vb]\nregion = eu-west-1\n' >"$home/config"
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >"%s/argv.tmp" && mv "%s/argv.tmp" "%s/argv"\n' "$tmp" "$tmp" "$tmp" >"$tmp/browser"
chmod 755 "$tmp/browser"
printf '{"browser": "custom", "browser_command": "%s {{.URL}}"}\n' "$tmp/browser" >"$home/xdg-config/vaultbar/settings.json"
common=(HOME="$home" AWS_CONFIG_FILE="$home/config" AWS_VAULT_BACKEND=file AWS_VAULT_FILE_DIR="$home/keys"
  AWS_VAULT_FILE_PASSPHRASE=bench PATH="$PATH" DISPLAY="$DISPLAY" DBUS_SESSION_BUS_ADDRESS="$DBUS_SESSION_BUS_ADDRESS"
  XDG_RUNTIME_DIR="$home/xdg-runtime" XDG_CONFIG_HOME="$home/xdg-config" AWS_ENDPOINT_URL_STS="$STS_URL"
  VAULTBAR_SIGNIN_ENDPOINT="$SIGNIN_URL")
vb() { env -i "${common[@]}" "$vaultbar" "$@"; }
av() { env -i "${common[@]}" "$awsvault" "$@"; }

AWS_ACCESS_KEY_ID=$key AWS_SECRET_ACCESS_KEY=$secret env -i "${common[@]}" AWS_ACCESS_KEY_ID=$key AWS_SECRET_ACCESS_KEY=$secret "$vaultbar" add --env vb >/dev/null
vb env vb --no-app >/dev/null # caches the session both tools then reuse
vb open                       # starts the app, detached, and returns once it listens
app_pid=$(pgrep -n -x -f "$vaultbar")

# median_ms CMD...: runs CMD n times, prints the median and p90 wall time in milliseconds.
median_ms() {
  local i t0 t1
  : >"$tmp/times"
  for ((i = 0; i < n; i++)); do
    t0=$(date +%s%N)
    "$@" >/dev/null
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000)) >>"$tmp/times"
  done
  sort -n "$tmp/times" | awk '{ v[NR] = $1 } END { printf "%.2f ms | %.2f ms", v[int((NR + 1) / 2)] / 1000, v[int(NR * 0.9)] / 1000 }'
}

# The env comparison with hyperfine (no shell in between); no value in common has a space.
echo
e="env -i ${common[*]}"
hyperfine -N --warmup 10 --runs "$n" --export-markdown "$tmp/env.md" \
  -n 'vaultbar env vb (through the app)' "$e $vaultbar env vb" \
  -n 'vaultbar env vb --no-app (alone)' "$e $vaultbar env vb --no-app" \
  -n 'aws-vault export vb' "$e $awsvault export vb" >/dev/null
cat "$tmp/env.md"
echo
echo "| what | median | p90 |"
echo "| --- | --- | --- |"

# open_console: `vaultbar open` a console link and wait until the browser command has run.
open_console() {
  rm -f "$tmp/argv"
  vb open vaultbar://console/vb
  while [ ! -e "$tmp/argv" ]; do :; done
  curl -fsS -o /dev/null "$(head -n 1 "$tmp/argv")" --max-redirs 0 -w '' || true # the one-time redirect, as the browser would
}
n=$((n / 4))
echo "| \`vaultbar open vaultbar://console/vb\` to the browser started (incl. sign-in round trip) | $(median_ms open_console) |"
