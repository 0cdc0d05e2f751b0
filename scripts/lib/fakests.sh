# shellcheck shell=bash
# fakests.sh - sourced by the bench scripts: the fake AWS (internal/fakeaws/cmd/fakests) as a
# process, and a "browser" that signs in to it. Sourcing it makes $tmp, a temp dir, and traps
# that stop the fake and remove $tmp when the script exits.
# shellcheck disable=SC2034 # tmp and fake_pid are the caller's too

tmp=$(mktemp -d)
fake_pid=''
stop_fakests() {
  [ -z "$fake_pid" ] || { kill -TERM "$fake_pid" 2>/dev/null; wait "$fake_pid" 2>/dev/null || true; }
  rm -rf "$tmp"
}
trap stop_fakests EXIT
trap 'exit 130' INT TERM

# start_fakests ARGS...: build and start fakests with ARGS, wait until it serves, and load its
# addresses (STS_URL, CONTROL_URL, SIGNIN_URL, SSO_URL, ...) into the environment.
start_fakests() {
  go build -trimpath -o "$tmp/bin/fakests" ./internal/fakeaws/cmd/fakests
  "$tmp/bin/fakests" -addr-file "$tmp/addrs" "$@" &
  fake_pid=$!
  for _ in $(seq 200); do [ -s "$tmp/addrs" ] && break; sleep 0.05; done
  [ -s "$tmp/addrs" ] || { echo "$(basename "$0"): fakests did not start" >&2; exit 1; }
  # shellcheck disable=SC1091 # written just above by fakests
  . "$tmp/addrs"
}

# write_sso_browser FILE: a browser command that plays the user at IAM Identity Center: it
# follows the one-time address to the verification page, then approves every code the fake
# waits for.
write_sso_browser() {
  cat >"$1" <<BROWSER
#!/bin/sh
curl -fsS -o /dev/null -L "\$1"
for c in \$(curl -fsS "$CONTROL_URL/sso/pending"); do curl -fsS -X POST "$CONTROL_URL/sso/approve?user_code=\$c"; done
BROWSER
  chmod 755 "$1"
}
