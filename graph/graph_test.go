package graph_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/graph"
)

func TestBuildKeysAndProvenance(t *testing.T) {
	g := shop(t, false)
	st := g.Stats()
	assert.Equal(t, 7, st.ByKind[graph.NodeComponent], "components")
	assert.Equal(t, 6, st.ByKind[graph.NodePackage], "packages: qs has two versions")
	assert.Equal(t, 3, st.ByKind[graph.NodeService])
	assert.Equal(t, 3, st.ByKind[graph.NodeDocument])
	assert.Equal(t, 2, st.ByKind[graph.NodeVuln])
	assert.Equal(t, 4, st.Sources, "three documents and the inventory")

	for _, key := range []string{
		"component:pkg:npm/qs@6.5.2", "package:pkg:npm/qs", "service:checkout", "owner:payments",
		"document:sboms/checkout.cdx.json", "vuln:CVE-2022-24999", "vuln:GHSA-hrpp-h998-j3pp",
		"env:production", "data:pci", "repo:github.com/shop/checkout", "artifact:registry.shop.example/checkout:1.0.0",
		"exposure:internet",
	} {
		_, ok := g.Node(key)
		assert.True(t, ok, key)
	}

	var edges []graph.Edge
	for e := range g.Edges(graph.ComponentKey(aspm.MustParsePURL(purlQS)), true) {
		edges = append(edges, e)
	}
	assert.Equal(t, []graph.Edge{
		{From: "vuln:CVE-2022-24999", To: "component:pkg:npm/qs@6.5.2", Kind: graph.EdgeAffects, Source: "scans/trivy-checkout.json"},
		{From: "component:pkg:npm/express@4.18.2", To: "component:pkg:npm/qs@6.5.2", Kind: graph.EdgeDependsOn, Source: "sboms/checkout.cdx.json"},
		{From: "document:sboms/checkout.cdx.json", To: "component:pkg:npm/qs@6.5.2", Kind: graph.EdgeLists, Source: "sboms/checkout.cdx.json"},
		{From: "document:scans/trivy-checkout.json", To: "component:pkg:npm/qs@6.5.2", Kind: graph.EdgeReports, Source: "scans/trivy-checkout.json"},
		{From: "package:pkg:npm/qs", To: "component:pkg:npm/qs@6.5.2", Kind: graph.EdgeVersion, Source: "sboms/checkout.cdx.json"},
	}, edges)

	var svc []graph.Edge
	for e := range g.Edges("service:checkout", false) {
		svc = append(svc, e)
	}
	assert.Contains(t, svc, graph.Edge{From: "service:checkout", To: "document:sboms/checkout.cdx.json", Kind: graph.EdgeDescribedBy, Source: "inventory.yaml"})
	assert.Contains(t, svc, graph.Edge{From: "service:checkout", To: "owner:payments", Kind: graph.EdgeOwnedBy, Source: "inventory.yaml"})
}

// Components without a purl are keyed by their ref within their document:
// two SBOMs' "ref-1" stay apart, and a ref that a relationship names but
// no component declares is a node of its own.
func TestRefScoping(t *testing.T) {
	doc := func(file string) *aspm.Document {
		return &aspm.Document{
			Source:     aspm.Source{File: file},
			Components: []aspm.Component{{Ref: "ref-1", Name: "app"}, {Ref: "ref-2", Name: "lib"}},
			Relationships: []aspm.Relationship{
				{From: "ref-1", To: "ref-2", Type: aspm.RelDependsOn},
				{From: "ref-2", To: "ghost", Type: aspm.RelDependsOn},
				{From: "ref-2", To: "pkg:npm/left-pad@1.3.0", Type: aspm.RelDependsOn},
				{From: "ref-2", To: "ref-2", Type: aspm.RelDependsOn},
			},
		}
	}
	g := graph.New()
	require.NoError(t, g.AddDocument(doc("a.json")))
	require.NoError(t, g.AddDocument(doc("b.json")))
	assert.Equal(t, []string{"a.json#ref-1", "a.json#ref-2", "b.json#ref-1", "b.json#ref-2"}, labels(g.Dependents("pkg:npm/left-pad@1.3.0", 0)))
	assert.Equal(t, []string{"a.json#ref-1", "a.json#ref-2"}, labels(g.Dependents(graph.RefKey("a.json", "ghost"), 0)))
	assert.Equal(t, []string{"pkg:npm/left-pad@1.3.0", "a.json#ghost", "a.json#ref-2", "b.json#ghost", "b.json#ref-2"},
		labels(g.Dependencies("ref-1", -1)), "a bare ref names it in every document")

	nodes, err := g.Resolve("ref-2")
	require.NoError(t, err)
	require.Len(t, nodes, 2)
	file, ref, ok := nodes[0].Ref()
	assert.True(t, ok)
	assert.Equal(t, [2]string{"a.json", "ref-2"}, [2]string{file, ref})
}

