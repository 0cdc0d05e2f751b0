#!/usr/bin/env bash
# cask.sh ZIP VERSION - print packaging/homebrew/vaultbar.rb with VERSION (no leading v) and
# ZIP's sha256 stamped in: the cask for that release.
set -euo pipefail
zip=${1:?usage: cask.sh ZIP VERSION}
version=${2:?usage: cask.sh ZIP VERSION}
version=${version#v}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "cask.sh: version $version is not a release (x.y.z): tag the commit first" >&2; exit 1; }
if command -v sha256sum >/dev/null; then sum=$(sha256sum "$zip"); else sum=$(shasum -a 256 "$zip"); fi
sum=${sum%% *}
cd "$(dirname "$0")/.."
sed -e "s/^  version \"0\.0\.0\"$/  version \"$version\"/" \
    -e "s/^  sha256 \"0\{64\}\"$/  sha256 \"$sum\"/" packaging/homebrew/vaultbar.rb
