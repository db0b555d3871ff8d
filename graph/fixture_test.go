package graph_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/graph"
)

// The shop: a small organisation whose graph the tests query.
//
//	checkout (internet, tier 1, pii+pci, production; team payments ⊂ commerce)
//	  sboms/checkout.cdx.json: checkout@1.0.0 → express@4.18.2 → qs@6.5.2
//	                                        → lodash@4.17.20
//	  scans/trivy-checkout.json: CVE-2022-24999 (GHSA-hrpp-h998-j3pp) in qs@6.5.2
//	ledger (internal, tier 2, financial, prod-eu; team payments)
//	  sboms/ledger.spdx.json: ledger@2.0.0 → log4j-core@2.14.1
//	                                     → qs@6.11.0
//	batch (none, tier 4; team platform): uses pkg:npm/lodash (any version), never scanned
const (
	purlCheckout = "pkg:npm/checkout@1.0.0"
	purlExpress  = "pkg:npm/express@4.18.2"
	purlQS       = "pkg:npm/qs@6.5.2"
	purlQS11     = "pkg:npm/qs@6.11.0"
	purlLodash   = "pkg:npm/lodash@4.17.20"
	purlLedger   = "pkg:maven/com.shop/ledger@2.0.0"
	purlLog4j    = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
)

// sbom builds an SBOM document that describes root and states depends_on
// edges, each a pair of purls.
func sbom(file, root string, edges ...[2]string) *aspm.Document {
	d := aspmtest.SBOM(file, edges, root)
	d.Relationships = append(d.Relationships, aspm.Relationship{To: root, Type: aspm.RelDescribes})
	return d
}

func shopDocs() []*aspm.Document {
	checkout := sbom("sboms/checkout.cdx.json", purlCheckout,
		[2]string{purlCheckout, purlExpress}, [2]string{purlExpress, purlQS}, [2]string{purlCheckout, purlLodash})
	ledger := sbom("sboms/ledger.spdx.json", purlLedger,
		[2]string{purlLedger, purlLog4j}, [2]string{purlLedger, purlQS11})
	trivy := aspmtest.Doc("trivy", aspmtest.SCA("CVE-2022-24999", purlQS).Aliases("GHSA-hrpp-h998-j3pp").Build())
	trivy.Source.File = "scans/trivy-checkout.json"
	for i := range trivy.Findings {
		trivy.Findings[i].Provenance.File = trivy.Source.File
	}
	return []*aspm.Document{checkout, ledger, trivy}
}

func shopInventory() *aspm.Inventory {
	return &aspm.Inventory{
		File: "inventory.yaml",
		Teams: []aspm.Team{
			{Name: "commerce", Contact: "commerce@shop.example"},
			{Name: "payments", Parent: "commerce", Contact: "#payments"},
			{Name: "platform"},
		},
		Services: []aspm.Service{
			{
				Name: "checkout", Owners: []string{"payments"}, BusinessUnit: "commerce", Tier: aspm.TierCritical,
				DataClasses: []aspm.DataClass{aspm.DataPCI, aspm.DataPII}, Exposure: aspm.ExposureInternet,
				Environments: []aspm.Environment{aspm.EnvProduction}, Controls: []aspm.Control{aspm.ControlWAF},
				Repos: []string{"https://github.com/shop/checkout.git"}, Images: []string{"registry.shop.example/checkout:1.0.0"},
				SBOMs: []string{"sboms/checkout.cdx.json"}, Scans: []string{"scans/trivy-checkout.json"},
			},
			{
				Name: "ledger", Owners: []string{"payments"}, Tier: aspm.TierHigh, DataClasses: []aspm.DataClass{aspm.DataFinancial},
				Exposure: aspm.ExposureInternal, Environments: []aspm.Environment{"prod-eu"}, SBOMs: []string{"ledger.spdx.json"},
			},
			{
				Name: "batch", Owners: []string{"platform"}, Tier: aspm.TierLow, Exposure: aspm.ExposureNone,
				Components: []aspm.PURL{aspm.MustParsePURL("pkg:npm/lodash")},
			},
		},
	}
}

// shop builds the shop's graph: the inventory first or last.
func shop(t testing.TB, inventoryFirst bool, opts ...graph.Option) *graph.Graph {
	t.Helper()
	g := graph.New(opts...)
	if inventoryFirst {
		require.NoError(t, g.AddInventory(shopInventory()))
	}
	for _, d := range shopDocs() {
		require.NoError(t, g.AddDocument(d))
	}
	if !inventoryFirst {
		require.NoError(t, g.AddInventory(shopInventory()))
	}
	return g
}

func labels(seq func(func(graph.Node) bool)) []string {
	out := []string{}
	for n := range seq {
		out = append(out, n.Label())
	}
	return out
}
