package graph_test

import (
	"fmt"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/graph"
)

// exampleGraph builds a small graph: an SBOM of the checkout service, a
// Trivy scan that finds a vulnerability in qs, and the inventory.
func exampleGraph() *graph.Graph {
	g := graph.New()
	checkout := aspmtest.SBOM("sboms/checkout.cdx.json", [][2]string{
		{"pkg:npm/checkout@1.0.0", "pkg:npm/express@4.18.2"},
		{"pkg:npm/express@4.18.2", "pkg:npm/qs@6.5.2"},
	})
	scan := aspmtest.Doc("trivy", aspmtest.SCA("CVE-2022-24999", "pkg:npm/qs@6.5.2").Aliases("GHSA-hrpp-h998-j3pp").Build())
	inv := &aspm.Inventory{
		File:  "inventory.yaml",
		Teams: []aspm.Team{{Name: "payments", Parent: "commerce", Contact: "#payments"}},
		Services: []aspm.Service{{
			Name: "checkout", Owners: []string{"payments"}, Tier: aspm.TierCritical, Exposure: aspm.ExposureInternet,
			DataClasses: []aspm.DataClass{aspm.DataPCI}, Environments: []aspm.Environment{aspm.EnvProduction},
			Controls: []aspm.Control{aspm.ControlWAF}, SBOMs: []string{"checkout.cdx.json"},
		}},
	}
	for _, d := range []*aspm.Document{checkout, scan} {
		if err := g.AddDocument(d); err != nil {
			panic(err)
		}
	}
	if err := g.AddInventory(inv); err != nil {
		panic(err)
	}
	return g
}

func ExampleGraph_BlastRadius() {
	g := exampleGraph()
	br, err := g.BlastRadius("GHSA-hrpp-h998-j3pp")
	if err != nil {
		panic(err)
	}
	fmt.Println("vulnerability:", br.Vulns)
	for _, c := range br.Components {
		fmt.Println("component:", c.Label())
	}
	fmt.Println("services:", br.Services, "environments:", br.Environments, "data:", br.DataClasses)
	fmt.Println("owners:", br.Owners, "escalation:", br.Escalation)
	for _, p := range br.Paths {
		fmt.Println(strings.Join(p, " → "))
	}
	// Output:
	// vulnerability: [CVE-2022-24999 GHSA-hrpp-h998-j3pp]
	// component: pkg:npm/checkout@1.0.0
	// component: pkg:npm/express@4.18.2
	// component: pkg:npm/qs@6.5.2
	// services: [checkout] environments: [production] data: [pci]
	// owners: [payments] escalation: [commerce]
	// document:trivy.json → component:pkg:npm/qs@6.5.2
	// service:checkout → document:sboms/checkout.cdx.json → component:pkg:npm/checkout@1.0.0 → component:pkg:npm/express@4.18.2 → component:pkg:npm/qs@6.5.2
}

func ExampleGraph_Dependents() {
	g := exampleGraph()
	for n := range g.Dependents("pkg:npm/qs", 0) { // every version of qs
		fmt.Println(n.Key)
	}
	for n := range g.Dependencies("pkg:npm/checkout@1.0.0", 1) { // direct only
		fmt.Println("checkout needs", n.Label())
	}
	// Output:
	// component:pkg:npm/checkout@1.0.0
	// component:pkg:npm/express@4.18.2
	// checkout needs pkg:npm/express@4.18.2
}

func ExampleGraph_ShortestExposedPath() {
	g := exampleGraph()
	p, ok := g.ShortestExposedPath("pkg:npm/qs@6.5.2")
	fmt.Println(ok, strings.Join(p, " → "))
	// Output:
	// true service:checkout → document:sboms/checkout.cdx.json → component:pkg:npm/checkout@1.0.0 → component:pkg:npm/express@4.18.2 → component:pkg:npm/qs@6.5.2
}

func ExampleGraph_Owners() {
	g := exampleGraph()
	owners, err := g.Owners("CVE-2022-24999")
	if err != nil {
		panic(err)
	}
	for _, o := range owners {
		fmt.Println(o.Team, o.Contact, o.Services, "part of", o.Parents)
	}
	// Output:
	// payments #payments [checkout] part of [commerce]
}

