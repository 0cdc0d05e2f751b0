#!/usr/bin/env bash
# debversion.sh - print the Debian package version for a git version (the Makefile's
# VERSION, `git describe --tags --always --dirty`; run in the repository, default: that).
#
#   v1.2.3                  -> 1.2.3
#   v1.2.3-rc1              -> 1.2.3~rc1              (a pre-release sorts before 1.2.3)
#   v1.2.3-4-gabc1234       -> 1.2.3+4.gabc1234       (4 commits after the tag: after it)
#   v1.2.3-4-gabc1234-dirty -> 1.2.3+4.gabc1234.dirty
#   abc1234 (no tag yet)    -> 0.0.0~git<N>.abc1234   (N commits: later builds sort later)
#   dev (no git)            -> 0.0.0~dev
#
# The result has no '-': with none, the whole string is the upstream version (no Debian
# revision), as for a package built from its own upstream tree.
set -euo pipefail

v=${1-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
dirty=''
if [[ $v == *-dirty ]]; then v=${v%-dirty} dirty=.dirty; fi

if [[ $v =~ ^v?([0-9]+\.[A-Za-z0-9.~-]*)-([0-9]+)-g([0-9a-f]+)$ ]]; then
  out="${BASH_REMATCH[1]//-/\~}+${BASH_REMATCH[2]}.g${BASH_REMATCH[3]}$dirty"
elif [[ $v =~ ^v?([0-9]+\.[A-Za-z0-9.~-]*)$ ]]; then
  out="${BASH_REMATCH[1]//-/\~}${dirty:+"+${dirty#.}"}"
elif [[ $v =~ ^[0-9a-f]{4,40}$ ]]; then
  n=$(git rev-list --count HEAD 2>/dev/null || echo 0)
  out="0.0.0~git$n.$v$dirty"
elif [[ $v =~ ^[A-Za-z0-9.]+$ ]]; then
  out="0.0.0~$v$dirty"
else
  echo "debversion.sh: cannot make a Debian version of \"$v\": tag releases vX.Y.Z" >&2
  exit 1
fi
echo "$out"
