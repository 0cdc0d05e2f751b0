#!/usr/bin/env bash
# bench-size.sh - what a user downloads and installs: the .deb `make deb` builds, the binary
# it installs in /usr/bin, and aws-vault's binary built the way its releases are
# (aws-vault v7.2.0's Makefile: -trimpath -ldflags "-s -w", no cgo on Linux), in one run.
set -euo pipefail
cd "$(dirname "$0")/.."

aws_vault_version=v7.2.0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
make -s deb DIST="$scratch/dist" >"$scratch/log" 2>&1 || { cat "$scratch/log" >&2; exit 1; }
deb=$(find "$scratch/dist" -maxdepth 1 -name 'vaultbar_*.deb')

dpkg-deb -x "$deb" "$scratch/root"
(
  cd "$scratch"
  export GOWORK=off GOFLAGS=-buildvcs=false CGO_ENABLED=0
  go mod init scratch
  go get "github.com/99designs/aws-vault/v7@$aws_vault_version"
  go build -trimpath -ldflags "-s -w -X main.Version=$aws_vault_version" -o aws-vault github.com/99designs/aws-vault/v7
) >"$scratch/log" 2>&1 || { cat "$scratch/log" >&2; exit 1; }

size() { stat -c %s "$1"; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
printf '%-44s %12s  %s\n' what bytes size
row() { printf '%-44s %12d  %s\n' "$1" "$2" "$(mib "$2")"; }
row "$(basename "$deb")" "$(size "$deb")"
row "vaultbar in /usr/bin (from the .deb)" "$(size "$scratch/root/usr/bin/vaultbar")"
row "installed, all files (dpkg Installed-Size)" "$(($(dpkg-deb -f "$deb" Installed-Size) * 1024))"
row "aws-vault $aws_vault_version, release flags" "$(size "$scratch/aws-vault")"
