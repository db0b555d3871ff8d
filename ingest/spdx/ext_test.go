package spdx_test

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest"
	"github.com/posturekit/posture/ingest/spdx"
	"github.com/posturekit/posture/internal/testenv"
)

// oracle is the part of an *.oracle.json beside an external SBOM that the
// test compares: the package-level graph's node and edge counts.
type oracle struct {
	Nodes int `json:"nodes"`
	Edges int `json:"edges"`
}

// nodeKey keys a component as the oracles do: its purl as written, else its
// SPDX id.
func nodeKey(c *aspm.Component) string {
	if !c.PURL.IsZero() {
		return c.PURL.String()
	}
	return c.Ref
}

// graphCounts returns the distinct package keys and the distinct
// depends_on/contains edges between distinct keys.
func graphCounts(doc *aspm.Document) (int, int) {
	keyOf := map[string]string{}
	nodes := map[string]bool{}
	for i := range doc.Components {
		c := &doc.Components[i]
		k := nodeKey(c)
		keyOf[c.Ref] = k
		nodes[k] = true
	}
	edges := map[[2]string]bool{}
	for _, r := range doc.Relationships {
		if r.Type != aspm.RelDependsOn && r.Type != aspm.RelContains {
			continue
		}
		f, t := keyOf[r.From], keyOf[r.To]
		if f != "" && t != "" && f != t {
			edges[[2]string{f, t}] = true
		}
	}
	return len(nodes), len(edges)
}

func spdxRegistry() *ingest.Registry {
	return ingest.NewRegistry(&spdx.JSONLDDecoder{}, &spdx.JSONDecoder{}, &spdx.TagValueDecoder{})
}

// TestExternalSBOMs decodes every SPDX document in POSTURE_EXT/sbom and
// checks the package graph against the independent oracle where one exists.
func TestExternalSBOMs(t *testing.T) {
	root := filepath.Join(testenv.Ext(t), "sbom")
	reg := spdxRegistry()
	var seen int
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".oracle.json") {
			return err
		}
		head := make([]byte, ingest.DetectLimit)
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		n, _ := f.Read(head)
		f.Close()
		if _, err := reg.Detect(head[:n]); err != nil {
			return nil // not SPDX
		}
		seen++
		rel, _ := filepath.Rel(root, path)
		t.Run(rel, func(t *testing.T) {
			doc, err := reg.DecodeFile(t.Context(), "", path)
			require.NoError(t, err)
			assert.Empty(t, doc.Findings, "an SBOM has no findings")
			assert.NotEmpty(t, doc.Components)
			for _, d := range doc.Diagnostics {
				assert.NotEqual(t, aspm.DiagError, d.Level, "diagnostic: %s", d)
			}
			raw, err := os.ReadFile(path + ".oracle.json")
			if os.IsNotExist(err) {
				return
			}
			require.NoError(t, err)
			var o oracle
			require.NoError(t, json.Unmarshal(raw, &o))
			nodes, edges := graphCounts(doc)
			assert.Equal(t, o.Nodes, nodes, "package nodes")
			assert.Equal(t, o.Edges, edges, "package-level edges")
		})
		return nil
	})
	require.NoError(t, err)
	assert.Positive(t, seen, "no SPDX documents found under %s", root)
}

var pairTag = regexp.MustCompile(`PAIR (fmt-[A-Za-z0-9]+)`)

// TestExternalPairs checks that the SPDX and CycloneDX renderings of one
// project (CATALOG.tsv notes "PAIR fmt-…") name the same purls. The
// CycloneDX side is read through ingest.Default, and skipped while no
// cyclonedx-json decoder is registered.
func TestExternalPairs(t *testing.T) {
	dir := testenv.Ext(t)
	f, err := os.Open(filepath.Join(dir, "CATALOG.tsv"))
	require.NoError(t, err)
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = '\t', -1, true
	recs, err := r.ReadAll()
	require.NoError(t, err)
	groups := map[string][]string{}
	for _, rec := range recs[1:] {
		if len(rec) < 9 {
			continue
		}
		if m := pairTag.FindStringSubmatch(rec[8]); m != nil {
			groups[m[1]] = append(groups[m[1]], rec[0])
		}
	}
	require.NotEmpty(t, groups)
	def := ingest.Default()
	_, haveCDX := def.Lookup("cyclonedx-json")
	reg := ingest.NewRegistry(append(spdxRegistry().Decoders(), def.Decoders()...)...)
	tags := make([]string, 0, len(groups))
	for tag := range groups {
		tags = append(tags, tag)
	}
	slices.Sort(tags)
	for _, tag := range tags {
		t.Run(tag, func(t *testing.T) {
			var want []string
			var wantFrom string
			compared := 0
			for _, p := range groups[tag] {
				doc, err := reg.DecodeFile(t.Context(), "", filepath.Join(dir, p))
				if errors.Is(err, ingest.ErrUnknownFormat) && !haveCDX {
					continue // a CycloneDX file while no decoder reads it
				}
				require.NoError(t, err, p)
				isSPDX := strings.HasPrefix(string(doc.Source.Format), "spdx")
				if !isSPDX && (!haveCDX || !strings.HasPrefix(string(doc.Source.Format), "cyclonedx")) {
					continue
				}
				var purls []string
				for i := range doc.Components {
					if c := &doc.Components[i]; !c.PURL.IsZero() {
						purls = append(purls, c.PURL.Key())
					}
				}
				slices.Sort(purls)
				purls = slices.Compact(purls)
				compared++
				if want == nil {
					want, wantFrom = purls, p
					continue
				}
				assert.Equal(t, want, purls, "%s and %s name different purls", wantFrom, p)
			}
			if compared < 2 {
				t.Skipf("fewer than two decodable renderings (cyclonedx-json registered: %v)", haveCDX)
			}
		})
	}
}
