package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
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

// The example's files: an inventory and two SBOMs of a small shop.
var (
	shopDir       = filepath.Join("..", "..", "examples", "blastradius", "testdata")
	shopInventory = filepath.Join(shopDir, "inventory.yaml")
	shopSBOMs     = []string{filepath.Join(shopDir, "storefront.cdx.json"), filepath.Join(shopDir, "reports.spdx.json")}
)

const log4j = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"

func graphJSON(t *testing.T, args ...string) (graphResult, string) {
	t.Helper()
	code, stdout, stderr := runCLI(t, "", append([]string{"graph"}, args...)...)
	require.Equal(t, exitOK, code, stderr)
	var res graphResult
	require.NoError(t, json.Unmarshal([]byte(stdout), &res), stdout)
	return res, stdout
}

func TestGraphUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		msg  string
	}{
		{"nothing", []string{"graph"}, "want a query, a target and at least one input"},
		{"no input", []string{"graph", "dependents", log4j}, "want a query, a target and at least one input"},
		{"unknown query", []string{"graph", "frobnicate", log4j, "x.json"}, `unknown query "frobnicate"`},
		{"invalid purl", []string{"graph", "dependents", "pkg:/", "x.json"}, "invalid package URL"},
		{"unknown flag", []string{"graph", "--bogus", "dependents", log4j, "x.json"}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", tt.args...)
			assert.Equal(t, exitUsage, code)
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, tt.msg)
		})
	}
	code, _, stderr := runCLI(t, "", "graph", "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stderr, "blast-radius")
}

func TestGraphBlastRadius(t *testing.T) {
	res, _ := graphJSON(t, append([]string{"blast-radius", "CVE-2021-44228", "--inventory", shopInventory, "--json"}, shopSBOMs...)...)
	assert.Equal(t, "blast-radius", res.Query)
	assert.Equal(t, "CVE-2021-44228", res.Target)
	assert.Equal(t, []string{"CVE-2021-44228", "GHSA-jfh8-c2jp-5v3q"}, res.Vulns)
	assert.Equal(t, []string{log4j}, res.Vulnerable)
	assert.Equal(t, []string{
		"pkg:maven/com.shop/reports@1.4.0", "pkg:maven/com.shop/storefront@3.2.0", log4j,
		"pkg:maven/org.springframework.boot/spring-boot-starter-log4j2@2.6.1",
	}, res.Components)
	assert.Equal(t, []string{"reports", "storefront"}, res.Services)
	assert.Equal(t, []string{"data", "web"}, res.Owners)
	assert.Equal(t, []string{"commerce"}, res.Escalation)
	assert.Equal(t, []string{"production", "staging"}, res.Environments)
	assert.Equal(t, []aspm.DataClass{aspm.DataFinancial, aspm.DataPCI, aspm.DataPII}, res.DataClasses)
	require.Len(t, res.Paths, 2)
	doc := "document:" + graph.DocumentName(shopSBOMs[1])
	assert.Equal(t, graph.Path{"service:reports", doc, "component:pkg:maven/com.shop/reports@1.4.0", "component:" + log4j}, res.Paths[0])
	assert.Equal(t, "service:storefront", res.ExposedPath[0])

	// The text form names the same things.
	code, text, _ := runCLI(t, "", append([]string{"graph", "blast-radius", "GHSA-jfh8-c2jp-5v3q", "--inventory", shopInventory}, shopSBOMs...)...)
	require.Equal(t, exitOK, code)
	for _, want := range []string{"vulnerability: CVE-2021-44228 = GHSA-jfh8-c2jp-5v3q", "services (2):", "  storefront", "escalation (1):", "shortest path from the internet: service:storefront"} {
		assert.Contains(t, text, want)
	}
}

