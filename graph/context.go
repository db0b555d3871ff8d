package graph

import (
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
)

// View is the read-only face of the graph that later stages (scorers,
// policy, the pipeline) receive. *Graph satisfies it, and [Nop] returns
// one that knows nothing. Implementations must be safe for concurrent use;
// the values they return belong to the caller.
type View interface {
	// IssueContext returns the business context of one correlated issue.
	IssueContext(is *aspm.Issue) IssueContext
	// Coverage says whether scanners looked at a target and found anything.
	Coverage(target string) Coverage
}

var _ View = (*Graph)(nil)

// Nop returns a View of an empty graph: every issue has no context and
// every target is unknown.
func Nop() View { return nopView{} }

type nopView struct{}

// IssueContext returns the empty context.
func (nopView) IssueContext(*aspm.Issue) IssueContext { return IssueContext{} }

// Coverage says that nothing is known of the target.
func (nopView) Coverage(target string) Coverage {
	return Coverage{Target: target, State: CoverageUnknown, Scans: []string{}}
}

// IssueContext is what the graph knows around one issue: the services it
// concerns with their business facts, who owns them, and how the
// vulnerable package is reached. Lists are sorted; a zero IssueContext
// means nothing is known.
type IssueContext struct {
	Services []ServiceContext `json:"services"`
	// Owners are the owning teams of the services; Escalation their parent
	// teams.
	Owners     []string `json:"owners"`
	Escalation []string `json:"escalation,omitempty"`
	// Environments and DataClasses are the union over the services.
	Environments []string         `json:"environments"`
	DataClasses  []aspm.DataClass `json:"data_classes"`
	// Tier is the most critical tier, Exposure the widest exposure of the
	// services; Production reports whether any runs in production.
	Tier       aspm.Tier     `json:"tier,omitempty"`
	Exposure   aspm.Exposure `json:"exposure,omitempty"`
	Production bool          `json:"production"`
	// Paths are dependency paths to the issue's component (at most
	// WithIssuePaths of them).
	PathSet
	// ExposedPath is a shortest path from an internet-facing service to the
	// component; nil when there is none.
	ExposedPath Path `json:"exposed_path,omitempty"`
	// Dependents counts the components that depend on the issue's
	// component, transitively.
	Dependents int `json:"dependents"`
}

// ServiceContext is one service of an issue with the facts the inventory
// gives, and why the issue belongs to it.
type ServiceContext struct {
	Name         string             `json:"name"`
	Description  string             `json:"description,omitempty"`
	Owners       []string           `json:"owners"`
	BusinessUnit string             `json:"business_unit,omitempty"`
	Tier         aspm.Tier          `json:"tier,omitempty"`
	DataClasses  []aspm.DataClass   `json:"data_classes"`
	Exposure     aspm.Exposure      `json:"exposure,omitempty"`
	Environments []aspm.Environment `json:"environments"`
	Controls     []aspm.Control     `json:"controls"`
	// Via says how the issue reached the service: "component PURL",
	// "file NAME" (a finding read from a file of the service), "image REF".
	Via []string `json:"via"`
}

// upward is the cached result of walking up from one component.
type upward struct {
	services   []int32
	dependents int
}

// up returns the services above a component and its number of
// dependents, cached until the next write. The caller holds the read
// lock.
func (g *Graph) up(id int32) *upward {
	g.cacheMu.Lock()
	if g.cacheAt != g.gen || len(g.cache) > 1<<20 {
		g.cache, g.cacheAt = map[int32]*upward{}, g.gen
	}
	u := g.cache[id]
	g.cacheMu.Unlock()
	if u != nil {
		return u
	}
	u = &upward{}
	// Walking up, components are reached only through depends_on and
	// contains edges: they are the dependents.
	for _, a := range g.walk([]int32{id}, true, upKinds, 0, nil) {
		switch {
		case g.isComponent(a):
			u.dependents++
		case g.isKind(a, NodeService):
			u.services = append(u.services, a)
		}
	}
	g.cacheMu.Lock()
	if g.cacheAt == g.gen {
		g.cache[id] = u
	}
	g.cacheMu.Unlock()
	return u
}

