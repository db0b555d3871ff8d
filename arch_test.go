package posture_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const module = "github.com/posturekit/posture"

// pkgInfo is what the architecture test knows of one package.
type pkgInfo struct {
	ours       map[string]bool // imports of posture packages, by path relative to the module ("" is the root)
	thirdParty map[string]bool // other non-standard imports
	inits      []string        // files declaring func init
}

// loadPackages parses the imports of every non-test Go file in the module.
func loadPackages(t *testing.T) map[string]*pkgInfo {
	t.Helper()
	pkgs := map[string]*pkgInfo{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != "." && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		if dir == "." {
			dir = ""
		}
		p := pkgs[dir]
		if p == nil {
			p = &pkgInfo{ours: map[string]bool{}, thirdParty: map[string]bool{}}
			pkgs[dir] = p
		}
		for _, imp := range f.Imports {
			ip, _ := strconv.Unquote(imp.Path.Value)
			switch {
			case ip == module:
				p.ours[""] = true
			case strings.HasPrefix(ip, module+"/"):
				p.ours[strings.TrimPrefix(ip, module+"/")] = true
			case strings.Contains(strings.Split(ip, "/")[0], "."):
				p.thirdParty[ip] = true
			}
		}
		// init functions need the declarations, not just the imports.
		full, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range full.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "init" {
				p.inits = append(p.inits, path)
			}
		}
		return nil
	})
	require.NoError(t, err)
	return pkgs
}

func first(p string) string { s, _, _ := strings.Cut(p, "/"); return s }

// allowed encodes DESIGN.md's table of allowed imports between posture's
// own packages.
func allowed(from, to string) bool {
	isInternal := first(to) == "internal"
	switch {
	case from == "" || first(from) == "cmd" || first(from) == "examples":
		// The facade, the CLI and examples may use every public package;
		// only the facade may reach internal helpers.
		return !isInternal || from == ""
	case to == "":
		return false // the root facade is imported only by cmd and examples
	}
	switch first(from) {
	case "aspm":
		return to == "aspm" // aspm/aspmtest builds on the model only
	case "internal":
		return to == "aspm" // helpers sit just above the model
	case "graph":
		return to == "aspm" || to == "graph"
	case "ingest", "export":
		stage := first(from)
		if from == stage { // the registry lists its leaves
			return to == "aspm" || isInternal || strings.HasPrefix(to, stage+"/")
		}
		if from == stage+"/"+stage+"test" { // the test kit, e.g. ingest/ingesttest
			return to == "aspm" || to == stage || isInternal // the test kit
		}
		return to == "aspm" || isInternal // a leaf: model and helpers only
	case "correlate", "score", "policy":
		stage := first(from)
		return to == "aspm" || to == "graph" || isInternal || to == stage || strings.HasPrefix(to, stage+"/")
	}
	return false
}

func TestArchitecture(t *testing.T) {
	pkgs := loadPackages(t)
	require.NotEmpty(t, pkgs)
	for from, p := range pkgs {
		for to := range p.ours {
			assert.True(t, allowed(from, to), "%q must not import %q (see DESIGN.md, packages and allowed imports)", pathOf(from), pathOf(to))
		}
		assert.Empty(t, p.inits, "no init() registration (STYLE.md 4): %s", pathOf(from))
		if first(from) == "internal" {
			mods := map[string]bool{}
			for ip := range p.thirdParty {
				mods[moduleOf(ip)] = true
			}
			assert.LessOrEqual(t, len(mods), 1, "%s: an internal package uses at most one third-party library, has %v", pathOf(from), mods)
		}
	}
}

// TestAllowedTable pins the rules themselves, so that a broken allowed()
// cannot pass every package silently.
func TestAllowedTable(t *testing.T) {
	yes := [][2]string{{"ingest", "ingest/sarif"}, {"ingest/sarif", "aspm"}, {"ingest/sarif", "internal/decode"},
		{"graph", "aspm"}, {"correlate", "graph"}, {"score/cvss", "aspm"}, {"score", "score/cvss"}, {"policy", "graph"},
		{"export/sarif", "aspm"}, {"cmd/posture", "ingest"}, {"cmd/posture", ""}, {"examples/demo", "export"},
		{"", "internal/decode"}, {"ingest/ingesttest", "ingest"}, {"aspm/aspmtest", "aspm"}, {"internal/decode", "aspm"}}
	no := [][2]string{{"aspm", "graph"}, {"ingest", "graph"}, {"ingest/sarif", "ingest"}, {"ingest/sarif", "ingest/cyclonedx"},
		{"export", "correlate"}, {"export", "score"}, {"correlate", "score"}, {"score", "policy"}, {"policy", "correlate"},
		{"graph", "ingest"}, {"internal/decode", "ingest"}, {"cmd/posture", "internal/decode"}, {"ingest", ""}, {"export/json", "graph"}}
	for _, e := range yes {
		assert.True(t, allowed(e[0], e[1]), "%s -> %s should be allowed", e[0], e[1])
	}
	for _, e := range no {
		assert.False(t, allowed(e[0], e[1]), "%s -> %s should be forbidden", e[0], e[1])
	}
}

func pathOf(rel string) string {
	if rel == "" {
		return module
	}
	return module + "/" + rel
}

// moduleOf guesses a third-party import's module: host/owner/repo.
func moduleOf(ip string) string {
	parts := strings.Split(ip, "/")
	if len(parts) > 3 {
		parts = parts[:3]
	}
	return strings.Join(parts, "/")
}
