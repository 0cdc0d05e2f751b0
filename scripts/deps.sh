#!/usr/bin/env bash
# deps.sh - install what `make test` needs on Debian 12: the apt packages of the
# desktop session and the end-to-end tests, and the Go linters (staticcheck, and actionlint
# for .github/workflows) in the tools cache ($VAULTBAR_TOOLS, default ~/.cache/vaultbar/tools).
#
#   scripts/deps.sh          install what is missing (no apt call if nothing is)
#   scripts/deps.sh --tools  only the Go tools
#
# Never installs dbus-x11: its dbus-launch makes every godbus program started
# without DBUS_SESSION_BUS_ADDRESS spawn a dbus-daemon that is never stopped.
set -euo pipefail

packages=(
  xvfb xauth dbus dbus-bin libglib2.0-bin gnome-keyring libsecret-tools   # session
  xdotool x11-utils xclip xsel zenity libnotify-bin pass gnupg            # desktop parts
  gcc libc6-dev libx11-dev ca-certificates                                # cgo, -race
  chromium sqlite3 awscli tmux fish                                            # clients
  desktop-file-utils xdg-utils python3                                    # .desktop, URL handler, plists (Info.plist, Alfred)
  lintian groff-base                                                      # make deb: lintian's verdict, the man page read back
  shellcheck ruby                                                         # lint: workflows (actionlint), the Homebrew cask (ruby -c)
  dex                                                                     # runs XDG autostart entries as a session does (start at login)
)
staticcheck_version=v0.8.2 # staticcheck 2026.2.2, the first release built with go1.26
actionlint_version=v1.7.12 # not a `go tool` of tools/go.mod: its yaml dependency clashes with nfpm's

cd "$(dirname "$0")/.."
# Go tools live in a per-user cache, so fresh clones (CI) reuse them.
tools=${VAULTBAR_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/vaultbar/tools}/bin

install_packages() {
  local installed missing=() p
  # one dpkg-query for all (it lists the known ones and fails on the rest)
  installed=" $(dpkg-query -W -f='${db:Status-Status}:${Package} ' "${packages[@]}" 2>/dev/null) " || true
  for p in "${packages[@]}"; do
    [[ $installed == *" installed:$p "* ]] || missing+=("$p")
  done
  if command -v dbus-launch >/dev/null; then
    echo "deps.sh: warning: dbus-launch (dbus-x11) is installed; remove it (apt-get remove dbus-x11)," \
      "or programs run without a session bus leave stray dbus-daemons" >&2
  fi
  [ ${#missing[@]} -gt 0 ] || return 0
  if [ "$(id -u)" != 0 ]; then
    echo "deps.sh: missing packages; as root run:" >&2
    echo "  apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "deps.sh: installing ${missing[*]}" >&2
  local log
  log=$(mktemp)
  apt() { DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 "$@" >>"$log" 2>&1; }
  # Lists are usually fresh enough; refresh them once only if the install fails.
  if ! apt install -y --no-install-recommends "${missing[@]}"; then
    if ! { apt update && apt install -y --no-install-recommends "${missing[@]}"; }; then
      tail -n 30 "$log" >&2
      echo "deps.sh: apt-get failed (log above)" >&2
      exit 1
    fi
  fi
  rm -f "$log"
}

install_tools() {
  install_tool staticcheck honnef.co/go/tools/cmd/staticcheck "$staticcheck_version" "(${staticcheck_version#v})"
  install_tool actionlint github.com/rhysd/actionlint/cmd/actionlint "$actionlint_version" "$actionlint_version"
}

# install_tool NAME PACKAGE VERSION WANT: go install PACKAGE@VERSION unless `NAME -version`
# already prints WANT.
install_tool() {
  if [[ "$("$tools/$1" -version 2>/dev/null)" == *"$4"* ]]; then return 0; fi
  echo "deps.sh: installing $1 $3 into $tools" >&2
  GOBIN=$tools GOFLAGS=-buildvcs=false go install "$2@$3"
}

case "${1-}" in
  '') install_packages; install_tools ;;
  --tools) install_tools ;;
  --tools-dir) echo "$tools" ;;
  *) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2; exit 2 ;;
esac