func ExampleGraph_IssueContext() {
	g := exampleGraph()
	is := &aspm.Issue{Component: aspm.MustParsePURL("pkg:npm/qs@6.5.2")}
	ic := g.IssueContext(is)
	for _, s := range ic.Services {
		fmt.Println(s.Name, s.Tier, s.Exposure, s.DataClasses, s.Controls, s.Via)
	}
	fmt.Println("production:", ic.Production, "dependents:", ic.Dependents, "exposed:", ic.ExposedPath != nil)
	// Output:
	// checkout critical internet [pci] [waf] [component pkg:npm/qs@6.5.2]
	// production: true dependents: 2 exposed: true
}

// Trivy reported qs; no scanner output covers express, which is not the
// same as clean; the service has a finding on one of its components.
func ExampleGraph_Coverage() {
	g := exampleGraph()
	fmt.Println(g.Coverage("pkg:npm/qs@6.5.2").State)
	fmt.Println(g.Coverage("pkg:npm/express@4.18.2").State)
	fmt.Println(g.Coverage("service:checkout").State)
	// Output:
	// findings
	// never_scanned
	// findings
}

func ExampleDriftBetween() {
	v1 := aspmtest.SBOM("v1.json", nil, "pkg:npm/express@4.17.1", "pkg:npm/qs@6.5.2", "pkg:npm/debug@2.6.9")
	v2 := aspmtest.SBOM("v2.json", nil, "pkg:npm/express@4.18.2", "pkg:npm/qs@6.11.0", "pkg:npm/body-parser@1.20.1")
	d := graph.DriftBetween(v1.Components, v2.Components)
	fmt.Println("added:", d.Added)
	fmt.Println("removed:", d.Removed)
	for _, c := range d.Changed {
		fmt.Println("changed:", c.Package, c.From, "→", c.To)
	}
	// Output:
	// added: [pkg:npm/body-parser@1.20.1]
	// removed: [pkg:npm/debug@2.6.9]
	// changed: pkg:npm/express [4.17.1] → [4.18.2]
	// changed: pkg:npm/qs [6.5.2] → [6.11.0]
}

func ExampleNew() {
	g := graph.New()
	sbom := aspmtest.SBOM("app.cdx.json", [][2]string{{"pkg:npm/app@1.0.0", "pkg:npm/qs@6.5.2"}})
	if err := g.AddDocument(sbom); err != nil {
		panic(err)
	}
	st := g.Stats()
	fmt.Println(st.Nodes, "nodes,", st.Edges, "edges")
	// Every edge names the input that asserted it.
	for e := range g.Edges("component:pkg:npm/qs@6.5.2", true) {
		fmt.Println(e.From, e.Kind, "from", e.Source)
	}
	// Output:
	// 5 nodes, 5 edges
	// component:pkg:npm/app@1.0.0 depends_on from app.cdx.json
	// document:app.cdx.json lists from app.cdx.json
	// package:pkg:npm/qs version from app.cdx.json
}

func ExampleGraph_Paths() {
	g := exampleGraph()
	for _, p := range g.Paths("pkg:npm/express@4.18.2").Paths {
		fmt.Println(strings.Join(p, " → "))
	}
	// Output:
	// service:checkout → document:sboms/checkout.cdx.json → component:pkg:npm/checkout@1.0.0 → component:pkg:npm/express@4.18.2
}

// Drift between what was scanned in CI and what runs: the service's SBOM
// against an SBOM taken from the deployed image.
func ExampleGraph_Drift() {
	g := exampleGraph()
	deployed := aspmtest.SBOM("runtime/checkout-deployed.cdx.json", [][2]string{
		{"pkg:npm/checkout@1.0.0", "pkg:npm/express@4.18.2"},
		{"pkg:npm/express@4.18.2", "pkg:npm/qs@6.5.3"},
	})
	if err := g.AddDocument(deployed); err != nil {
		panic(err)
	}
	d, err := g.Drift("service:checkout", "runtime/checkout-deployed.cdx.json")
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Added, d.Removed, d.Changed)
	// Output:
	// [] [] [{pkg:npm/qs [6.5.2] [6.5.3]}]
}
