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

// The engine packages run without any UI: no desktop edge, no tray, no dialogs.
var (
	headless  = []string{"vault", "login", "server"}
	forbidden = []string{"{module}/desktop", "fyne.io/systray", "github.com/ncruces/zenity"}
)

// The credentials servers serve whatever function main hands them: they know nothing of
// where credentials come from or who shows them.
var serverForbidden = []string{"{module}/vault", "{module}/login", "{module}/tray"}

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
	for _, goos := range platforms {
		t.Run(goos, func(t *testing.T) {
			pkgs := goList(t, root, goos, module+"/...")
			byPath := map[string]*pkg{}
			for _, p := range pkgs {
				byPath[p.ImportPath] = p
			}
			ours := func(dir string) []*pkg { // the module's packages at dir or below it
				var out []*pkg
				for _, p := range pkgs {
					if !p.DepOnly && under(p.ImportPath, module+"/"+dir) {
						out = append(out, p)
					}
				}
				return out
			}

			for _, dir := range headless {
				t.Run(dir, func(t *testing.T) {
					if byPath[module+"/"+dir] == nil {
						t.Skipf("package %s does not exist yet", dir)
					}
					for _, p := range ours(dir) {
						for _, dep := range p.Deps {
							for _, f := range forbidden {
								if under(dep, strings.ReplaceAll(f, "{module}", module)) {
									t.Errorf("%s imports %s (directly or not); it must stay free of UI code", p.ImportPath, dep)
								}
							}
						}
					}
				})
			}

			t.Run("server_knows_nothing_of_vault", func(t *testing.T) {
				if byPath[module+"/server"] == nil {
					t.Skip("package server does not exist yet")
				}
				for _, p := range ours("server") {
					for _, dep := range p.Deps {
						for _, f := range serverForbidden {
							if under(dep, strings.ReplaceAll(f, "{module}", module)) {
								t.Errorf("%s imports %s (directly or not); main wires it to the server", p.ImportPath, dep)
							}
						}
					}
				}
			})

			t.Run("tray", func(t *testing.T) {
				if byPath[module+"/tray"] == nil {
					t.Skip("package tray does not exist yet")
				}
				for _, p := range ours("tray") {
					for _, dep := range p.Deps {
						if d := byPath[dep]; d != nil && !d.Standard && !under(dep, module+"/tray") {
							t.Errorf("%s imports %s; tray uses the standard library only", p.ImportPath, dep)
						}
					}
				}
			})

			// The Apple Event handler is installed before systray.Run, and `make cross` vets only
			// the packages that do not need systray: it stays out of the tray's reach.
			t.Run("urlevents", func(t *testing.T) {
				p := byPath[module+"/desktop/urlevents"]
				if p == nil {
					t.Fatal("package desktop/urlevents is missing")
				}
				for _, dep := range p.Deps {
					if dep == module+"/desktop" || under(dep, "fyne.io/systray") {
						t.Errorf("%s imports %s (directly or not); it runs before the tray exists", p.ImportPath, dep)
					}
				}
			})

			t.Run("cmd", func(t *testing.T) {
				for _, p := range pkgs {
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
