package graph

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
)

// ErrInvalidTarget is returned for a target that cannot name a node: an
// empty string or a malformed purl.
var ErrInvalidTarget = errors.New("graph: invalid target")

// Resolve returns the nodes a query target names, sorted by key:
//
//   - a purl with a version ("pkg:npm/qs@6.5.2") names that component; a
//     purl without one ("pkg:npm/qs") names every version in the graph;
//   - a node key ("component:…", "service:checkout", "vuln:CVE-…") names
//     that node, and a package key every version of the package;
//   - anything else names the vulnerability of that id when the graph has
//     one, else the components without a purl whose document ref it is
//     (in any document).
//
// An unknown target names nothing; a malformed purl is ErrInvalidTarget.
func (g *Graph) Resolve(target string) ([]Node, error) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	ids, err := g.resolve(target)
	return g.sortedNodes(ids), err
}

func (g *Graph) resolve(target string) ([]int32, error) {
	target = strings.TrimSpace(target)
	if target == "" {
		return nil, fmt.Errorf("%w: empty", ErrInvalidTarget)
	}
	var ids []int32
	switch {
	case strings.HasPrefix(strings.ToLower(target), "pkg:"):
		p, err := aspm.ParsePURL(target)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvalidTarget, err)
		}
		if p.Version() == "" {
			ids = g.versions(g.ids[PackageKey(p)], g.has(PackageKey(p)))
		} else if id, ok := g.ids[ComponentKey(p)]; ok {
			ids = []int32{id}
		}
	case g.has(target) && strings.Contains(target, ":"):
		id := g.ids[target]
		if g.isKind(id, NodePackage) {
			ids = g.versions(id, true)
		} else {
			ids = []int32{id}
		}
	case g.has(VulnKey(target)):
		ids = []int32{g.ids[VulnKey(target)]}
	default:
		suffix := "#" + target
		for id := range int32(g.numNodes()) {
			if key := g.key(id); strings.HasPrefix(key, "component:ref:") && strings.HasSuffix(key, suffix) {
				ids = append(ids, id)
			}
		}
	}
	g.sortIDs(ids)
	return ids, nil
}

func (g *Graph) has(key string) bool { _, ok := g.ids[key]; return ok }

// versions returns the component nodes of a package node.
func (g *Graph) versions(pkg int32, ok bool) []int32 {
	if !ok {
		return nil
	}
	var out []int32
	for _, h := range g.outs(pkg) {
		if h.kind() == eVersion {
			out = append(out, h.n)
		}
	}
	return out
}

// sortIDs sorts ids by key and removes repeats.
func (g *Graph) sortIDs(ids []int32) {
	slices.SortFunc(ids, func(a, b int32) int { return strings.Compare(g.key(a), g.key(b)) })
}

// targetComponents returns the components a query target names: those
// Resolve gives, or for a vulnerability the components it affects (see
// BlastRadius).
func (g *Graph) targetComponents(target string) []int32 {
	ids, _ := g.resolve(target)
	if len(ids) == 1 && g.isKind(ids[0], NodeVuln) {
		vulnerable, _ := g.affected(g.aliasGroup(ids[0]))
		return vulnerable
	}
	return g.components(ids)
}

func (g *Graph) components(ids []int32) []int32 {
	return slices.DeleteFunc(slices.Clone(ids), func(id int32) bool { return !g.isKind(id, NodeComponent) })
}

// walk visits the nodes reachable from starts along edges of the kinds ks,
// backwards (along in-edges) when up is true, at most depth steps (no
// bound when depth <= 0), entering only nodes that enter accepts (every
// node when enter is nil). It returns the visited nodes other than the
// starts, in no particular order.
func (g *Graph) walk(starts []int32, up bool, ks kindSet, depth int, enter func(int32) bool) []int32 {
	seen := make(map[int32]bool, len(starts))
	for _, s := range starts {
		seen[s] = true
	}
	var out []int32
	frontier := slices.Clone(starts)
	for level := 1; len(frontier) > 0 && (depth <= 0 || level <= depth); level++ {
		var next []int32
		for _, v := range frontier {
			adj := g.outs(v)
			if up {
				adj = g.ins(v)
			}
			for _, h := range adj {
				if !ks.has(h.kind()) || seen[h.n] {
					continue
				}
				if enter != nil && !enter(h.n) {
					continue
				}
				seen[h.n] = true
				out = append(out, h.n)
				next = append(next, h.n)
			}
		}
		frontier = next
	}
	return out
}

func (g *Graph) isComponent(id int32) bool { return g.isKind(id, NodeComponent) }

// Dependents iterates, in key order, over the components that depend on
// the target's components (see Resolve; a vulnerability names the
// components it affects, as in BlastRadius) directly or transitively, through
// depends_on and contains edges, up to depth steps away (no bound when
// depth <= 0). The target's own components are not included. An unknown
// or invalid target gives nothing. The sequence is computed when
// iteration starts.
func (g *Graph) Dependents(target string, depth int) iter.Seq[Node] {
	return g.reachSeq(target, depth, true)
}

// Dependencies iterates, in key order, over the components the target's
// components depend on or contain, directly or transitively, up to depth
// steps away (no bound when depth <= 0).
func (g *Graph) Dependencies(target string, depth int) iter.Seq[Node] {
	return g.reachSeq(target, depth, false)
}

func (g *Graph) reachSeq(target string, depth int, up bool) iter.Seq[Node] {
	return func(yield func(Node) bool) {
		g.mu.RLock()
		nodes := g.sortedNodes(g.walk(g.targetComponents(target), up, dependencyKinds, depth, g.isComponent))
		g.mu.RUnlock()
		for _, n := range nodes {
			if !yield(n) {
				return
			}
		}
	}
}

