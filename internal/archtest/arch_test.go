package archtest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Every rule is checked for each platform Vaultbar ships on: files behind build tags import
// different things.
var platforms = []string{"darwin", "linux", "windows"}

// A rule says what the packages at each of dirs, and below them, may depend on (import,
// directly or not). Patterns are import paths; "{module}" is this module, and a trailing
// "/..." takes in the packages below the path, as in go list. A package a rule names must
// exist: a rule about a package that moved would otherwise check nothing.
type rule struct {
	dirs   []string // module-relative
	forbid []string // never these
	stdlib bool     // nothing but the standard library, the dir's own packages and allow
	allow  []string
	why    string // the failure message's reason
}

var ui = []string{"{module}/desktop/...", "fyne.io/systray/...", "github.com/ncruces/zenity/..."}

var rules = []rule{
	// The engine knows nothing of the application layer or of any entrance.
	{dirs: []string{"vault", "login", "server"},
		forbid: slices.Concat(ui, []string{"{module}/app/...", "{module}/control/...", "{module}/tray/..."}),
		why:    "the engine knows no UI, app layer, control socket or menu"},
	{dirs: []string{"server"}, forbid: []string{"{module}/vault/...", "{module}/login/..."},
		why: "the servers serve whatever credentials function main hands them"},
	{dirs: []string{"app"}, forbid: ui,
		why: "app is headless: dialogs, clipboard, notifications and the tray come in as function fields"},
	{dirs: []string{"control"}, stdlib: true, allow: []string{"golang.org/x/sys/...", "{module}/internal/filelock"},
		why: "the control socket uses the standard library, golang.org/x/sys and internal/filelock only"},
	{dirs: []string{"tray"}, stdlib: true,
		why: "tray uses the standard library only: never vault, login, server or app (main wires them in through tray.Deps)"},
	{dirs: []string{"desktop/urlevents"}, forbid: []string{"fyne.io/systray/...", "{module}/desktop"},
		why: "the URL receiver runs beside the tray, not through it"},
	{dirs: []string{"desktop/autostart"}, forbid: []string{"fyne.io/systray/...", "{module}/desktop", "github.com/ncruces/zenity/..."},
		why: "start at login is used by the CLI too, and must build without cgo for every OS"},
}

type pkg struct {
	ImportPath   string
	Standard     bool
	DepOnly      bool
	Imports      []string
	TestImports  []string
	XTestImports []string
	Deps         []string
}

func TestImportDirection(t *testing.T) {
	root, module := moduleRoot(t)
	listed := map[string]map[string]*pkg{} // goos -> import path -> package
	for _, goos := range platforms {
		listed[goos] = map[string]*pkg{}
		for _, p := range goList(t, root, goos, module+"/...") {
			listed[goos][p.ImportPath] = p
		}
	}
	// A package may be built for one platform only (a macOS event receiver); it must exist
	// for some.
	for _, r := range rules {
		for _, d := range r.dirs {
			if !slices.ContainsFunc(platforms, func(goos string) bool { return listed[goos][module+"/"+d] != nil }) {
				t.Errorf("package %s does not exist: its rule (%s) checks nothing; update internal/archtest if it moved", d, r.why)
			}
		}
	}
	for _, goos := range platforms {
		t.Run(goos, func(t *testing.T) {
			byPath := listed[goos]
			paths := slices.Sorted(maps.Keys(byPath)) // failures in a stable order
			for _, r := range rules {
				for _, d := range r.dirs {
					dir := module + "/" + d
					for _, path := range paths {
						p := byPath[path]
						if p.DepOnly || !under(path, dir) {
							continue
						}
						for _, dep := range p.Deps {
							if r.forbids(module, dir, dep, byPath[dep]) {
								t.Errorf("%s imports %s (directly or not): %s", p.ImportPath, dep, r.why)
							}
						}
					}
				}
			}

			t.Run("cmd", func(t *testing.T) {
				for _, path := range paths {
					p := byPath[path]
					if p.DepOnly {
						continue
					}
					for _, imp := range slices.Concat(p.Imports, p.TestImports, p.XTestImports) {
						if under(imp, module+"/cmd") && !under(p.ImportPath, cmdTree(imp, module)) {
							t.Errorf("%s imports %s; nothing imports from cmd/", p.ImportPath, imp)
						}
					}
				}
			})
		})
	}
}