func TestDependentsAndDependencies(t *testing.T) {
	g := shop(t, true)
	tests := []struct {
		name   string
		got    func() []string
		expect []string
	}{
		{"dependents of qs 6.5.2", func() []string { return labels(g.Dependents(purlQS, 0)) }, []string{purlCheckout, purlExpress}},
		{"direct dependents only", func() []string { return labels(g.Dependents(purlQS, 1)) }, []string{purlExpress}},
		{"every version of qs", func() []string { return labels(g.Dependents("pkg:npm/qs", 0)) }, []string{purlLedger, purlCheckout, purlExpress}},
		{"by package key", func() []string { return labels(g.Dependents("package:pkg:npm/qs", 0)) }, []string{purlLedger, purlCheckout, purlExpress}},
		{"dependencies of checkout", func() []string { return labels(g.Dependencies(purlCheckout, 0)) }, []string{purlExpress, purlLodash, purlQS}},
		{"direct dependencies", func() []string { return labels(g.Dependencies(purlCheckout, 1)) }, []string{purlExpress, purlLodash}},
		{"a leaf has none", func() []string { return labels(g.Dependencies(purlQS, 0)) }, []string{}},
		{"unknown purl", func() []string { return labels(g.Dependents("pkg:npm/nope@1", 0)) }, []string{}},
		{"invalid purl", func() []string { return labels(g.Dependents("pkg:", 0)) }, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.expect, tt.got())
		})
	}

	_, err := g.Resolve("pkg:")
	assert.ErrorIs(t, err, graph.ErrInvalidTarget)
}

func TestPaths(t *testing.T) {
	g := shop(t, false)
	ps := g.Paths(purlQS)
	assert.False(t, ps.Truncated)
	assert.Equal(t, []graph.Path{
		{"service:checkout", "document:sboms/checkout.cdx.json", "component:" + purlCheckout, "component:" + purlExpress, "component:" + purlQS},
		{"service:checkout", "document:scans/trivy-checkout.json", "component:" + purlQS},
	}, ps.Paths)

	// A component in no service: the path starts at the document.
	g2 := graph.New()
	require.NoError(t, g2.AddDocument(shopDocs()[1]))
	assert.Equal(t, []graph.Path{{"document:sboms/ledger.spdx.json", "component:" + purlLedger, "component:" + purlLog4j}}, g2.Paths(purlLog4j).Paths)

	one := shop(t, false, graph.WithMaxPaths(1)).Paths(purlQS)
	assert.True(t, one.Truncated)
	assert.Len(t, one.Paths, 1)
	assert.NotEmpty(t, one.Note)
}

// A dependency cycle ends a path instead of looping.
func TestPathsCycle(t *testing.T) {
	d := aspmtest.SBOM("cycle.json", [][2]string{{"pkg:npm/a@1", "pkg:npm/b@1"}, {"pkg:npm/b@1", "pkg:npm/c@1"}, {"pkg:npm/c@1", "pkg:npm/b@1"}})
	g := graph.New()
	require.NoError(t, g.AddDocument(d))
	ps := g.Paths("pkg:npm/c@1")
	assert.Equal(t, []graph.Path{{"document:cycle.json", "component:pkg:npm/a@1", "component:pkg:npm/b@1", "component:pkg:npm/c@1"}}, ps.Paths)
	assert.Equal(t, []string{"pkg:npm/a@1", "pkg:npm/b@1"}, labels(g.Dependents("pkg:npm/c@1", 0)))
}