// PathSet is a bounded set of paths.
type PathSet struct {
	// Paths are sorted; each runs from a service, or from the top-most
	// node above the target that is in no service (a document, an
	// artifact, a root component), down to the target.
	Paths []Path `json:"paths"`
	// Truncated is true when there were more paths than the bound (see
	// WithMaxPaths, WithMaxPathSteps); Note says so in words.
	Truncated bool   `json:"truncated,omitempty"`
	Note      string `json:"note,omitempty"`
}

// Paths returns the dependency paths that lead to the target's components:
// every chain of dependents from a root, up through the document that
// lists the root, the artifact or repository the document describes and
// the service that is made of them. A path is cut at a cycle. At most
// WithMaxPaths paths are returned.
func (g *Graph) Paths(target string) PathSet {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.pathSet(g.targetComponents(target), g.cfg.maxPaths)
}

func (g *Graph) pathSet(targets []int32, limit int) PathSet {
	paths, cut := g.paths(targets, limit)
	ps := PathSet{Paths: paths, Truncated: cut}
	if cut {
		ps.Note = fmt.Sprintf("more paths than the %d shown (or than the search bound of %d steps)", len(paths), g.cfg.maxSteps)
	}
	return ps
}

// pathPreds returns the nodes one step above v on a path, sorted by key,
// without repeats: v's dependents, the documents that describe it or list
// it as a root (a component no dependency edge of that document points
// at), the scanner outputs that report it without listing it, the
// services that name it, the artifacts, repositories and services above a
// document.
func (g *Graph) pathPreds(v int32) []int32 {
	var out []int32
	for _, h := range g.ins(v) {
		switch h.kind() {
		case eDependsOn, eContains, eDescribes, eUses, eDescribedBy, eDeployedAs, eBuiltFrom, eSameAs:
			out = append(out, h.n)
		case eReports:
			if !g.hasIn(v, h.src(), kinds(eLists, eDescribes)) { // else the document's own path says more
				out = append(out, h.n)
			}
		case eLists:
			if !g.hasDependencyIn(v, h.src()) {
				out = append(out, h.n)
			}
		case eVersion:
			if g.hasKindIn(h.n, eUses) { // a package that a service uses
				out = append(out, h.n)
			}
		}
	}
	g.sortIDs(out)
	return slices.Compact(out)
}

func (g *Graph) hasDependencyIn(v int32, src uint32) bool { return g.hasIn(v, src, dependencyKinds) }

// hasKindIn reports whether v has an in-edge of the kind.
func (g *Graph) hasKindIn(v int32, kind uint8) bool {
	for _, h := range g.ins(v) {
		if h.kind() == kind {
			return true
		}
	}
	return false
}

// hasIn reports whether v has an in-edge of one of the kinds from source
// src.
func (g *Graph) hasIn(v int32, src uint32, ks kindSet) bool {
	for _, h := range g.ins(v) {
		if ks.has(h.kind()) && h.src() == src {
			return true
		}
	}
	return false
}

// paths enumerates paths to targets depth first, in key order, up to
// limit paths and the step bound; cut reports that it stopped early.
func (g *Graph) paths(targets []int32, limit int) (paths []Path, cut bool) {
	steps := 0
	var stack []int32
	on := map[int32]bool{}
	var visit func(v int32) bool
	visit = func(v int32) bool {
		if steps++; steps > g.cfg.maxSteps {
			cut = true
			return false
		}
		stack = append(stack, v)
		on[v] = true
		defer func() { stack = stack[:len(stack)-1]; delete(on, v) }()
		end := true
		if !g.isKind(v, NodeService) {
			for _, u := range g.pathPreds(v) {
				if on[u] {
					continue
				}
				end = false
				if !visit(u) {
					return false
				}
			}
		}
		if end {
			if len(paths) >= limit {
				cut = true
				return false
			}
			p := make(Path, len(stack))
			for i, id := range stack {
				p[len(stack)-1-i] = g.key(id)
			}
			paths = append(paths, p)
		}
		return true
	}
	for _, t := range targets {
		if !visit(t) {
			break
		}
	}
	slices.SortFunc(paths, comparePaths)
	return paths, cut
}

func comparePaths(a, b Path) int {
	for i := range min(len(a), len(b)) {
		if c := strings.Compare(a[i], b[i]); c != 0 {
			return c
		}
	}
	return len(a) - len(b)
}

// ShortestExposedPath returns a shortest path from a service exposed to
// the internet down to one of the target's components, following the
// edges Paths follows; false when no internet-facing service reaches the
// target. Among paths of equal length it picks the first in key order of
// the steps from the target up.
func (g *Graph) ShortestExposedPath(target string) (Path, bool) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.exposedPath(g.targetComponents(target))
}

func (g *Graph) exposedPath(targets []int32) (Path, bool) {
	parent := make(map[int32]int32, len(targets))
	for _, t := range targets {
		parent[t] = -1
	}
	frontier := targets
	for len(frontier) > 0 {
		var next []int32
		for _, v := range frontier {
			if s := g.services[v]; s != nil && s.rec.Exposure == aspm.ExposureInternet {
				var p Path
				for cur := v; cur >= 0; cur = parent[cur] {
					p = append(p, g.key(cur))
				}
				return p, true
			}
			if g.isKind(v, NodeService) {
				continue
			}
			for _, u := range g.pathPreds(v) {
				if _, seen := parent[u]; !seen {
					parent[u] = v
					next = append(next, u)
				}
			}
		}
		frontier = next
	}
	return nil, false
}