func TestGraphQueries(t *testing.T) {
	inputs := append([]string{"--inventory", shopInventory}, shopSBOMs...)
	tests := []struct {
		query, target string
		text          string
	}{
		{"dependents", log4j, "pkg:maven/com.shop/reports@1.4.0\npkg:maven/com.shop/storefront@3.2.0\npkg:maven/org.springframework.boot/spring-boot-starter-log4j2@2.6.1\n"},
		{"dependents", "pkg:maven/org.apache.logging.log4j/log4j-api", "pkg:maven/com.shop/reports@1.4.0\npkg:maven/com.shop/storefront@3.2.0\n" + log4j + "\npkg:maven/org.springframework.boot/spring-boot-starter-log4j2@2.6.1\n"},
		{"dependencies", "pkg:maven/com.shop/reports@1.4.0", "pkg:maven/org.apache.commons/commons-text@1.9\npkg:maven/org.apache.logging.log4j/log4j-api@2.14.1\n" + log4j + "\n"},
		{"paths", "pkg:maven/org.apache.commons/commons-text@1.9", "service:reports → document:" + graph.DocumentName(shopSBOMs[1]) + " → component:pkg:maven/com.shop/reports@1.4.0 → component:pkg:maven/org.apache.commons/commons-text@1.9\n"},
		{"owners", log4j, "data <data-team@shop.example>: reports\nweb <#web-oncall>: storefront (part of commerce)\n"},
		{"owners", "pkg:npm/next", "web <#web-oncall>: marketing-site (part of commerce)\n"},
		{"dependents", "pkg:npm/unknown@1.0.0", ""},
	}
	for _, tt := range tests {
		t.Run(tt.query+" "+tt.target, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", append([]string{"graph", tt.query, tt.target}, inputs...)...)
			require.Equal(t, exitOK, code, stderr)
			assert.Equal(t, tt.text, stdout)
		})
	}
	res, _ := graphJSON(t, append([]string{"dependencies", "pkg:maven/com.shop/storefront@3.2.0", "--depth", "1", "--json"}, inputs...)...)
	assert.Equal(t, []string{"pkg:maven/org.springframework.boot/spring-boot-starter-log4j2@2.6.1", "pkg:maven/org.springframework.boot/spring-boot-starter-web@2.6.1"}, res.Components)
	assert.Equal(t, []string{"storefront"}, res.Services)

	_, _, stderr := runCLI(t, "", append([]string{"graph", "dependents", "pkg:npm/unknown@1.0.0"}, inputs...)...)
	assert.Contains(t, stderr, "pkg:npm/unknown@1.0.0 is not in the graph")
}

func TestGraphDrift(t *testing.T) {
	res, _ := graphJSON(t, "drift", shopSBOMs[0], "--json", shopSBOMs[1])
	assert.Equal(t, []string{"pkg:maven/com.shop/reports@1.4.0", "pkg:maven/org.apache.commons/commons-text@1.9"}, res.Added)
	assert.Equal(t, []string{
		"pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.0", "pkg:maven/com.shop/storefront@3.2.0",
		"pkg:maven/org.springframework.boot/spring-boot-starter-log4j2@2.6.1", "pkg:maven/org.springframework.boot/spring-boot-starter-web@2.6.1",
	}, res.Removed)
	assert.Empty(t, res.Changed)

	code, text, _ := runCLI(t, "", "graph", "drift", shopSBOMs[0], shopSBOMs[0])
	assert.Equal(t, exitOK, code)
	assert.Empty(t, text, "a document does not drift from itself")
}

