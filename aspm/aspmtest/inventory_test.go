package aspmtest_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/ingest/inventory"
)

// The builders give the inventory the YAML decoder gives for the same
// estate, so a test written with them sees what a real run sees.
func TestInventoryMatchesDecoder(t *testing.T) {
	const yaml = `schema: posture-inventory/v1
teams:
  - name: commerce
    contact: "#commerce"
  - name: payments
    parent: commerce
services:
  - name: checkout
    description: Takes orders and card payments
    owners: [payments]
    business_unit: commerce
    tier: critical
    data_classes: [pii, pci]
    exposure: internet
    environments: [production, staging]
    repos: [https://github.com/shop/checkout]
    images: ["registry.shop.example/checkout:1.4.2"]
    sboms: [sboms/checkout.cdx.json]
    scans: ["scans/checkout/*"]
    components: ["pkg:npm/express@4.18.2", "pkg:npm/lodash"]
    controls: [waf, x-bot-protection]
  - name: reports
`
	want, err := inventory.Decode(t.Context(), aspmtest.InventoryFile, strings.NewReader(yaml))
	require.NoError(t, err)

	got := aspmtest.Inventory(
		aspmtest.Team("commerce").Contact("#commerce"),
		aspmtest.Team("payments").Parent("commerce"),
		aspmtest.Service("checkout").Description("Takes orders and card payments").Owner("payments").
			BusinessUnit("commerce").Tier(aspm.TierCritical).Data(aspm.DataPII).Data(aspm.DataPCI, aspm.DataPII).
			Exposure(aspm.ExposureInternet).Env(aspm.EnvProduction, aspm.EnvStaging).
			Repo("https://github.com/shop/checkout").Image("registry.shop.example/checkout:1.4.2").
			SBOM("sboms/checkout.cdx.json").Scan("scans/checkout/*").
			Uses("pkg:npm/express@4.18.2", "pkg:npm/lodash").Control(aspm.ControlWAF, "x-bot-protection"),
		nil,
		aspmtest.Service("reports"),
	)
	assert.Equal(t, want, got)
}

func TestBuildersAreFresh(t *testing.T) {
	b := aspmtest.Service("api").Owner("platform").Env(aspm.EnvStaging).Uses("pkg:npm/a@1.0.0")
	first := b.Build()
	inv := aspmtest.Inventory(b)
	b.Owner("security").Env(aspm.EnvProduction).Uses("pkg:npm/b@1.0.0").Tier(aspm.TierHigh)

	for _, s := range []aspm.Service{first, inv.Services[0]} {
		assert.Equal(t, []string{"platform"}, s.Owners)
		assert.Equal(t, []aspm.Environment{aspm.EnvStaging}, s.Environments)
		assert.Len(t, s.Components, 1)
		assert.Empty(t, s.Tier)
	}
	assert.Equal(t, []string{"platform", "security"}, b.Build().Owners)

	tb := aspmtest.Team("payments")
	inv = aspmtest.Inventory(tb)
	tb.Parent("commerce")
	assert.Equal(t, []aspm.Team{{Name: "payments"}}, inv.Teams)
	assert.Equal(t, aspm.Team{Name: "payments", Parent: "commerce"}, tb.Build())
}

// Each way an inventory ties scanner output to a service reaches the
// graph: a used package, a scan file, an SBOM file and an image.
func TestInventoryInGraph(t *testing.T) {
	lodash := aspmtest.SCA("CVE-2020-8203", "pkg:npm/lodash@4.17.15").Build()
	sqli := aspmtest.SAST("sql-injection", "app/db.py", 12).Build()
	tests := []struct {
		name    string
		service *aspmtest.ServiceBuilder
		doc     *aspm.Document
		finding int
		via     string
	}{
		{"uses a version", aspmtest.Service("shop").Uses("pkg:npm/lodash@4.17.15"),
			aspmtest.Doc("trivy", lodash), 0, "component pkg:npm/lodash@4.17.15"},
		{"uses every version", aspmtest.Service("shop").Uses("pkg:npm/lodash"),
			aspmtest.Doc("trivy", lodash), 0, "component pkg:npm/lodash@4.17.15"},
		{"scan file", aspmtest.Service("shop").Scan("semgrep.json"),
			aspmtest.Doc("semgrep", sqli), 0, "file semgrep.json"},
		{"scan glob", aspmtest.Service("shop").Scan("*.json"),
			aspmtest.Doc("semgrep", sqli), 0, "file semgrep.json"},
		{"SBOM", aspmtest.Service("shop").SBOM("shop.cdx.json"),
			aspmtest.SBOM("shop.cdx.json", [][2]string{{"pkg:npm/shop@1.0.0", "pkg:npm/lodash@4.17.15"}}), -1,
			"component pkg:npm/lodash@4.17.15"},
		{"image", aspmtest.Service("shop").Image("registry.example/shop:1"),
			aspmtest.Doc("grype", aspmtest.Container("CVE-2024-0727", "pkg:deb/debian/libssl3@3.0.11", "registry.example/shop:1").Build()),
			0, "image registry.example/shop:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := graph.New()
			require.NoError(t, g.AddInventory(aspmtest.Inventory(
				tt.service.Owner("web").Tier(aspm.TierHigh).Exposure(aspm.ExposureInternet).Env(aspm.EnvProduction),
				aspmtest.Service("elsewhere").Owner("other").Uses("pkg:npm/left-pad@1.3.0"),
			)))
			require.NoError(t, g.AddDocument(tt.doc))
			is := &aspm.Issue{Component: lodash.Component.PURL}
			if tt.finding >= 0 {
				f := tt.doc.Findings[tt.finding]
				is = &aspm.Issue{Findings: []*aspm.Finding{&f}}
				if f.Component != nil {
					is.Component = f.Component.PURL
				}
			}
			ic := g.IssueContext(is)
			require.Len(t, ic.Services, 1)
			s := ic.Services[0]
			assert.Equal(t, "shop", s.Name)
			assert.Contains(t, s.Via, tt.via)
			assert.Equal(t, []string{"web"}, ic.Owners)
			assert.Equal(t, aspm.TierHigh, ic.Tier)
			assert.Equal(t, aspm.ExposureInternet, ic.Exposure)
			assert.True(t, ic.Production)
		})
	}
}

// Builders never fail; the graph rejects what an inventory file could not
// say.
func TestInventoryBadInput(t *testing.T) {
	tests := []struct {
		name string
		inv  *aspm.Inventory
	}{
		{"no name", aspmtest.Inventory(aspmtest.Service(""))},
		{"two services of one name", aspmtest.Inventory(aspmtest.Service("shop"), aspmtest.Service("shop"))},
		{"parent cycle", aspmtest.Inventory(aspmtest.Team("a").Parent("b"), aspmtest.Team("b").Parent("a"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Error(t, graph.New().AddInventory(tt.inv))
		})
	}
	// An invalid purl is kept as the zero PURL, which the graph rejects
	// as the inventory decoder would.
	inv := aspmtest.Inventory(aspmtest.Service("shop").Uses("not a purl"))
	assert.True(t, inv.Services[0].Components[0].IsZero())
	err := graph.New().AddInventory(inv)
	require.ErrorIs(t, err, graph.ErrInvalidInventory)
	assert.Contains(t, err.Error(), "components[0] is not a package URL")
}

func TestInventoryEmpty(t *testing.T) {
	assert.Equal(t, &aspm.Inventory{File: aspmtest.InventoryFile}, aspmtest.Inventory())
}
