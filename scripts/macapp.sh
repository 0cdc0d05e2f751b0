#!/usr/bin/env bash
# macapp.sh app|zip|dmg - build the macOS app bundle and its release archives (make app, make
# zip, make dmg). Output in $DIST (default dist/):
#
#   app  Vaultbar.app: Info.plist stamped with the git version, Contents/MacOS/vaultbar, the
#        .icns and the tray templates. On a Mac: a universal (arm64 + amd64) cgo build joined
#        with lipo and signed: ad hoc, or with a Developer ID and notarized when
#        APPLE_SIGN_IDENTITY / APPLE_NOTARY_PROFILE are set (below). On Linux: the same layout
#        around CGO_ENABLED=0 darwin binaries (a CLI-only build: systray needs cgo), unsigned
#        beyond the ad-hoc signature Go's linker gives arm64; MAC_ARCHS="arm64 amd64" makes it
#        universal (internal/macbundle writes the fat binary).
#   zip  Vaultbar-<version>.zip with Vaultbar.app at its root (ditto on a Mac, so the signature
#        survives; internal/macbundle on Linux), for the Homebrew cask and GitHub releases.
#   dmg  Vaultbar-<version>.dmg (Mac only: hdiutil), the app beside an /Applications link.
#
# Signing variables (a Mac; all optional):
#   APPLE_SIGN_IDENTITY   codesign identity, e.g. "Developer ID Application: Jane Doe (TEAMID)";
#                         unset: ad hoc (--sign -), which runs on this Mac but not elsewhere.
#   APPLE_NOTARY_PROFILE  keychain profile made once with `xcrun notarytool store-credentials`;
#                         set: notarize and staple the app (and the dmg). Needs the identity.
set -euo pipefail

cmd=${1:-}
cd "$(dirname "$0")/.."
GO=${GO:-go}
DIST=${DIST:-dist}
VERSION=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
app=$DIST/Vaultbar.app
work=$DIST/macos
mac=false
[ "$(uname -s)" = Darwin ] && mac=true
if $mac; then MAC_ARCHS=${MAC_ARCHS:-arm64 amd64}; else MAC_ARCHS=${MAC_ARCHS:-arm64}; fi
identity=${APPLE_SIGN_IDENTITY:-}
notary=${APPLE_NOTARY_PROFILE:-}

die() { echo "macapp.sh: $*" >&2; exit 1; }

if [ -n "$notary" ] && [ -z "$identity" ]; then
  die "APPLE_NOTARY_PROFILE is set but APPLE_SIGN_IDENTITY is not: Apple notarizes only Developer ID signatures"
fi

# build_binaries prints the -binary flags for macbundle.
build_binaries() {
  local arch out flags=()
  for arch in $MAC_ARCHS; do
    out=$work/vaultbar-$arch
    if $mac; then
      # clang's name for amd64 is x86_64; cmd/go is not known to pass -arch itself, so say it.
      local carch=$arch
      [ "$arch" = amd64 ] && carch=x86_64
      CGO_ENABLED=1 GOOS=darwin GOARCH=$arch CC="clang -arch $carch" \
        CGO_CFLAGS="-arch $carch" CGO_LDFLAGS="-arch $carch" \
        "$GO" build -trimpath -ldflags "-X main.version=$VERSION" -o "$out" ./cmd/vaultbar >&2
    else
      CGO_ENABLED=0 GOOS=darwin GOARCH=$arch \
        "$GO" build -trimpath -ldflags "-X main.version=$VERSION" -o "$out" ./cmd/vaultbar >&2
    fi
    flags+=(-binary "$out")
  done
  if $mac && [ "${#flags[@]}" -gt 2 ]; then
    # lipo is Apple's tool for this; macbundle's own fat writer is for Linux.
    local outs=()
    for arch in $MAC_ARCHS; do outs+=("$work/vaultbar-$arch"); done
    lipo -create -output "$work/vaultbar" "${outs[@]}"
    lipo -archs "$work/vaultbar" >&2
    flags=(-binary "$work/vaultbar")
  fi
  echo "${flags[@]}"
}

# notarize submits file (a zip or dmg) and waits for Apple's verdict.
notarize() {
  xcrun notarytool submit "$1" --keychain-profile "$notary" --wait \
    || die "notarization of $1 failed: see xcrun notarytool log <id> --keychain-profile $notary"
}

sign_app() {
  if [ -n "$identity" ]; then
    codesign --force --options runtime --timestamp --sign "$identity" "$app"
  else
    codesign --force --options runtime --sign - "$app"
  fi
  codesign --verify --strict --verbose=2 "$app"
  if [ -n "$notary" ]; then
    ditto -c -k --keepParent "$app" "$work/notarize.zip"
    notarize "$work/notarize.zip"
    xcrun stapler staple "$app"
  fi
}

app() {
  mkdir -p "$work"
  local binaries
  binaries=$(build_binaries)
  "$GO" run ./internal/iconset -icns "$work/Vaultbar.icns"
  # shellcheck disable=SC2086 # binaries is a list of flags without spaces
  "$GO" run ./internal/macbundle -version "$VERSION" -plist Info.plist -icns "$work/Vaultbar.icns" $binaries -o "$app"
  if $mac; then sign_app; fi
  echo "$app ($VERSION)"
}

zip() {
  [ -d "$app" ] || die "$app is missing: run make app first"
  local out=$DIST/Vaultbar-${VERSION#v}.zip
  rm -f "$out"
  if $mac; then
    ditto -c -k --keepParent "$app" "$out"
  else
    "$GO" run ./internal/macbundle -zip "$out" "$app"
  fi
  echo "$out"
}

dmg() {
  $mac || die "make dmg needs macOS (hdiutil); on Linux, make zip builds the release archive"
  [ -d "$app" ] || die "$app is missing: run make app first"
  local out=$DIST/Vaultbar-${VERSION#v}.dmg stage=$work/dmg
  rm -rf "$stage" "$out"
  mkdir -p "$stage"
  ditto "$app" "$stage/Vaultbar.app"
  ln -s /Applications "$stage/Applications"
  hdiutil create -volname Vaultbar -srcfolder "$stage" -format UDZO -ov "$out"
  if [ -n "$identity" ]; then
    codesign --force --timestamp --sign "$identity" "$out"
  fi
  if [ -n "$notary" ]; then
    notarize "$out"
    xcrun stapler staple "$out"
  fi
  echo "$out"
}

case $cmd in
  app | zip | dmg) "$cmd" ;;
  *) die "usage: macapp.sh app|zip|dmg" ;;
esac
