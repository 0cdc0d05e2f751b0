#!/usr/bin/env bash
# shellcheck disable=SC2317 # functions below run from the EXIT trap
# session.sh - run a command in a private, throw-away desktop session:
# Xvfb, a D-Bus session bus and an unlocked gnome-keyring (Secret Service).
#
#   scripts/session.sh [--collection NAME]... [--keep] -- CMD [ARG...]
#
#   --collection NAME  pre-create the Secret Service collection NAME, unlocked
#                      (/org/freedesktop/secrets/collection/NAME). Creating it
#                      at run time would need a GUI password prompt. Vaultbar
#                      and aws-vault use "awsvault".
#   --keep             keep the session directory (daemon logs in log/)
#
# CMD sees DISPLAY, DBUS_SESSION_BUS_ADDRESS, XDG_RUNTIME_DIR, XDG_DATA_HOME,
# NO_AT_BRIDGE=1, GSETTINGS_BACKEND=memory and VAULTBAR_SESSION=1. When CMD
# ends, everything started here, and every process still carrying this
# session's VAULTBAR_SESSION_ID (bus-activated services, forked clipboard
# owners, dialogs, browsers), is stopped by PID and the directory removed.
# Exit status: CMD's; 70 if the session could not start; 128+N on signal N.
set -euo pipefail

die() { echo "session.sh: $*" >&2; exit 70; }
usage() { sed -n '3,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }

collections=() keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --collection)
      [[ ${2-} =~ ^[A-Za-z0-9_-]+$ ]] || die "--collection needs a name matching [A-Za-z0-9_-]+"
      collections+=("$2"); shift ;;
    --keep) keep=1 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; break ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
[ $# -gt 0 ] || { usage >&2; exit 2; }
for tool in Xvfb dbus-daemon dbus-send gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || die "$tool not found; run scripts/deps.sh"
done

dir='' daemons=() cmd_pid=''
export VAULTBAR_SESSION_ID="vaultbar-session.$$.$SRANDOM"

# alive PID...: true if any of them runs. Zombies count as dead: orphans are
# reaped by PID 1, which in some containers takes seconds.
alive() {
  local p stat
  for p in "$@"; do
    stat=''
    read -r stat 2>/dev/null <"/proc/$p/stat" || continue
    stat=${stat##*) }
    case ${stat%% *} in Z|X|'') ;; *) return 0 ;; esac
  done
  return 1
}