func TestBlastRadius(t *testing.T) {
	for _, first := range []bool{true, false} {
		g := shop(t, first)
		for _, target := range []string{"CVE-2022-24999", "ghsa-hrpp-h998-j3pp", purlQS} {
			t.Run(target, func(t *testing.T) {
				br, err := g.BlastRadius(target)
				require.NoError(t, err)
				assert.Equal(t, []string{purlQS}, nodeLabels(br.Vulnerable))
				assert.Equal(t, []string{purlCheckout, purlExpress, purlQS}, nodeLabels(br.Components))
				assert.Equal(t, []string{"checkout"}, br.Services)
				assert.Equal(t, []string{"production"}, br.Environments)
				assert.Equal(t, []aspm.DataClass{aspm.DataPCI, aspm.DataPII}, br.DataClasses)
				assert.Equal(t, []string{"payments"}, br.Owners)
				assert.Equal(t, []string{"commerce"}, br.Escalation)
				assert.Empty(t, br.Artifacts, "no SBOM ties the package to the service's image")
				assert.Equal(t, []string{"sboms/checkout.cdx.json", "scans/trivy-checkout.json"}, br.Documents)
				assert.Len(t, br.Paths, 2)
				if target != purlQS {
					assert.Equal(t, []string{"CVE-2022-24999", "GHSA-hrpp-h998-j3pp"}, br.Vulns)
				}
			})
		}
	}

	g := shop(t, false)
	br, err := g.BlastRadius("pkg:npm/lodash")
	require.NoError(t, err)
	assert.Equal(t, []string{"batch", "checkout"}, br.Services, "batch uses every version of lodash")
	assert.Equal(t, []string{"payments", "platform"}, br.Owners)

	br, err = g.BlastRadius("CVE-1999-0001")
	require.NoError(t, err)
	assert.Empty(t, br.Components)
	assert.Equal(t, []string{"CVE-1999-0001"}, br.Vulns)

	_, err = g.BlastRadius("pkg:/")
	assert.ErrorIs(t, err, graph.ErrInvalidTarget)
}

// A VEX statement that the product is not affected takes the component
// out of the blast radius.
func TestBlastRadiusVEX(t *testing.T) {
	g := shop(t, false)
	vex := &aspm.Document{
		Source: aspm.Source{File: "vex/checkout.openvex.json"},
		Statements: []aspm.VEXStatement{{
			Vuln:     aspm.NewVuln("GHSA-hrpp-h998-j3pp"),
			Products: []aspm.PURL{aspm.MustParsePURL(purlQS)},
			Analysis: aspm.VEXAnalysis{State: aspm.VEXNotAffected, Justification: "vulnerable_code_not_in_execute_path"},
		}},
	}
	require.NoError(t, g.AddDocument(vex))
	br, err := g.BlastRadius("CVE-2022-24999")
	require.NoError(t, err)
	assert.Empty(t, br.Vulnerable)
	assert.Equal(t, []string{purlQS}, nodeLabels(br.NotAffected))
	assert.Empty(t, br.Services)

	// A product named without a version is every version of the package.
	all := &aspm.Document{
		Source: aspm.Source{File: "vex/qs.openvex.json"},
		Statements: []aspm.VEXStatement{{
			Vuln: aspm.NewVuln("CVE-2099-0001"), Products: []aspm.PURL{aspm.MustParsePURL("pkg:npm/qs")},
			Analysis: aspm.VEXAnalysis{State: aspm.VEXAffected},
		}},
	}
	require.NoError(t, g.AddDocument(all))
	br, err = g.BlastRadius("CVE-2099-0001")
	require.NoError(t, err)
	assert.Equal(t, []string{purlQS11, purlQS}, nodeLabels(br.Vulnerable))
	assert.Equal(t, []string{"checkout", "ledger"}, br.Services)
	for _, p := range br.Paths {
		assert.Regexp(t, "^(service|document):", p[0])
	}

	var states []aspm.VEXState
	for e := range g.Edges("vuln:GHSA-hrpp-h998-j3pp", false) {
		states = append(states, e.VEX)
	}
	assert.Equal(t, []aspm.VEXState{aspm.VEXNotAffected}, states)
}

