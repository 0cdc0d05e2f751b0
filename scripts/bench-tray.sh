#!/usr/bin/env bash
# bench-tray.sh - the menu-bar app with 1,000 profiles, measured from outside as a panel sees
# it (internal/panel/cmd/trayprobe): time from exec to the menu registered and read whole over
# D-Bus, resident memory then, and wake-ups while idle; then the desktop adapter's render
# benchmarks (BenchmarkRender1000). Runs inside its own private desktop session
# (scripts/session.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${VAULTBAR_SESSION:-}" != 1 ]; then
  exec scripts/session.sh -- "$0" "$@"
fi
work=$(mktemp -d)
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

go build -o "$work/vaultbar" ./cmd/vaultbar
go build -o "$work/trayprobe" ./internal/panel/cmd/trayprobe
# 1,000 profiles, 200 cached sessions and 50 stored keys, in aws-vault's format
go run ./internal/fixture/cmd/genbench -dir "$work/data" -profiles ${BENCH_TRAY_PROFILES:-1000} -sessions 5 -keys 5 -passphrase bench
last=$(grep -o '^\[profile [^]]*\]' "$work/data/config" | tail -1 | sed 's/^\[profile //; s/\]$//')
mkdir -p "$work/home"
# The app's HOME and config are the test data's; go test below keeps the real ones (Go's caches).
HOME="$work/home" AWS_CONFIG_FILE="$work/data/config" AWS_VAULT_BACKEND=file \
  AWS_VAULT_FILE_DIR="$work/data/keys" AWS_VAULT_FILE_PASSPHRASE=bench XDG_CONFIG_HOME="$work/home/.config" \
  "$work/trayprobe" -want "$last" -idle "${BENCH_TRAY_IDLE:-30}s" -- "$work/vaultbar"
# Renders through the real systray on this session's bus: a state change in place, a shape change rebuilt
go test -run '^$' -bench 'Render1000' -benchmem -count "${BENCH_TRAY_COUNT:-3}" ./desktop/
