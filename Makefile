# Vaultbar. `make test` is the whole check, the one CI runs (.ci/run): it installs what is
# missing (scripts/deps.sh), lints, cross-compiles, runs the unit tests, then the end-to-end
# tests (TestE2E*) inside a private desktop session (scripts/session.sh).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.NOTPARALLEL:
.DEFAULT_GOAL := build

GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
ARGS    ?=
step     = @printf '\n=== make %s\n' $@

.PHONY: run build test deps lint cross unit e2e bench screenshots alfred app zip dmg cask
.PHONY: deb

## run: run the app from source; arguments in ARGS="..."
run:
	$(GO) run ./cmd/vaultbar $(ARGS)

## build: bin/vaultbar, stamped with the git version
build:
	$(GO) build -trimpath -ldflags "-X main.version=$(VERSION)" -o bin/vaultbar ./cmd/vaultbar

## app: dist/Vaultbar.app (universal, signed on a Mac; the darwin CLI build on Linux); see scripts/macapp.sh
app:
	VERSION="$(VERSION)" GO="$(GO)" scripts/macapp.sh app

## zip: dist/Vaultbar-<version>.zip, the release archive of the app
zip: app
	VERSION="$(VERSION)" GO="$(GO)" scripts/macapp.sh zip

## dmg: dist/Vaultbar-<version>.dmg (macOS only)
dmg: app
	VERSION="$(VERSION)" GO="$(GO)" scripts/macapp.sh dmg

## cask: dist/vaultbar.rb, the Homebrew cask for the release zip (a tagged build)
cask: zip
	scripts/cask.sh "dist/Vaultbar-$(patsubst v%,%,$(VERSION)).zip" "$(VERSION)" > dist/vaultbar.rb.tmp
	mv dist/vaultbar.rb.tmp dist/vaultbar.rb

## alfred: dist/Vaultbar.alfredworkflow, the Alfred workflow (packaging/alfred) as Alfred imports it
alfred:
	$(GO) run ./internal/alfredpack -o dist/Vaultbar.alfredworkflow packaging/alfred

## deb: $(DIST)/vaultbar_<version>_<arch>.deb with nfpm (tools/go.mod), lintian-clean
# The binary is cgo (systray), PIE, full RELRO and stripped: what lintian wants of a Debian
# binary. DEB_VERSION: packaging/linux/debversion.sh (v1.2.3 -> 1.2.3, untagged -> 0.0.0~gitN.HASH).
# Reproducible: every date in it (files, man page) is the commit's unless SOURCE_DATE_EPOCH is set.
DIST        ?= dist
DEB_STAGE    = $(DIST)/deb
DEB_VERSION  = $(shell packaging/linux/debversion.sh '$(VERSION)')
DEB_EPOCH    = $(or $(SOURCE_DATE_EPOCH),$(shell git log -1 --format=%ct 2>/dev/null || date +%s))
deb:
	$(step)
	rm -rf $(DEB_STAGE) && mkdir -p $(DEB_STAGE)
	CGO_ENABLED=1 $(GO) build -trimpath -buildmode=pie -o $(DEB_STAGE)/vaultbar \
	  -ldflags "-s -w -X main.version=$(VERSION) -linkmode=external -extldflags=-Wl,-z,relro,-z,now" ./cmd/vaultbar
	$(GO) run ./internal/iconset -hicolor $(DEB_STAGE)/icons
	$(DEB_STAGE)/vaultbar help | $(GO) run ./internal/manpage -version '$(VERSION)' \
	  -date "$$(date -u -d @$(DEB_EPOCH) +%F)" -see-also 'aws-vault(1)' \
	  -summary 'aws-vault in the menu bar' \
	  -description "With no command, vaultbar runs the menu-bar app: each profile of the AWS config \
	    is a menu that opens the AWS console, copies temporary credentials or serves them to programs. \
	    The commands work on the same keyring as aws-vault (Secret Service, KWallet, pass or an \
	    encrypted file) from a terminal, through the running app when there is one." \
	  | gzip -9n > $(DEB_STAGE)/vaultbar.1.gz
	gzip -9n < packaging/linux/changelog > $(DEB_STAGE)/changelog.gz
	DEB_STAGE=$(DEB_STAGE) DEB_VERSION=$(DEB_VERSION) GOARCH=$$($(GO) env GOARCH) \
	  SOURCE_DATE_EPOCH=$(DEB_EPOCH) \
	  $(GO) tool -modfile=tools/go.mod nfpm package -f packaging/linux/nfpm.yaml -p deb -t $(DIST)/

## test: everything, in this order
test: deps lint cross unit e2e

deps:
	$(step)
	scripts/deps.sh

lint:
	$(step)
	@bad=$$(find . -name '*.go' -not -path './.*' -not -path '*/testdata/*' -print0 | xargs -0 -r gofmt -l); \
	  if [ -n "$$bad" ]; then echo "gofmt -l: not formatted:"; echo "$$bad"; exit 1; fi
	$(GO) vet ./...
	scripts/deps.sh --tools
	"$$(scripts/deps.sh --tools-dir)/staticcheck" ./...
	"$$(scripts/deps.sh --tools-dir)/actionlint" -shellcheck "$$(command -v shellcheck)"

# macOS code cannot be built here (systray and the keychain need cgo): vet for darwin every
# package that does not depend on fyne.io/systray, as found by go list (new packages included).
cross:
	$(step)
	GOOS=windows GOARCH=amd64 $(GO) build ./...
	pkgs=$$(GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 $(GO) list -f '{{.ImportPath}}{{range .Deps}} {{.}}{{end}}' ./... \
	  | awk '!/ fyne\.io\/systray( |\/|$$)/ { print $$1 }'); \
	  echo "darwin vet: $$pkgs" | tr '\n' ' '; echo; \
	  GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 $(GO) vet $$pkgs

# Outside the desktop session; TestE2E* need it and run in the next step.
unit:
	$(step)
	$(GO) test -race -count=1 -skip '^TestE2E' ./...

# Only the packages that have end-to-end tests, so every package listed runs some. One
# package at a time (-p 1): they share the X display, the clipboard, the dialogs' title and
# the bus names of the fake tray host and notification server.
e2e:
	$(step)
	aws_vault=$$(scripts/aws-vault.sh); \
	  pkgs=$$(grep -rl --include='*_test.go' '^func TestE2E' . | xargs -n1 dirname | sort -u); \
	  scripts/session.sh --collection awsvault -- \
	  env VAULTBAR_AWS_VAULT="$$aws_vault" $(GO) test -p 1 -count=1 -run '^TestE2E' $$pkgs

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
	scripts/bench.sh
	scripts/bench-start.sh
	scripts/bench-server.sh
	scripts/bench-tray.sh
	scripts/bench-concurrent.sh
	scripts/bench-app.sh
	scripts/bench-size.sh
	scripts/bench-sso.sh

## screenshots: the open menu in a real panel (xfce4-panel under Xvfb), into docs/screenshots/
screenshots:
	scripts/screenshots.sh
