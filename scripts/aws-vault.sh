#!/usr/bin/env bash
# aws-vault.sh - build the real aws-vault CLI (the version Vaultbar is
# compatible with) from the Go module proxy into the tools cache
# ($VAULTBAR_TOOLS, default ~/.cache/vaultbar/tools), unless
# that version is already there, and print its path.
set -euo pipefail

version=v7.2.0
cd "$(dirname "$0")/.."
bin=${VAULTBAR_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/vaultbar/tools}/bin/aws-vault

# aws-vault's keyring package talks to D-Bus in init(): give it no bus.
have=$(DBUS_SESSION_BUS_ADDRESS=disabled: "$bin" --version 2>&1) || true
if [ "$have" != "$version" ]; then
  echo "aws-vault.sh: building aws-vault $version into $bin" >&2
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  (
    cd "$scratch"
    export GOWORK=off GOFLAGS=-buildvcs=false
    go mod init scratch
    go get "github.com/99designs/aws-vault/v7@$version"
    go build -trimpath -ldflags "-X main.Version=$version" -o "$bin" github.com/99designs/aws-vault/v7
  ) >"$scratch/log" 2>&1 || { cat "$scratch/log" >&2; exit 1; }
  have=$(DBUS_SESSION_BUS_ADDRESS=disabled: "$bin" --version 2>&1)
  [ "$have" = "$version" ] || { echo "aws-vault.sh: built binary says '$have'" >&2; exit 1; }
fi
echo "$bin"