// IssueContext maps an issue to services and gathers their business
// context. An issue belongs to a service
//
//   - through its component: the services whose SBOMs, images, repositories
//     or inventory components contain or depend on the package (a purl
//     without a version: any version), and
//   - through its findings' provenance: a finding read from a file that the
//     inventory lists under a service's sboms or scans (matched by the rule
//     of AddInventory), or from a document that describes one of the
//     service's images or repositories, and
//   - through an image location: the services deployed as that image.
//
// A nil issue has no context.
func (g *Graph) IssueContext(is *aspm.Issue) IssueContext {
	var ic IssueContext
	if is == nil {
		return ic
	}
	g.mu.RLock()
	defer g.mu.RUnlock()
	via := map[int32][]string{}
	add := func(s int32, why string) {
		if !slices.Contains(via[s], why) {
			via[s] = append(via[s], why)
		}
	}
	var comps []int32
	if !is.Component.IsZero() {
		target := ComponentKey(is.Component)
		if is.Component.Version() == "" {
			target = PackageKey(is.Component)
		}
		if ids, err := g.resolve(target); err == nil {
			comps = g.components(ids)
		}
		for _, c := range comps {
			u := g.up(c)
			for _, s := range u.services {
				add(s, "component "+strings.TrimPrefix(g.key(c), "component:"))
			}
			ic.Dependents = u.dependents
		}
		if len(comps) > 1 {
			ic.Dependents = len(g.walk(comps, true, dependencyKinds, 0, g.isComponent))
		}
	}
	files := map[string]bool{}
	images := map[string]bool{}
	for _, f := range is.Findings {
		if f == nil {
			continue
		}
		if f.Provenance.File != "" {
			files[f.Provenance.File] = true
		}
		for _, l := range f.Locations {
			if l.Image != "" {
				images[l.Image] = true
			}
		}
	}
	for _, l := range is.Locations {
		if l.Image != "" {
			images[l.Image] = true
		}
	}
	for _, file := range sortedKeys(files) {
		why := "file " + file
		if doc, ok := g.ids[DocumentKey(file)]; ok {
			for _, a := range g.walk([]int32{doc}, true, kinds(eDescribedBy, eDeployedAs, eBuiltFrom, eSameAs), 0, nil) {
				if g.isKind(a, NodeService) {
					add(a, why)
				}
			}
		}
		for _, p := range g.patterns {
			if matchPath(p.glob, file) {
				add(p.service, why)
			}
		}
	}
	for _, img := range sortedKeys(images) {
		if art, ok := g.ids[ArtifactKey(img)]; ok {
			for _, a := range g.walk([]int32{art}, true, kinds(eDeployedAs, eSameAs), 0, nil) {
				if g.isKind(a, NodeService) {
					add(a, "image "+img)
				}
			}
		}
	}
	services := make([]int32, 0, len(via))
	for s := range via {
		services = append(services, s)
	}
	g.sortIDs(services)
	ic.Services = make([]ServiceContext, 0, len(services))
	for _, s := range services {
		sc := ServiceContext{Name: strings.TrimPrefix(g.key(s), "service:"), Via: via[s]}
		if rec := g.services[s]; rec != nil {
			r := rec.rec.Clone()
			sc.Description, sc.Owners, sc.BusinessUnit, sc.Tier = r.Description, r.Owners, r.BusinessUnit, r.Tier
			sc.DataClasses, sc.Exposure, sc.Environments, sc.Controls = r.DataClasses, r.Exposure, r.Environments, r.Controls
			if sc.Tier.Rank() > ic.Tier.Rank() {
				ic.Tier = sc.Tier
			}
			if exposureRank(sc.Exposure) > exposureRank(ic.Exposure) {
				ic.Exposure = sc.Exposure
			}
			for _, e := range sc.Environments {
				ic.Production = ic.Production || e.IsProduction()
			}
		}
		slices.Sort(sc.Owners)
		slices.Sort(sc.Via)
		ic.Services = append(ic.Services, sc)
	}
	f := g.serviceFacts(services)
	ic.Owners, ic.Escalation, ic.Environments, ic.DataClasses = f.owners, f.escalation, f.envs, f.data
	if len(comps) > 0 {
		ic.PathSet = g.pathSet(comps, g.cfg.issuePaths)
		ic.ExposedPath, _ = g.exposedPath(comps)
	}
	if ic.Services == nil {
		ic.Services = []ServiceContext{}
	}
	return ic
}

func exposureRank(e aspm.Exposure) int {
	switch e {
	case aspm.ExposureInternet:
		return 3
	case aspm.ExposureInternal:
		return 2
	case aspm.ExposureNone:
		return 1
	}
	return 0
}
