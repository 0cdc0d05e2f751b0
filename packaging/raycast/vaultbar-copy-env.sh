#!/bin/bash

# Required parameters:
# @raycast.schemaVersion 1
# @raycast.title Copy AWS Env
# @raycast.mode silent

# Optional parameters:
# @raycast.packageName Vaultbar
# @raycast.icon 📋
# @raycast.argument1 {"type":"text","placeholder":"profile"}

# Documentation:
# @raycast.description Copy a profile's credentials as shell exports to the clipboard (Vaultbar asks first)
# @raycast.author Vaultbar

# Opens vaultbar://copy-env/PROFILE, which macOS hands to the running Vaultbar app (or starts it).
# The profile name is percent-encoded byte by byte in pure bash (every byte outside
# A-Z a-z 0-9 - . _ ~), so spaces, & and non-ASCII names arrive intact.
set -euo pipefail

LC_ALL=C # bytes, not characters
profile=${1-}
if [[ -z $profile ]]; then
  echo "Give a profile name"
  exit 1
fi
encoded=
for ((i = 0; i < ${#profile}; i++)); do
  c=${profile:i:1}
  case $c in
    [A-Za-z0-9._~-]) encoded+=$c ;;
    *) printf -v c '%%%02X' "'$c"; encoded+=$c ;;
  esac
done
if ! open "vaultbar://copy-env/$encoded"; then
  echo "Vaultbar is not installed: no app opens vaultbar:// URLs"
  exit 1
fi
echo "Copying env of $profile"