# stop PID...: TERM, up to 2 s for them to exit, then KILL.
stop() {
  [ $# -gt 0 ] || return 0
  kill -TERM "$@" 2>/dev/null || true
  local i
  for ((i = 0; i < 100; i++)); do alive "$@" || return 0; sleep 0.02; done
  kill -KILL "$@" 2>/dev/null || true
}

# marked: sets ${marked[@]} to the live processes carrying our marker, except
# this shell and our own daemons (stopped last, in order).
marked=()
marked_processes() {
  local files f p
  marked=()
  files=$(grep -lzxF "VAULTBAR_SESSION_ID=$VAULTBAR_SESSION_ID" /proc/[0-9]*/environ 2>/dev/null) || true
  for f in $files; do
    p=${f#/proc/}; p=${p%/environ}
    [[ $p == "$$" || " ${daemons[*]-} " == *" $p "* ]] && continue
    if alive "$p"; then marked+=("$p"); fi
  done
}

cleanup() {
  local status=$? i
  trap - EXIT INT TERM HUP
  set +e
  [ -n "$dir" ] || exit "$status"
  [ -z "$cmd_pid" ] || stop "$cmd_pid"
  marked_processes; stop "${marked[@]}"
  for ((i = ${#daemons[@]} - 1; i >= 0; i--)); do stop "${daemons[i]}"; done
  wait 2>/dev/null                                  # reap our children
  marked_processes; stop "${marked[@]}"             # spawned while stopping
  if [ "$keep" = 1 ]; then echo "session.sh: kept $dir" >&2; else rm -rf "$dir"; fi
  exit "$status"
}
trap cleanup EXIT
for sig in INT TERM HUP; do
  # shellcheck disable=SC2064 # expand $sig now
  trap "exit \$((128 + $(kill -l "$sig")))" "$sig"
done

# Unix socket paths are limited to 107 bytes: stay short. The name is set
# before mkdir (which fails if it exists), so a signal cannot leak the dir.
base=${TMPDIR:-/tmp}; [ ${#base} -le 60 ] || base=/tmp
dir=$base/$VAULTBAR_SESSION_ID
mkdir -m 700 "$dir" || { dir=''; die "cannot create $base/$VAULTBAR_SESSION_ID"; }
mkdir -m 700 "$dir/run" "$dir/data" "$dir/log"

# The daemons inherit this environment, so services the bus activates
# (gcr-prompter, a second keyring) land in this session too.
unset DISPLAY WAYLAND_DISPLAY XAUTHORITY DBUS_SESSION_BUS_ADDRESS SSH_AUTH_SOCK GNOME_KEYRING_CONTROL
export XDG_RUNTIME_DIR=$dir/run XDG_DATA_HOME=$dir/data
export NO_AT_BRIDGE=1           # GTK (zenity) would start the accessibility bus
export GSETTINGS_BACKEND=memory # no dconf-service

# start NAME CMD...: run a daemon that writes one line on fd 3 once it is
# ready; the line is left in $ready. The read ends early (empty) if it dies.
start() {
  local name=$1; shift
  mkfifo "$dir/ready"
  "$@" 3>"$dir/ready" </dev/null >"$dir/log/$name.log" 2>&1 &
  daemons+=($!)
  ready=''
  read -r -t 15 ready <"$dir/ready" || true
  rm -f "$dir/ready"
  [ -n "$ready" ] || { tail -n 20 "$dir/log/$name.log" >&2; die "$name did not start"; }
}

# Xvfb picks a free display and writes its number once it accepts clients.
start xvfb Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp -noreset
export DISPLAY=:$ready

# --nofork keeps the bus our child, reaped as soon as it exits.
start dbus dbus-daemon --session --nofork --nopidfile --nosyslog \
  --address="unix:path=$dir/run/bus" --print-address=3
export DBUS_SESSION_BUS_ADDRESS=$ready

# gnome-keyring loads every *.keyring file. One in its plain-text format is an
# unencrypted collection with no password, so nothing ever prompts for it.
mkdir -m 700 "$dir/data/keyrings"
for c in "${collections[@]+"${collections[@]}"}"; do
  printf '[keyring]\ndisplay-name=%s\nctime=0\nmtime=0\nlock-on-idle=false\nlock-after=false\n' \
    "$c" >"$dir/data/keyrings/$c.keyring"
  chmod 600 "$dir/data/keyrings/$c.keyring"
done
# --unlock reads the password of the default "login" collection from stdin.
printf vaultbar | gnome-keyring-daemon --foreground --unlock --components=secrets \
  >"$dir/log/gnome-keyring.log" 2>&1 &
daemons+=($!)
for ((i = 0; ; i++)); do
  reply=$(dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null) || true
  [[ $reply == *true* ]] && break
  if ((i >= 400)) || ! alive "${daemons[-1]}"; then
    tail -n 20 "$dir/log/gnome-keyring.log" >&2
    die "gnome-keyring-daemon did not start"
  fi
  sleep 0.025
done

# Such a collection still starts out "locked"; unlocking it opens no prompt:
# do it now, so clients find it unlocked as it will stay.
if [ ${#collections[@]} -gt 0 ]; then
  paths=$(printf '/org/freedesktop/secrets/collection/%s,' "${collections[@]}")
  reply=$(dbus-send --session --print-reply=literal --dest=org.freedesktop.secrets /org/freedesktop/secrets \
    org.freedesktop.Secret.Service.Unlock "array:objpath:${paths%,}") || die "cannot unlock ${collections[*]}"
  [[ $reply =~ [[:space:]]/$ ]] || die "unlocking ${collections[*]} wants a prompt: $reply"
fi

export VAULTBAR_SESSION=1
# In the background with wait, so a signal runs the trap at once. Background
# jobs get /dev/null as stdin: hand ours over (unless it is closed).
if [ -e /dev/fd/0 ]; then exec 4<&0; else exec 4</dev/null; fi
"$@" <&4 4<&- &
cmd_pid=$!
exec 4<&-
status=0
wait "$cmd_pid" || status=$?
cmd_pid=''
exit "$status"
