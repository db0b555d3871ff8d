package graph

import (
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
)

// BlastRadius is who and what a vulnerable package, or a vulnerability,
// reaches. Every list is sorted.
type BlastRadius struct {
	// Target is the query as given.
	Target string `json:"target"`
	// Vulns is the vulnerability's alias group, for a vulnerability target.
	Vulns []string `json:"vulns,omitempty"`
	// Vulnerable are the components the target names: the versions of the
	// package, or the components the vulnerability affects.
	Vulnerable []Node `json:"vulnerable"`
	// NotAffected are components the vulnerability is linked to but that a
	// VEX statement or finding says are not affected or fixed; they are
	// left out of the rest.
	NotAffected []Node `json:"not_affected,omitempty"`
	// Components are the vulnerable components and every component that
	// depends on or contains one, transitively.
	Components []Node `json:"components"`
	// Services, Artifacts, Repos and Documents are the services, images,
	// repositories and inputs made of those components, by name (a
	// document by its file name).
	Services  []string `json:"services"`
	Artifacts []string `json:"artifacts,omitempty"`
	Repos     []string `json:"repos,omitempty"`
	Documents []string `json:"documents,omitempty"`
	// Environments, DataClasses and Owners come from the services: where
	// they run, what data they handle, which teams own them.
	Environments []string         `json:"environments"`
	DataClasses  []aspm.DataClass `json:"data_classes"`
	Owners       []string         `json:"owners"`
	// Escalation are the parent teams of the owners, for rollup.
	Escalation []string `json:"escalation,omitempty"`
	// Paths are the dependency paths to the vulnerable components, as
	// evidence; see Graph.Paths.
	PathSet
}

// BlastRadius answers "who is affected by this, and through which paths".
// The target is a purl (a version, or without one every version), a
// component or package key, or a vulnerability id; for a vulnerability the
// vulnerable components are those an affects edge of any id of its alias
// group names, unless an edge of the same group says not_affected or fixed
// for the component (VEX wins over a scanner's word). The only error is
// ErrInvalidTarget for a malformed purl; an unknown target has an empty
// radius.
func (g *Graph) BlastRadius(target string) (BlastRadius, error) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.blastRadius(target)
}

func (g *Graph) blastRadius(target string) (BlastRadius, error) {
	br := BlastRadius{Target: target}
	ids, err := g.resolve(target)
	if err != nil {
		return br, err
	}
	var vulnerable, notAffected []int32
	if len(ids) == 1 && g.isKind(ids[0], NodeVuln) {
		group := g.aliasGroup(ids[0])
		for _, v := range group {
			br.Vulns = append(br.Vulns, strings.TrimPrefix(g.key(v), "vuln:"))
		}
		vulnerable, notAffected = g.affected(group)
	} else if len(ids) == 0 && !strings.HasPrefix(strings.ToLower(target), "pkg:") && !strings.Contains(target, ":") {
		br.Vulns = []string{aspm.NormalizeVulnID(target)} // a vulnerability the graph does not know
	} else {
		vulnerable = g.components(ids)
	}
	g.radius(&br, vulnerable)
	br.NotAffected = g.sortedNodes(notAffected)
	return br, nil
}

// aliasGroup returns the vulnerability nodes joined to v by alias edges,
// in either direction, v included, sorted.
func (g *Graph) aliasGroup(v int32) []int32 {
	group := append([]int32{v}, g.walk([]int32{v}, false, kinds(eAlias), 0, nil)...)
	group = append(group, g.walk(group, true, kinds(eAlias), 0, nil)...)
	// The two walks may miss ids joined through a third one in the other
	// direction; repeat until nothing is added.
	for {
		more := g.walk(group, false, kinds(eAlias), 0, nil)
		more = append(more, g.walk(append(group, more...), true, kinds(eAlias), 0, nil)...)
		if len(more) == 0 {
			break
		}
		group = append(group, more...)
	}
	g.sortIDs(group)
	return slices.Compact(group)
}

// affected splits the components the vulnerabilities name into vulnerable
// and not affected ones.
func (g *Graph) affected(vulns []int32) (vulnerable, notAffected []int32) {
	clear := map[int32]bool{}
	var named []int32
	for _, v := range vulns {
		for _, h := range g.outs(v) {
			if h.kind() != eAffects {
				continue
			}
			targets := []int32{h.n}
			if g.isKind(h.n, NodePackage) {
				targets = g.versions(h.n, true)
			}
			for _, t := range targets {
				named = append(named, t)
				if s := vexStates[h.vex()]; s == aspm.VEXNotAffected || s == aspm.VEXFixed {
					clear[t] = true
				}
			}
		}
	}
	g.sortIDs(named)
	for _, id := range slices.Compact(named) {
		if clear[id] {
			notAffected = append(notAffected, id)
		} else {
			vulnerable = append(vulnerable, id)
		}
	}
	return vulnerable, notAffected
}

