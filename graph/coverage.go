package graph

import (
	"slices"
	"strings"
)

// CoverageState says whether scanners looked at something.
type CoverageState string

// The coverage states.
const (
	// CoverageFindings: a scanner that covered it reported findings on it.
	CoverageFindings CoverageState = "findings"
	// CoverageClean: scanned, and no scanner reported a finding on it.
	CoverageClean CoverageState = "clean"
	// CoverageNeverScanned: no scanner output covers it. Not the same as
	// clean: nobody looked.
	CoverageNeverScanned CoverageState = "never_scanned"
	// CoverageUnknown: the target is not in the graph.
	CoverageUnknown CoverageState = "unknown"
)

// Coverage tells "scanned clean" from "never scanned".
type Coverage struct {
	Target string        `json:"target"`
	State  CoverageState `json:"state"`
	// Scans are the scanner outputs (document file names) that covered the
	// target, sorted.
	Scans []string `json:"scans"`
	// Findings counts the findings on the target: for a component, the
	// scanner outputs that reported it; for a service, the findings of its
	// scanner outputs plus the outputs that reported one of its
	// components.
	Findings int `json:"findings"`
}

// Coverage says whether scanners covered the target (see Resolve; a
// service also by "service:NAME"), and whether they found anything.
//
// A scanner output (see AddDocument for which documents are scans) covers
// a component when it reports a finding on it, when it lists it, or when
// it describes something the component is part of: a document, image,
// repository or service above the component (through the documents that
// list it and the images, repositories and services those documents
// describe). It covers a service when the inventory names it under the
// service's scans, or when it scanned one of the service's images or
// repositories. For a target that names several components (a purl
// without a version) the states combine: findings on any, else clean when
// every one was scanned, else never scanned.
func (g *Graph) Coverage(target string) Coverage {
	g.mu.RLock()
	defer g.mu.RUnlock()
	c := Coverage{Target: target, State: CoverageUnknown, Scans: []string{}}
	ids, _ := g.resolve(target)
	if len(ids) == 0 {
		if id, ok := g.ids[ServiceKey(strings.TrimPrefix(target, "service:"))]; ok {
			ids = []int32{id}
		}
	}
	if len(ids) == 0 {
		return c
	}
	scans := map[int32]bool{}
	all := true
	for _, id := range ids {
		var got map[int32]bool
		var n int
		if g.isKind(id, NodeService) {
			got, n = g.serviceCoverage(id)
		} else {
			got, n = g.componentCoverage(id)
		}
		if len(got) == 0 {
			all = false
		}
		for s := range got {
			scans[s] = true
		}
		c.Findings += n
	}
	for s := range scans {
		c.Scans = append(c.Scans, strings.TrimPrefix(g.key(s), "document:"))
	}
	slices.Sort(c.Scans)
	switch {
	case c.Findings > 0:
		c.State = CoverageFindings
	case all:
		c.State = CoverageClean
	default:
		c.State = CoverageNeverScanned
	}
	return c
}

func (g *Graph) isScan(doc int32) bool {
	info := g.docs[doc]
	return info != nil && info.scan
}

// componentCoverage returns the scans that cover a component and how many
// of them reported it.
func (g *Graph) componentCoverage(id int32) (map[int32]bool, int) {
	scans := map[int32]bool{}
	reported := map[int32]bool{}
	for _, h := range g.ins(id) {
		if h.kind() == eReports {
			reported[h.n] = true
			scans[h.n] = true
		}
	}
	above := g.walk([]int32{id}, true, kinds(eLists, eDescribes, eDescribedBy, eDeployedAs, eBuiltFrom, eSameAs, eUses, eContains, eVersion), 0,
		func(n int32) bool { return !g.isComponent(n) })
	for _, a := range above {
		if g.isKind(a, NodeDocument) && g.isScan(a) {
			scans[a] = true
		}
		for _, h := range g.outs(a) {
			if h.kind() == eDescribedBy && g.isScan(h.n) {
				scans[h.n] = true
			}
		}
	}
	return scans, len(reported)
}

// serviceCoverage returns the scans that cover a service and its findings.
func (g *Graph) serviceCoverage(id int32) (map[int32]bool, int) {
	scans := map[int32]bool{}
	parts := append([]int32{id}, g.walk([]int32{id}, false, kinds(eDeployedAs, eBuiltFrom, eSameAs), 0, nil)...)
	for _, p := range parts {
		for _, h := range g.outs(p) {
			if h.kind() == eDescribedBy && g.isScan(h.n) {
				scans[h.n] = true
			}
		}
	}
	findings := 0
	for s := range scans {
		findings += g.docs[s].findings
	}
	for _, m := range g.members(id) {
		for _, h := range g.ins(m) {
			if h.kind() == eReports && !scans[h.n] {
				scans[h.n] = true
				findings++
			}
		}
	}
	return scans, findings
}
