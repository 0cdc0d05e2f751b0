#!/usr/bin/env bash
# bench-sso.sh - IAM Identity Center (issue 12) against the fake (fakests): a cold sign-in to
# credentials (`vaultbar env` with an empty keyring: register, device authorization, the
# browser, polling, GetRoleCredentials), and a cached SSO profile's `env` against aws-vault's
# `export` in the same run (hyperfine). The "browser" is a script that fetches the page and
# approves the code at the fake, as a user would. No desktop session needed. About 30 s.
#
#   scripts/bench-sso.sh                 20 cold sign-ins, 200 cached runs each
#   BENCH_SSO_N=50 scripts/bench-sso.sh  cached runs
set -euo pipefail

cd "$(dirname "$0")/.."
n=${BENCH_SSO_N:-200}
cold=${BENCH_SSO_COLD:-20}
# shellcheck source=scripts/lib/fakests.sh
. scripts/lib/fakests.sh # $tmp, and the traps that clean up
go build -trimpath -o "$tmp/bin/vaultbar" ./cmd/vaultbar
vaultbar=$tmp/bin/vaultbar
awsvault=$(scripts/aws-vault.sh)
echo "vaultbar:  $(git describe --tags --always --dirty 2>/dev/null || echo dev)"
echo "aws-vault: $(DBUS_SESSION_BUS_ADDRESS=disabled: "$awsvault" --version 2>&1)"
echo "machine:   $(nproc) cores, $(uname -sm), $(go version | cut -d' ' -f3)"

start_fakests -sso-account 444444444444:dev:Developer

home=$tmp/home
mkdir -p "$home/xdg-config/vaultbar"
cat >"$home/config" <<CONFIG
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[profile sso-dev]
sso_session = corp
sso_account_id = 444444444444
sso_role_name = Developer
region = eu-west-1
CONFIG
write_sso_browser "$tmp/browser"
printf '{"browser": "custom", "browser_command": "%s {{.URL}}"}\n' "$tmp/browser" >"$home/xdg-config/vaultbar/settings.json"
common=(HOME="$home" AWS_CONFIG_FILE="$home/config" AWS_VAULT_BACKEND=file AWS_VAULT_FILE_DIR="$home/keys"
  AWS_VAULT_FILE_PASSPHRASE=bench PATH="$PATH" XDG_CONFIG_HOME="$home/xdg-config"
  AWS_ENDPOINT_URL_STS="$STS_URL" AWS_ENDPOINT_URL_SSO_OIDC="$SSO_URL" AWS_ENDPOINT_URL_SSO="$SSO_URL")

# Cold: each run starts from an empty keyring, so it registers and signs in from scratch. The
# fake asks clients to poll every second (AWS asks for 5 s), so most of the time is that wait.
: >"$tmp/times"
for ((i = 0; i < cold; i++)); do
  rm -rf "$home/keys"
  t0=$(date +%s%N)
  env -i "${common[@]}" "$vaultbar" env sso-dev --no-app >/dev/null 2>&1
  t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000)) >>"$tmp/times"
done
echo
echo "| what | median | p90 |"
echo "| --- | --- | --- |"
sort -n "$tmp/times" | awk -v n="$cold" '{ v[NR] = $1 } END {
  printf "| cold sign-in to credentials (%d runs; the fake'"'"'s poll interval is 1 s) | %.0f ms | %.0f ms |\n", n, v[int((NR + 1) / 2)] / 1000, v[int(NR * 0.9)] / 1000 }'

# Cached: the token and the role's session are in the keyring (Vaultbar's last cold run).
echo
e="env -i ${common[*]}"
hyperfine -N --warmup 10 --runs "$n" --export-markdown "$tmp/env.md" \
  -n 'vaultbar env sso-dev (cached)' "$e $vaultbar env sso-dev --no-app" \
  -n 'aws-vault export sso-dev (cached)' "$e $awsvault export sso-dev" >/dev/null
cat "$tmp/env.md"