// forbids reports whether r forbids the packages at dir to depend on dep (p: its listing).
func (r rule) forbids(module, dir, dep string, p *pkg) bool {
	matches := func(patterns []string) bool {
		return slices.ContainsFunc(patterns, func(pattern string) bool {
			pattern = strings.ReplaceAll(pattern, "{module}", module)
			if tree, ok := strings.CutSuffix(pattern, "/..."); ok {
				return under(dep, tree)
			}
			return dep == pattern
		})
	}
	switch {
	case matches(r.forbid):
		return true
	case !r.stdlib || p == nil || p.Standard || under(dep, dir):
		return false
	}
	return !matches(r.allow)
}

// TestPackageDocs checks that every package has exactly one package doc comment, and that it
// starts with "Package name" (package main: any text, usually "Command name").
func TestPackageDocs(t *testing.T) {
	root, _ := moduleRoot(t)
	docs := map[string][]string{} // dir + " " + package name -> files with a doc comment
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); path != root && err == nil {
				return filepath.SkipDir // another module
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.PackageClauseOnly|parser.ParseComments)
		if err != nil {
			return err
		}
		if ignored(t, path) {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		key := filepath.Dir(rel) + " " + f.Name.Name
		if _, ok := docs[key]; !ok {
			docs[key] = nil // a package with no doc comment at all
		}
		if f.Doc != nil {
			docs[key] = append(docs[key], rel)
			if text := f.Doc.Text(); f.Name.Name != "main" && !strings.HasPrefix(text, "Package "+f.Name.Name+" ") {
				t.Errorf("%s: package doc should start with %q, got %q", rel, "Package "+f.Name.Name+" ", firstLine(text))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for key, files := range docs {
		dir, name, _ := strings.Cut(key, " ")
		switch len(files) {
		case 0:
			t.Errorf("package %s in %s has no package doc comment (put it in doc.go or the main file)", name, dir)
		case 1:
		default:
			t.Errorf("package %s in %s has %d package doc comments, want 1: %s", name, dir, len(files), strings.Join(files, ", "))
		}
	}
}

// ignored reports whether the file is excluded from every build by //go:build ignore.
func ignored(t *testing.T, path string) bool {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := strings.TrimSpace(s.Text())
		if strings.HasPrefix(line, "package ") {
			break
		}
		if expr, err := constraint.Parse(line); err == nil {
			return !expr.Eval(func(tag string) bool { return tag != "ignore" })
		}
	}
	return false
}

// goList lists the packages matching pattern and all their dependencies, as built for goos.
func goList(t *testing.T, dir, goos, pattern string) []*pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-e", "-deps",
		"-json=ImportPath,Standard,DepOnly,Imports,TestImports,XTestImports,Deps", pattern)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH=amd64", "CGO_ENABLED=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.Bytes())
	}
	var pkgs []*pkg
	for dec := json.NewDecoder(bytes.NewReader(out)); ; {
		p := new(pkg)
		if err := dec.Decode(p); errors.Is(err, io.EOF) {
			return pkgs
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
}

// moduleRoot returns the directory holding go.mod, above the test's directory, and the
// module path.
func moduleRoot(t *testing.T) (dir, module string) {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			for line := range strings.Lines(string(data)) {
				if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
					return dir, strings.Trim(strings.TrimSpace(rest), `"`)
				}
			}
			t.Fatalf("%s/go.mod has no module line", dir)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

// under reports whether path is dir or inside it.
func under(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, dir+"/")
}

// cmdTree returns module/cmd/NAME for an import path under module/cmd/NAME/...
func cmdTree(importPath, module string) string {
	name, _, _ := strings.Cut(strings.TrimPrefix(importPath, module+"/cmd/"), "/")
	return module + "/cmd/" + name
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
