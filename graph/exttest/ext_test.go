// Package exttest_test checks the context graph against real SBOMs: the
// shared collection that POSTURE_EXT names (skipped when it is unset),
// decoded by posture's default registry. It lives apart from package
// graph's own tests so that those build without every decoder.
package exttest_test

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/ingest"
	"github.com/posturekit/posture/internal/testenv"
)

// extOracle is an .oracle.json file beside a shared SBOM: its
// package-level graph computed independently (see the ext README).
type extOracle struct {
	Nodes        int                 `json:"nodes"`
	Edges        int                 `json:"edges"`
	LeafSample   []string            `json:"leaf_sample"`
	DependentsOf map[string][]string `json:"dependents_of"`
}

// oracleKey is how a node of the oracle is compared: a purl by its key, a
// bom-ref or SPDXID as it is.
func oracleKey(s string) string {
	if strings.HasPrefix(s, "pkg:") {
		if p, err := aspm.ParsePURL(s); err == nil {
			return strings.TrimPrefix(graph.ComponentKey(p), "component:")
		}
	}
	return s
}

// nodeKey is how a component node of the graph is compared with the
// oracle's keys.
func nodeKey(n graph.Node) string {
	if p := n.PURL(); !p.IsZero() {
		return n.Name()
	}
	if _, ref, ok := n.Ref(); ok {
		return ref
	}
	return n.Label()
}

// leafTarget is the graph's key for an oracle leaf of a document.
func leafTarget(file, leaf string) string {
	if strings.HasPrefix(leaf, "pkg:") {
		if p, err := aspm.ParsePURL(leaf); err == nil {
			return graph.ComponentKey(p)
		}
	}
	return graph.RefKey(file, leaf)
}

// extSBOMs lists the SBOMs of the shared collection that have an oracle.
func extSBOMs(t *testing.T) (string, []string) {
	dir := filepath.Join(testenv.Ext(t), "sbom")
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".oracle.json") {
			return err
		}
		if _, err := os.Stat(path + ".oracle.json"); err == nil {
			files = append(files, path)
		}
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return dir, files
}

// decodeExt decodes a shared SBOM with the default registry, skipping the
// test when its format is not registered yet.
//
// A file that detection misses (a JSON SBOM whose identifying keys come
// after the detection window) is decoded by naming each SBOM format in
// turn, so that the graph is still checked.
func decodeExt(t *testing.T, path string) *aspm.Document {
	t.Helper()
	reg := ingest.Default()
	doc, err := reg.DecodeFile(t.Context(), "", path)
	if errors.Is(err, ingest.ErrUnknownFormat) {
		for _, f := range reg.Formats() {
			if !strings.HasPrefix(string(f), "cyclonedx") && !strings.HasPrefix(string(f), "spdx") {
				continue
			}
			if d, ferr := reg.DecodeFile(t.Context(), f, path); ferr == nil {
				t.Logf("%s: not detected (%v); read as %s", path, err, f)
				return d
			}
		}
		t.Skipf("%s: no registered decoder reads it yet: %v", path, err)
	}
	require.NoError(t, err)
	return doc
}

func readOracle(t *testing.T, path string) extOracle {
	t.Helper()
	raw, err := os.ReadFile(path + ".oracle.json")
	require.NoError(t, err)
	var o extOracle
	require.NoError(t, json.Unmarshal(raw, &o))
	return o
}

// TestExtDependents builds a graph from each real SBOM with an oracle
// (POSTURE_EXT) and checks that the transitive dependents of every leaf
// the oracle samples are exactly the oracle's.
func TestExtDependents(t *testing.T) {
	dir, files := extSBOMs(t)
	for _, path := range files {
		rel, _ := filepath.Rel(dir, path)
		t.Run(rel, func(t *testing.T) {
			doc := decodeExt(t, path)
			want := readOracle(t, path)
			g := graph.New()
			require.NoError(t, g.AddDocument(doc))
			require.NotEmpty(t, want.DependentsOf)
			for leaf, deps := range want.DependentsOf {
				var wantKeys []string
				for _, d := range deps {
					wantKeys = append(wantKeys, oracleKey(d))
				}
				slices.Sort(wantKeys)
				wantKeys = slices.Compact(wantKeys)
				target := leafTarget(doc.Source.File, leaf)
				_, ok := g.Node(target)
				require.True(t, ok, "leaf %s is not in the graph as %s", leaf, target)
				var got []string
				for n := range g.Dependents(target, 0) {
					got = append(got, nodeKey(n))
				}
				slices.Sort(got)
				assert.Equal(t, wantKeys, got, "dependents of %s", leaf)
			}
		})
	}
}

