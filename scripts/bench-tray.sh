#!/usr/bin/env bash
# bench-tray.sh - the menu-bar app with 1,000 profiles, measured from outside as a panel sees
# it: time from exec to the full menu published on D-Bus, resident memory once published, and
# wake-ups while idle. Runs inside its own private desktop session (scripts/session.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${VAULTBAR_SESSION:-}" != 1 ]; then
  exec scripts/session.sh -- "$0" "$@"
fi
work=$(mktemp -d)
app_pid=''
cleanup() { [ -z "$app_pid" ] || kill -TERM "$app_pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

go build -o "$work/vaultbar" ./cmd/vaultbar
# 1,000 profiles, 200 cached sessions and 50 stored keys, in aws-vault's format
go run ./internal/fixture/cmd/genbench -dir "$work/data" -profiles ${BENCH_TRAY_PROFILES:-1000} -sessions 5 -keys 5 -passphrase bench
last=$(grep -o '^\[profile [^]]*\]' "$work/data/config" | tail -1 | sed 's/^\[profile //; s/\]$//')
mkdir -p "$work/home"
export HOME="$work/home" AWS_CONFIG_FILE="$work/data/config" AWS_VAULT_BACKEND=file \
  AWS_VAULT_FILE_DIR="$work/data/keys" AWS_VAULT_FILE_PASSPHRASE=bench XDG_CONFIG_HOME="$work/home/.config"

layout() {
  dbus-send --session --print-reply --dest="org.kde.StatusNotifierItem-$app_pid-1" /StatusNotifierItem/menu \
    com.canonical.dbusmenu.GetLayout int32:0 int32:2 array:string: 2>/dev/null || true
}
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

start=$(date +%s%N)
"$work/vaultbar" 2>"$work/stderr" &
app_pid=$!
deadline=$(( $(date +%s) + 30 ))
until layout | grep -qF "\"$last"; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "bench-tray: menu not published within 30 s" >&2; cat "$work/stderr" >&2; exit 1; }
done
published=$(ms "$start")
rss=$(awk '/^VmRSS/ {print $2}' "/proc/$app_pid/status")
switches() { awk '/ctxt_switches/ {s += $2} END {print s}' /proc/"$app_pid"/task/*/status; }
sleep 10 # let start-up work (the first refresh, garbage collection) finish; nothing to wait on
before=$(switches)
sleep ${BENCH_TRAY_IDLE:-30} # measuring idleness: nothing to wait on
after=$(switches)
echo "bench-tray: ${BENCH_TRAY_PROFILES:-1000} profiles: menu published $published ms after exec; RSS $((rss / 1024)) MB; $((after - before)) context switches in ${BENCH_TRAY_IDLE:-30} s idle"
