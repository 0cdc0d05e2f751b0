#!/usr/bin/env bash
# mac-smoke.sh APP - smoke-test a built Vaultbar.app on a Mac (the macOS CI workflow runs it;
# so can a maintainer, from the README's Mac checklist). With the file backend, in a temporary
# directory, so it touches neither the login keychain nor ~/.aws:
#   1. `vaultbar add` and `vaultbar list` from the bundle's binary;
#   2. LaunchServices starts the bundle (`open`), its control socket answers, one app runs;
#   3. it is still up 10 s later (a menu-bar app that crashes at its first tick fails here);
#   4. it quits on SIGTERM.
set -euo pipefail

app=${1:?usage: mac-smoke.sh path/to/Vaultbar.app}
bin="$(cd "$app" && pwd)/Contents/MacOS/vaultbar"
work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

export AWS_CONFIG_FILE=$work/config AWS_SHARED_CREDENTIALS_FILE=$work/credentials
export AWS_VAULT_BACKEND=file AWS_VAULT_FILE_DIR=$work/keys AWS_VAULT_FILE_PASSPHRASE=smoke-passphrase
printf '[profile smoke]\nregion = eu-west-1\n' >"$AWS_CONFIG_FILE"

echo "--- vaultbar add / list"
AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY \
  "$bin" add smoke --env
"$bin" list | tee "$work/list"
grep -q '^smoke' "$work/list"

echo "--- open $app"
open -n \
  --env "AWS_CONFIG_FILE=$AWS_CONFIG_FILE" --env "AWS_VAULT_BACKEND=file" \
  --env "AWS_VAULT_FILE_DIR=$AWS_VAULT_FILE_DIR" --env "AWS_VAULT_FILE_PASSPHRASE=$AWS_VAULT_FILE_PASSPHRASE" \
  "$app"
# The app listens on $TMPDIR/vaultbar/control.sock once its menu is up.
for _ in $(seq 300); do
  pid=$(pgrep -f "^$bin\$" || true)
  [ -n "$pid" ] && [ -S "${TMPDIR%/}/vaultbar/control.sock" ] && break
  sleep 0.1
done
[ -n "$pid" ] || { echo "mac-smoke: the app did not start" >&2; exit 1; }
[ "$(wc -w <<<"$pid")" = 1 ] || { echo "mac-smoke: more than one app runs: $pid" >&2; exit 1; }
# `vaultbar open` with no URL reaches the running app, or starts a second one (which the
# pgrep below would see).
"$bin" open
[ "$(pgrep -f "^$bin\$")" = "$pid" ] || { echo "mac-smoke: the socket did not reach the app" >&2; exit 1; }

echo "--- still up after 10 s"
sleep 10 # observing that it stays up, not waiting for something
kill -0 "$pid"

echo "--- quit"
kill "$pid"
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then echo "mac-smoke: the app ignored SIGTERM" >&2; exit 1; fi
pid=
echo "mac-smoke: ok"
