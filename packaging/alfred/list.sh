#!/bin/bash
# The Vaultbar workflow's Script Filter (keyword "aws"): prints the AWS profiles as Alfred
# Script Filter JSON with `vaultbar list --format=alfred`, whose args are vaultbar:// URLs.
# Alfred filters the items itself, so the query ($1) is not used.
#
# Alfred runs scripts with a bare PATH (/usr/bin:/bin:/usr/sbin:/sbin), not the login
# shell's: vaultbar is looked for in the app bundle, then on PATH with Homebrew's two
# directories added. Whatever goes wrong, the output is still a valid document: one item
# that is not actionable, saying what to do. Pure bash: no other program is needed.
set -u

# json_string prints $1 as a JSON string: backslashes and quotes escaped, control
# characters (which an error line should not hold anyway) turned into spaces.
json_string() {
  local LC_ALL=C s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//[$'\001'-$'\037'$'\177']/ }
  printf '"%s"' "$s"
}

# message prints a document of one item that is not actionable.
message() {
  printf '{"items":[{"title":%s,"subtitle":%s,"valid":false}]}\n' "$(json_string "$1")" "$(json_string "$2")"
}

vaultbar=
for candidate in /Applications/Vaultbar.app/Contents/MacOS/vaultbar \
  "${HOME:-/nonexistent}/Applications/Vaultbar.app/Contents/MacOS/vaultbar"; do
  if [[ -f $candidate && -x $candidate ]]; then
    vaultbar=$candidate
    break
  fi
done
export PATH="${PATH:+$PATH:}/opt/homebrew/bin:/usr/local/bin"
if [[ -z $vaultbar ]] && ! vaultbar=$(type -P vaultbar); then
  message "Vaultbar is not installed" \
    "Put Vaultbar.app in /Applications, or the vaultbar command on PATH"
  exit 0
fi

# The document goes straight to Alfred (fd 3); only the error line is kept.
{ errors=$("$vaultbar" list --format=alfred 2>&1 >&3 3>&-); status=$?; } 3>&1
if [[ $status -ne 0 ]]; then
  errors=${errors#vaultbar: }
  message "Vaultbar could not list the profiles" "${errors%%$'\n'*}"
fi
exit 0