// extPairs reads CATALOG.tsv's pairs: files that describe one project in
// two encodings or formats (enc-*, fmt-*, spdxver-*), or one project at two
// versions (drift-*), grouped by pair id; only files present are kept.
func extPairs(t *testing.T) map[string][]string {
	root := testenv.Ext(t)
	f, err := os.Open(filepath.Join(root, "CATALOG.tsv"))
	require.NoError(t, err)
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	require.NoError(t, err)
	rePair := regexp.MustCompile(`PAIR ((?:enc|fmt|spdxver|drift)-[A-Z])\b`)
	pairs := map[string][]string{}
	for _, row := range rows[1:] {
		if len(row) < 9 || !strings.HasPrefix(row[0], "sbom/") {
			continue
		}
		m := rePair.FindStringSubmatch(row[8])
		if m == nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(root, row[0])); err == nil {
			pairs[m[1]] = append(pairs[m[1]], filepath.Join(root, row[0]))
		}
	}
	for id, files := range pairs {
		slices.Sort(files)
		if len(files) < 2 {
			delete(pairs, id)
		}
	}
	return pairs
}

// shape is a graph reduced to what two encodings of one SBOM must share:
// its components with a purl, and for each its dependents, named by purl
// key, or, for a component without a purl, by name and version (refs
// differ between formats, and formats differ in whether the image and its
// operating system are components). Edge kinds are not compared: SPDX
// tag-value may say DEPENDS_ON where JSON says CONTAINS.
type shape struct {
	Components []string
	Dependents map[string][]string
}

func shapeOf(t *testing.T, doc *aspm.Document) shape {
	g := graph.New()
	require.NoError(t, g.AddDocument(doc))
	names := map[string]string{}
	for _, c := range doc.Components {
		if c.PURL.IsZero() && c.Ref != "" {
			names[c.Ref] = "name:" + c.Name + "@" + c.Version
		}
	}
	label := func(n graph.Node) string {
		if p := n.PURL(); !p.IsZero() {
			return n.Name()
		}
		if _, ref, ok := n.Ref(); ok && names[ref] != "" {
			return names[ref]
		}
		return n.Label()
	}
	s := shape{Dependents: map[string][]string{}}
	for n := range g.Nodes(graph.NodeComponent) {
		if n.PURL().IsZero() {
			continue
		}
		l := label(n)
		s.Components = append(s.Components, l)
		var deps []string
		for d := range g.Dependents(n.Key, 0) {
			deps = append(deps, label(d))
		}
		slices.Sort(deps)
		s.Dependents[l] = deps
	}
	slices.Sort(s.Components)
	return s
}

// TestExtPairs: the same project as CycloneDX and as SPDX, or as XML and
// as JSON, yields the same graph; two versions of one project drift, and
// Graph.Drift agrees with DriftBetween on the components both see.
func TestExtPairs(t *testing.T) {
	pairs := extPairs(t)
	require.NotEmpty(t, pairs)
	for id, files := range pairs {
		t.Run(id, func(t *testing.T) {
			var docs []*aspm.Document
			for _, f := range files {
				docs = append(docs, decodeExt(t, f))
			}
			if strings.HasPrefix(id, "drift-") {
				g := graph.New()
				for _, d := range docs {
					require.NoError(t, g.AddDocument(d))
				}
				for _, pair := range [][2]int{{0, 1}, {1, 0}} {
					base, cur := docs[pair[0]], docs[pair[1]]
					got, err := g.Drift(base.Source.File, cur.Source.File)
					require.NoError(t, err)
					assert.False(t, got.Empty(), "two versions of one project differ")
					want := graph.DriftBetween(base.Components, cur.Components)
					assert.Equal(t, want.Changed, got.Changed)
					t.Logf("%s → %s: %d added, %d removed, %d changed", filepath.Base(base.Source.File), filepath.Base(cur.Source.File), len(got.Added), len(got.Removed), len(got.Changed))
				}
				return
			}
			first := shapeOf(t, docs[0])
			require.NotEmpty(t, first.Components)
			for i, d := range docs[1:] {
				other := shapeOf(t, d)
				assert.Equal(t, first, other, "%s and %s", filepath.Base(files[0]), filepath.Base(files[i+1]))
			}
		})
	}
}