func nodeLabels(ns []graph.Node) []string {
	out := []string{}
	for _, n := range ns {
		out = append(out, n.Label())
	}
	return out
}

func TestShortestExposedPath(t *testing.T) {
	g := shop(t, false)
	p, ok := g.ShortestExposedPath(purlQS)
	require.True(t, ok)
	assert.Equal(t, graph.Path{"service:checkout", "document:scans/trivy-checkout.json", "component:" + purlQS}, p)

	_, ok = g.ShortestExposedPath(purlLog4j)
	assert.False(t, ok, "ledger is internal")

	p, ok = g.ShortestExposedPath(purlLodash)
	require.True(t, ok)
	assert.Equal(t, graph.Path{"service:checkout", "document:sboms/checkout.cdx.json", "component:" + purlCheckout, "component:" + purlLodash}, p)
}

func TestOwners(t *testing.T) {
	g := shop(t, false)
	tests := []struct {
		target string
		want   []graph.Owner
	}{
		{purlLog4j, []graph.Owner{{Team: "payments", Contact: "#payments", Parents: []string{"commerce"}, Services: []string{"ledger"}}}},
		{"pkg:npm/qs", []graph.Owner{{Team: "payments", Contact: "#payments", Parents: []string{"commerce"}, Services: []string{"checkout", "ledger"}}}},
		{"CVE-2022-24999", []graph.Owner{{Team: "payments", Contact: "#payments", Parents: []string{"commerce"}, Services: []string{"checkout"}}}},
		{"service:batch", []graph.Owner{{Team: "platform", Services: []string{"batch"}}}},
		{"batch", []graph.Owner{{Team: "platform", Services: []string{"batch"}}}},
		{"pkg:npm/unknown@1", nil},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			got, err := g.Owners(tt.target)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestDrift(t *testing.T) {
	base := sbom("v1.json", "pkg:npm/app@1.0.0", [2]string{"pkg:npm/app@1.0.0", "pkg:npm/qs@6.5.2"}, [2]string{"pkg:npm/app@1.0.0", "pkg:npm/old@1.0.0"})
	cur := sbom("v2.json", "pkg:npm/app@1.1.0", [2]string{"pkg:npm/app@1.1.0", "pkg:npm/qs@6.11.0"}, [2]string{"pkg:npm/app@1.1.0", "pkg:npm/new@2.0.0"})
	want := graph.Drift{
		Added:   []string{"pkg:npm/new@2.0.0"},
		Removed: []string{"pkg:npm/old@1.0.0"},
		Changed: []graph.VersionChange{
			{Package: "pkg:npm/app", From: []string{"1.0.0"}, To: []string{"1.1.0"}},
			{Package: "pkg:npm/qs", From: []string{"6.5.2"}, To: []string{"6.11.0"}},
		},
	}
	assert.Equal(t, want, graph.DriftBetween(base.Components, cur.Components))

	g := graph.New()
	require.NoError(t, g.AddDocument(base))
	require.NoError(t, g.AddDocument(cur))
	got, err := g.Drift("v1.json", "document:v2.json")
	require.NoError(t, err)
	assert.Equal(t, want, got)

	same, err := g.Drift("v1.json", "v1.json")
	require.NoError(t, err)
	assert.True(t, same.Empty())

	_, err = g.Drift("v1.json", "v3.json")
	assert.ErrorIs(t, err, graph.ErrInvalidTarget)

	// Scanned against deployed: the service's SBOM against an SBOM taken
	// from the running image.
	s := shop(t, false)
	deployed := sbom("runtime/checkout-prod.cdx.json", purlCheckout, [2]string{purlCheckout, purlExpress}, [2]string{purlExpress, "pkg:npm/qs@6.5.3"})
	require.NoError(t, s.AddDocument(deployed))
	d, err := s.Drift("service:checkout", "runtime/checkout-prod.cdx.json")
	require.NoError(t, err)
	assert.Equal(t, graph.Drift{
		Added: []string{}, Removed: []string{purlLodash},
		Changed: []graph.VersionChange{{Package: "pkg:npm/qs", From: []string{"6.5.2"}, To: []string{"6.5.3"}}},
	}, d)
}

func TestCoverage(t *testing.T) {
	g := shop(t, false)
	// A clean scan of the ledger's image.
	require.NoError(t, g.AddInventory(&aspm.Inventory{File: "images.yaml", Services: []aspm.Service{{
		Name: "ledger", Owners: []string{"payments"}, Tier: aspm.TierHigh, Exposure: aspm.ExposureInternal,
		Images: []string{"registry.shop.example/ledger@sha256:" + digest}, SBOMs: []string{"ledger.spdx.json"},
	}}}))
	clean := &aspm.Document{Source: aspm.Source{File: "scans/grype-ledger.json", Target: &aspm.Target{Kind: aspm.TargetImage, Name: "registry.shop.example/ledger", Digest: "sha256:" + digest}}}
	require.NoError(t, g.AddDocument(clean))

	tests := []struct {
		target   string
		state    graph.CoverageState
		scans    []string
		findings int
	}{
		{purlQS, graph.CoverageFindings, []string{"scans/trivy-checkout.json"}, 1},
		{purlLodash, graph.CoverageClean, []string{"scans/trivy-checkout.json"}, 0},
		{"service:checkout", graph.CoverageFindings, []string{"scans/trivy-checkout.json"}, 1},
		{"service:ledger", graph.CoverageClean, []string{"scans/grype-ledger.json"}, 0},
		{purlLog4j, graph.CoverageNeverScanned, []string{}, 0},
		{"service:batch", graph.CoverageNeverScanned, []string{}, 0},
		{"pkg:npm/nope@1", graph.CoverageUnknown, []string{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			c := g.Coverage(tt.target)
			assert.Equal(t, tt.state, c.State)
			assert.Equal(t, tt.scans, c.Scans)
			assert.Equal(t, tt.findings, c.Findings)
		})
	}
	// The ledger's SBOM is described by the same image once the
	// inventory says so: its components are covered by the image scan.
	assert.Equal(t, graph.CoverageNeverScanned, g.Coverage(purlLedger).State, "an SBOM of a service is not an image scan")
}

const digest = "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"

// The same inputs in any order give the same answers.
func TestDeterministic(t *testing.T) {
	a := shop(t, true)
	b := graph.New()
	docs := shopDocs()
	slices.Reverse(docs)
	for _, d := range docs {
		require.NoError(t, b.AddDocument(d))
	}
	require.NoError(t, b.AddInventory(shopInventory()))
	for _, target := range []string{"CVE-2022-24999", purlQS, "pkg:npm/lodash", purlLog4j} {
		ba, err := a.BlastRadius(target)
		require.NoError(t, err)
		bb, err := b.BlastRadius(target)
		require.NoError(t, err)
		assert.Equal(t, ba, bb, target)
	}
	assert.Equal(t, slices.Collect(a.Nodes("")), slices.Collect(b.Nodes("")))
}

func TestAddInventoryErrors(t *testing.T) {
	tests := []struct {
		name string
		inv  aspm.Inventory
		msg  string
	}{
		{"unnamed service", aspm.Inventory{File: "i.yaml", Services: []aspm.Service{{Owners: []string{"x"}}}}, "services[0] has no name"},
		{"duplicate service", aspm.Inventory{File: "i.yaml", Services: []aspm.Service{{Name: "a"}, {Name: "a"}}}, `two services named "a"`},
		{"cycle", aspm.Inventory{File: "i.yaml", Teams: []aspm.Team{{Name: "a", Parent: "b"}, {Name: "b", Parent: "a"}}}, "cycle"},
		{"component without a purl", aspm.Inventory{File: "i.yaml", Services: []aspm.Service{{Name: "a", Components: []aspm.PURL{{}}}}},
			`services[0] "a": components[0] is not a package URL`},
		{"cycle with an earlier inventory", aspm.Inventory{File: "i.yaml", Teams: []aspm.Team{{Name: "commerce", Parent: "payments"}}}, "cycle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := shop(t, false)
			before := g.Stats()
			err := g.AddInventory(&tt.inv)
			require.ErrorIs(t, err, graph.ErrInvalidInventory)
			assert.Contains(t, err.Error(), tt.msg)
			assert.Equal(t, before, g.Stats(), "nothing was added")
		})
	}
	g := graph.New()
	assert.NoError(t, g.AddInventory(nil))
	assert.NoError(t, g.AddDocument(nil))
	assert.Equal(t, 0, g.Stats().Nodes)
}

// Inventory paths match document names as AddInventory says.
func TestInventoryPathMatching(t *testing.T) {
	tests := []struct {
		pattern, file string
		match         bool
	}{
		{"sboms/app.json", "sboms/app.json", true},
		{"sboms/app.json", "./sboms/app.json", true},
		{"./sboms/app.json", "/ci/out/sboms/app.json", true},
		{"app.json", "/ci/out/sboms/app.json", true},
		{"app.json", "/ci/out/sboms/myapp.json", false},
		{"sboms/app.json", "other/app.json", false},
		{"scans/*.sarif", "/ci/scans/semgrep.sarif", true},
		{"scans/*.sarif", "/ci/scans/deep/semgrep.sarif", false},
		{"*.sarif", `C:\ci\scans\semgrep.sarif`, true},
		{"/ci/scans/*.json", "/ci/scans/grype.json", true},
		{"/ci/scans/*.json", "/other/ci/scans/grype.json", false},
		{"trivy-[ab].json", "x/trivy-a.json", true},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+" "+tt.file, func(t *testing.T) {
			g := graph.New()
			require.NoError(t, g.AddDocument(&aspm.Document{Source: aspm.Source{File: tt.file}}))
			require.NoError(t, g.AddInventory(&aspm.Inventory{Services: []aspm.Service{{Name: "s", Scans: []string{tt.pattern}}}}))
			var linked bool
			for e := range g.Edges("service:s", false) {
				linked = linked || e.Kind == graph.EdgeDescribedBy
			}
			assert.Equal(t, tt.match, linked)
		})
	}
}