// radius fills in everything above the vulnerable components.
func (g *Graph) radius(br *BlastRadius, vulnerable []int32) {
	br.Vulnerable = g.sortedNodes(vulnerable)
	dependents := g.walk(vulnerable, true, dependencyKinds, 0, g.isComponent)
	br.Components = g.sortedNodes(append(slices.Clone(vulnerable), dependents...))
	above := g.walk(vulnerable, true, upKinds, 0, nil)
	var services []int32
	for _, id := range above {
		name := g.nodeOf(id).Name()
		switch nodeKinds[g.kindOf(id)] {
		case NodeService:
			services = append(services, id)
			br.Services = append(br.Services, name)
		case NodeArtifact:
			br.Artifacts = append(br.Artifacts, name)
		case NodeRepo:
			br.Repos = append(br.Repos, name)
		case NodeDocument:
			br.Documents = append(br.Documents, name)
		}
	}
	ctx := g.serviceFacts(services)
	br.Environments, br.DataClasses, br.Owners, br.Escalation = ctx.envs, ctx.data, ctx.owners, ctx.escalation
	for _, s := range [][]string{br.Services, br.Artifacts, br.Repos, br.Documents} {
		slices.Sort(s)
	}
	br.PathSet = g.pathSet(vulnerable, g.cfg.maxPaths)
	if br.Services == nil {
		br.Services = []string{}
	}
}

// facts gathers what services say, as sorted sets.
type facts struct {
	envs, owners, escalation []string
	data                     []aspm.DataClass
}

func (g *Graph) serviceFacts(services []int32) facts {
	envs, owners, esc := map[string]bool{}, map[string]bool{}, map[string]bool{}
	data := map[aspm.DataClass]bool{}
	for _, s := range services {
		for _, h := range g.outs(s) {
			name := g.nodeOf(h.n).Name()
			switch h.kind() {
			case eDeployedTo:
				envs[name] = true
			case eHandles:
				data[aspm.DataClass(name)] = true
			case eOwnedBy:
				owners[name] = true
			}
		}
	}
	for o := range owners {
		for _, p := range g.parents(o) {
			esc[p] = true
		}
	}
	for o := range owners {
		delete(esc, o)
	}
	f := facts{envs: sortedKeys(envs), owners: sortedKeys(owners), escalation: sortedKeys(esc)}
	for d := range data {
		f.data = append(f.data, d)
	}
	slices.Sort(f.data)
	if f.envs == nil {
		f.envs = []string{}
	}
	if f.owners == nil {
		f.owners = []string{}
	}
	if f.data == nil {
		f.data = []aspm.DataClass{}
	}
	return f
}

// parents returns a team's enclosing teams, nearest first.
func (g *Graph) parents(team string) []string {
	var out []string
	seen := map[string]bool{team: true}
	for cur := g.teams[team].Parent; cur != "" && !seen[cur]; cur = g.teams[cur].Parent {
		seen[cur] = true
		out = append(out, cur)
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	if len(out) == 0 {
		return nil
	}
	return out
}

// Owner is a team to notify.
type Owner struct {
	Team    string `json:"team"`
	Contact string `json:"contact,omitempty"`
	// Parents are the enclosing teams, nearest first.
	Parents []string `json:"parents,omitempty"`
	// Services are the affected services the team owns.
	Services []string `json:"services"`
}

// Owners returns the teams that own the services in the target's blast
// radius (see BlastRadius), sorted by name, with their contacts, parent
// teams and the services concerned. The target may also be a service key
// or name ("service:checkout"): its owners.
func (g *Graph) Owners(target string) ([]Owner, error) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	var services []string
	name, explicit := strings.CutPrefix(target, "service:")
	if _, ok := g.ids[ServiceKey(name)]; ok && (explicit || !g.has(VulnKey(target)) && !strings.HasPrefix(target, "pkg:")) {
		services = []string{name}
	} else {
		br, err := g.blastRadius(target)
		if err != nil {
			return nil, err
		}
		services = br.Services
	}
	byTeam := map[string][]string{}
	for _, s := range services {
		for _, h := range g.outs(g.ids[ServiceKey(s)]) {
			if h.kind() == eOwnedBy {
				t := g.nodeOf(h.n).Name()
				byTeam[t] = append(byTeam[t], s)
			}
		}
	}
	var out []Owner
	for t, ss := range byTeam {
		slices.Sort(ss)
		out = append(out, Owner{Team: t, Contact: g.teams[t].Contact, Parents: g.parents(t), Services: slices.Compact(ss)})
	}
	slices.SortFunc(out, func(a, b Owner) int { return strings.Compare(a.Team, b.Team) })
	return out, nil
}
