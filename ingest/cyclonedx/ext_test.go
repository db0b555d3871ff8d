package cyclonedx_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest"
	"github.com/posturekit/posture/ingest/cyclonedx"
	"github.com/posturekit/posture/internal/testenv"
)

// oracle is the part of an .oracle.json file beside a shared SBOM that this
// test checks: the package-level graph computed independently.
type oracle struct {
	Nodes int `json:"nodes"`
	Edges int `json:"edges"`
}

// TestExtSBOMs decodes every CycloneDX SBOM of the shared collection
// (POSTURE_EXT) and, where an oracle is beside it, compares the graph.
//
// The oracle keys a node by its purl, else its bom-ref; it merges elements
// that share a purl, keeps only the first element of a duplicated bom-ref,
// counts dangling dependency refs as nodes, and counts distinct
// dependsOn edges between distinct keys. The decoder keeps every element and
// every edge as the input states them, so the test folds the document the
// same way before comparing.
func TestExtSBOMs(t *testing.T) {
	dir := filepath.Join(testenv.Ext(t), "sbom")
	reg := ingest.NewRegistry(&cyclonedx.JSONDecoder{}, &cyclonedx.XMLDecoder{})
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".oracle.json") {
			return err
		}
		head, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if _, err := reg.Detect(head[:min(len(head), ingest.DetectLimit)]); err == nil {
			files = append(files, path)
		}
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, files, "no CycloneDX file under %s", dir)
	for _, path := range files {
		rel, _ := filepath.Rel(dir, path)
		t.Run(rel, func(t *testing.T) {
			doc, err := reg.DecodeFile(t.Context(), "", path)
			require.NoError(t, err)
			require.NotEmpty(t, doc.Components)
			assert.Empty(t, doc.Findings, "an SBOM has no findings")
			for _, d := range doc.Diagnostics {
				assert.NotEqual(t, aspm.DiagError, d.Level, "%s", d)
			}

			raw, err := os.ReadFile(path + ".oracle.json")
			if errors.Is(err, fs.ErrNotExist) {
				return
			}
			require.NoError(t, err)
			var want oracle
			require.NoError(t, json.Unmarshal(raw, &want))
			nodes, edges := graphCounts(doc)
			t.Logf("%d components, %d relationships, %d diagnostics; graph %d nodes, %d edges", len(doc.Components), len(doc.Relationships), len(doc.Diagnostics), nodes, edges)
			assert.Equal(t, want.Nodes, nodes, "nodes")
			assert.Equal(t, want.Edges, edges, "edges")
		})
	}
}

// graphCounts folds a document's components and depends_on edges the way
// the oracle does and counts distinct nodes and edges.
func graphCounts(doc *aspm.Document) (nodes, edges int) {
	keyOf := map[string]string{} // bom-ref → node key; the first element wins
	keys := map[string]bool{}
	for i := range doc.Components {
		c := &doc.Components[i]
		if c.Type == "service" {
			continue
		}
		key := c.Ref
		if !c.PURL.IsZero() {
			key = c.PURL.String()
		}
		if c.Ref != "" {
			if _, dup := keyOf[c.Ref]; dup {
				continue
			}
			keyOf[c.Ref] = key
		}
		if key != "" {
			keys[key] = true
		}
	}
	node := func(ref string) string {
		if k, ok := keyOf[ref]; ok {
			return k
		}
		keys[ref] = true // a dangling ref is a node of its own
		return ref
	}
	type edge struct{ from, to string }
	seen := map[edge]bool{}
	for _, r := range doc.Relationships {
		if r.Type != aspm.RelDependsOn {
			continue
		}
		e := edge{node(r.From), node(r.To)}
		if e.from != e.to {
			seen[e] = true
		}
	}
	return len(keys), len(seen)
}