func TestKeys(t *testing.T) {
	tests := []struct{ got, want string }{
		{graph.ArtifactKey("registry/app@sha256:" + digest), "artifact:sha256:" + digest},
		{graph.ArtifactKey("SHA256:" + digest), "artifact:sha256:" + digest},
		{graph.ArtifactKey("registry/app:1.2"), "artifact:registry/app:1.2"},
		{graph.RepoKey("https://github.com/Acme/App.git"), "repo:github.com/acme/app"},
		{graph.RepoKey("git@github.com:acme/app"), "repo:github.com/acme/app"},
		{graph.RepoKey("https://user@gitlab.example/g/p/"), "repo:gitlab.example/g/p"},
		{graph.VulnKey("cve-2021-44228"), "vuln:CVE-2021-44228"},
		{graph.DocumentKey("./a/../b/c.json"), "document:b/c.json"},
		{graph.ComponentKey(aspm.MustParsePURL("pkg:julia/B@1.9.0?uuid=edca9bc6")), "component:pkg:julia/B@1.9.0?uuid=edca9bc6"},
		{graph.PackageKey(aspm.MustParsePURL("pkg:julia/B@1.9.0?uuid=edca9bc6")), "package:pkg:julia/B?uuid=edca9bc6"},
		{graph.PackageKey(aspm.MustParsePURL("pkg:npm/%40scope/x@1")), "package:pkg:npm/%40scope/x"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.got)
	}
	n := graph.Node{Key: "component:pkg:npm/qs@6.5.2", Kind: graph.NodeComponent}
	assert.Equal(t, "qs", n.PURL().Name())
	assert.Equal(t, "pkg:npm/qs@6.5.2", n.Label())
	assert.Len(t, graph.NodeKinds(), 11)
	assert.Len(t, graph.EdgeKinds(), 18)
}