func TestGraphBadInputs(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "inventory.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("services:\n  - name: a\n    data_classes: [top-secret]\n"), 0o600))
	code, stdout, stderr := runCLI(t, "", "graph", "blast-radius", log4j, "--inventory", bad, shopSBOMs[0])
	assert.Equal(t, exitFailed, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "posture: "+bad+":3:20: services[0].data_classes[0]:")

	// A missing input fails the run, and the answer from the others is
	// still given.
	code, stdout, stderr = runCLI(t, "", "graph", "dependents", log4j, filepath.Join(dir, "missing.json"), shopSBOMs[0])
	assert.Equal(t, exitFailed, code)
	assert.Contains(t, stderr, "missing.json")
	assert.Contains(t, stdout, "spring-boot-starter-log4j2")

	// Files of no known format found by walking a directory are skipped.
	walk := filepath.Join(dir, "walk")
	require.NoError(t, os.MkdirAll(walk, 0o700))
	sbom, err := os.ReadFile(shopSBOMs[0])
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(walk, "storefront.cdx.json"), sbom, 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(walk, "README.md"), []byte("notes\n"), 0o600))
	code, stdout, stderr = runCLI(t, "", "graph", "dependents", log4j, walk)
	assert.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, "README.md: ingest: unknown format (skipped)")
	assert.Contains(t, stdout, "spring-boot-starter-log4j2")
}

// extOracle is the part of an .oracle.json file this test reads.
type extOracle struct {
	DependentsOf map[string][]string `json:"dependents_of"`
}

// TestGraphExt: from the command line, the dependents of every leaf that
// the oracle of a real SBOM samples are the oracle's, and drift between
// two versions of one project is the library's (POSTURE_EXT).
func TestGraphExt(t *testing.T) {
	dir := filepath.Join(testenv.Ext(t), "sbom")
	reg := ingest.Default()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".oracle.json") {
			return err
		}
		raw, err := os.ReadFile(path + ".oracle.json")
		if err != nil {
			return nil //nolint:nilerr // no oracle: not checked here
		}
		rel, _ := filepath.Rel(dir, path)
		t.Run(rel, func(t *testing.T) {
			head, _ := os.ReadFile(path)
			if _, err := reg.Detect(head[:min(len(head), ingest.DetectLimit)]); err != nil {
				t.Skipf("posture does not detect %s's format yet: %v", rel, err)
			}
			var o extOracle
			require.NoError(t, json.Unmarshal(raw, &o))
			for leaf, deps := range o.DependentsOf {
				target := leaf
				if p, err := aspm.ParsePURL(leaf); err == nil && p.Version() == "" {
					target = graph.ComponentKey(p)
				}
				res, _ := graphJSON(t, "dependents", target, "--json", "--quiet", path)
				var got, want []string
				for _, c := range res.Components {
					if !strings.HasPrefix(c, "pkg:") {
						c = c[strings.LastIndexByte(c, '#')+1:]
					}
					got = append(got, c)
				}
				for _, d := range deps {
					if p, err := aspm.ParsePURL(d); err == nil && strings.HasPrefix(d, "pkg:") {
						d = strings.TrimPrefix(graph.ComponentKey(p), "component:")
					}
					want = append(want, d)
				}
				slices.Sort(got)
				slices.Sort(want)
				assert.Equal(t, slices.Compact(want), got, "dependents of %s", leaf)
			}
		})
		return nil
	})
	require.NoError(t, err)

	pairs := [][2]string{
		{"bom-examples/juice-shop-v11.1.2.bom.json", "bom-examples/juice-shop-14.1.1-via_npm-bare.bom.1.4.json"},
		{"bom-shelter/microsoft-sbom-tool-0.3.0-win-x64.spdx.json", "bom-shelter/microsoft-sbom-tool-1.1.2.spdx.json"},
	}
	for _, p := range pairs {
		t.Run("drift "+p[0], func(t *testing.T) {
			base, cur := filepath.Join(dir, p[0]), filepath.Join(dir, p[1])
			res, _ := graphJSON(t, "drift", base, "--json", "--quiet", cur)
			g := graph.New()
			for _, f := range []string{base, cur} {
				doc, err := reg.DecodeFile(t.Context(), "", f)
				require.NoError(t, err)
				require.NoError(t, g.AddDocument(doc))
			}
			want, err := g.Drift(base, cur)
			require.NoError(t, err)
			assert.Equal(t, want.Added, res.Added)
			assert.Equal(t, want.Removed, res.Removed)
			assert.Equal(t, want.Changed, res.Changed)
			assert.False(t, want.Empty())
		})
	}
}
