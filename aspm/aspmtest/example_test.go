package aspmtest_test

import (
	"fmt"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/graph"
)

// An inventory in one expression, joined by the context graph to a
// scanner's finding: the vulnerable package is used by the checkout
// service, whose business context the issue inherits.
func ExampleInventory() {
	inv := aspmtest.Inventory(
		aspmtest.Team("commerce").Contact("#commerce"),
		aspmtest.Team("payments").Parent("commerce").Contact("#payments-oncall"),
		aspmtest.Service("checkout").Owner("payments").Tier(aspm.TierCritical).
			Exposure(aspm.ExposureInternet).Data(aspm.DataPII, aspm.DataPCI).Env(aspm.EnvProduction).
			Uses("pkg:npm/lodash@4.17.15"),
		aspmtest.Service("reports").Owner("data").Tier(aspm.TierLow).Exposure(aspm.ExposureNone),
	)
	doc := aspmtest.Doc("trivy", aspmtest.SCA("CVE-2020-8203", "pkg:npm/lodash@4.17.15").Build())

	g := graph.New()
	if err := g.AddInventory(inv); err != nil {
		panic(err)
	}
	if err := g.AddDocument(doc); err != nil {
		panic(err)
	}
	f := doc.Findings[0]
	ic := g.IssueContext(&aspm.Issue{Component: f.Component.PURL, Findings: []*aspm.Finding{&f}})
	for _, s := range ic.Services {
		fmt.Println(s.Name, s.Tier, s.Exposure, s.DataClasses, s.Environments, "via", s.Via)
	}
	fmt.Println("owners", ic.Owners, "escalation", ic.Escalation, "production", ic.Production)
	// Output:
	// checkout critical internet [pci pii] [production] via [component pkg:npm/lodash@4.17.15]
	// owners [payments] escalation [commerce] production true
}
