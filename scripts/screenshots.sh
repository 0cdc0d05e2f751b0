#!/usr/bin/env bash
# screenshots.sh - render the menu-bar app's open menu in a real panel (xfce4-panel with its
# status tray) under Xvfb and save PNGs to docs/screenshots/. Runs in its own private session.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${VAULTBAR_SESSION:-}" != 1 ]; then
  [ "$(id -u)" != 0 ] || dpkg -s xfce4-panel imagemagick >/dev/null 2>&1 ||
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends xfce4-panel imagemagick >/dev/null
  exec scripts/session.sh -- "$0" "$@"
fi
out=docs/screenshots
mkdir -p "$out"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# before HOME moves: Go's caches live under it
go build -o "$work/vaultbar" ./cmd/vaultbar
go build -o "$work/fakests" ./internal/fakeaws/cmd/fakests
go build -o "$work/genbench" ./internal/fixture/cmd/genbench
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config"
mkdir -p "$XDG_CONFIG_HOME/xfce4/xfconf/xfce-perchannel-xml" "$HOME/.aws"
cat >"$XDG_CONFIG_HOME/xfce4/xfconf/xfce-perchannel-xml/xfce4-panel.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<channel name="xfce4-panel" version="1.0">
  <property name="configver" type="int" value="2"/>
  <property name="panels" type="array">
    <value type="int" value="1"/>
    <property name="panel-1" type="empty">
      <property name="position" type="string" value="p=6;x=0;y=0"/>
      <property name="length" type="uint" value="100"/>
      <property name="position-locked" type="bool" value="true"/>
      <property name="size" type="uint" value="28"/>
      <property name="plugin-ids" type="array"><value type="int" value="1"/></property>
    </property>
  </property>
  <property name="plugins" type="empty">
    <property name="plugin-1" type="string" value="systray"/>
  </property>
</channel>
XML
# The top level with states: a session (dev), a role that will not prompt (dev-admin), MFA
# needed (prod, prod-admin), IAM Identity Center, nothing. STS is the fake (internal/fakeaws).
cat >"$HOME/.aws/config" <<'CFG'
[profile dev]
region = eu-west-1
[profile dev-admin]
source_profile = dev
role_arn = arn:aws:iam::222222222222:role/admin
region = eu-west-1
[profile prod]
mfa_serial = arn:aws:iam::111111111111:mfa/me
region = eu-west-1
[profile prod-admin]
source_profile = prod
role_arn = arn:aws:iam::333333333333:role/admin
region = eu-west-1
[profile sandbox]
sso_start_url = https://example.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 444444444444
sso_role_name = ReadOnly
region = eu-west-1
[profile scratch]
region = us-east-1
CFG
key1=AKIAEXAMPLE000000001 key2=AKIAEXAMPLE000000002 secret=exampleexampleexampleexampleexample00000
"$work/fakests" -addr-file "$work/addrs" -user "$key1:$secret:dev" -user "$key2:$secret:prod" >"$work/fakests.log" 2>&1 &
pids+=($!)
for _ in $(seq 200); do [ -s "$work/addrs" ] && break; sleep 0.05; done
# shellcheck disable=SC1091 # written just above by fakests
. "$work/addrs"
export AWS_VAULT_BACKEND=file AWS_VAULT_FILE_DIR="$work/keys" AWS_VAULT_FILE_PASSPHRASE=screenshots
export AWS_ENDPOINT_URL_STS="$STS_URL" AWS_ENDPOINT_URL_IAM="$STS_URL"
AWS_ACCESS_KEY_ID=$key1 AWS_SECRET_ACCESS_KEY=$secret "$work/vaultbar" add --env dev >/dev/null
AWS_ACCESS_KEY_ID=$key2 AWS_SECRET_ACCESS_KEY=$secret "$work/vaultbar" add --env prod >/dev/null
"$work/vaultbar" env dev --no-app >/dev/null # a cached session: "dev · 59 min"

# xfconfd with our XDG_CONFIG_HOME (a bus-activated one would read the session's)
/usr/lib/x86_64-linux-gnu/xfce4/xfconf/xfconfd >"$work/xfconfd.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.xfce.Xfconf 2>/dev/null | grep -q true && break
  sleep 0.1
done
xfce4-panel --disable-wm-check >"$work/panel.log" 2>&1 &
pids+=($!)
"$work/vaultbar" 2>"$work/app.log" &
pids+=($!)

# bounded polls: the panel's window, then the icon in it (a non-empty pixel area)
for _ in $(seq 100); do panel=$(xdotool search --class xfce4-panel 2>/dev/null | head -1) && [ -n "$panel" ] && break; sleep 0.1; done
[ -n "${panel:-}" ] || { cat "$work/panel.log" >&2; exit 1; }
sleep 2 # the tray icon has no event to wait on from here
import -window root -crop 1024x28+0+0 "$out/panel.png"
xdotool mousemove 14 14 click 1
sleep 1
import -window root -crop 460x410+0+0 "$out/states.png"
xdotool mousemove 60 69 # dev-admin: its account, role and region
sleep 1
import -window root -crop 720x410+0+0 "$out/submenu.png"
xdotool key Escape

# A large config: 300 generated profiles (internal/fixture: users with keys, roles, SSO,
# include_profile) with some sessions; Find profile…, recent profiles, then groups by account.
kill -TERM "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'
"$work/genbench" -dir "$work/large" -profiles 300 -sessions 60 -keys 30 -passphrase large >/dev/null
large="$work/large/config"
export AWS_VAULT_FILE_DIR="$work/large/keys" AWS_VAULT_FILE_PASSPHRASE=large
mkdir -p "$HOME/.local/state/vaultbar"
echo '{"profiles":["acct0001-admin","acct0003-sso","acct0010-user"]}' >"$HOME/.local/state/vaultbar/recent.json"
AWS_CONFIG_FILE="$large" "$work/vaultbar" 2>>"$work/app.log" &
pids+=($!)
sleep 2 # as above: the icon has no event to wait on from here
xdotool mousemove 14 14 click 1
sleep 1
xdotool mousemove 60 250
sleep 1
import -window root -crop 720x560+0+0 "$out/large.png"
echo "screenshots: $(ls "$out")"
