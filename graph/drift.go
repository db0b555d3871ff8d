package graph

import (
	"fmt"
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
)

// Drift is how one set of components differs from another: packages
// added, removed, or present in both at other versions. Every list is
// sorted.
//
// Components are compared by package (the versionless purl) and version
// (the purl key). A component without a purl is compared by its document
// ref, or by its name and version when it has no ref; it is never
// "changed", only added or removed.
type Drift struct {
	// Added and Removed are component keys: purl keys, else refs, else
	// "name@version".
	Added   []string `json:"added"`
	Removed []string `json:"removed"`
	// Changed are the packages present on both sides with other versions.
	Changed []VersionChange `json:"changed"`
}

// VersionChange is one package whose versions differ.
type VersionChange struct {
	// Package is the versionless purl key, or the name of a component
	// without a purl.
	Package string `json:"package"`
	// From and To are the package's versions on each side (with any
	// identity qualifiers), sorted.
	From []string `json:"from"`
	To   []string `json:"to"`
}

// Empty reports whether nothing changed.
func (d Drift) Empty() bool { return len(d.Added) == 0 && len(d.Removed) == 0 && len(d.Changed) == 0 }

// DriftBetween compares two lists of components, such as the components
// of a baseline SBOM and of a current one, or of what was scanned and what
// is deployed: a package on one side only is added or removed, a package
// on both sides with other versions is changed (see Drift for the
// identity). Unlike Graph.Drift it sees only the lists, not the refs that
// relationships name without declaring them.
func DriftBetween(baseline, current []aspm.Component) Drift {
	return diff(versionSets(baseline), versionSets(current))
}

// versionSets maps each package to its component keys.
func versionSets(cs []aspm.Component) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for i := range cs {
		pkg, key := packageOf(&cs[i])
		if pkg == "" {
			continue
		}
		if out[pkg] == nil {
			out[pkg] = map[string]bool{}
		}
		out[pkg][key] = true
	}
	return out
}

func packageOf(c *aspm.Component) (pkg, key string) {
	if !c.PURL.IsZero() {
		return c.PURL.VersionlessKey(), c.PURL.Key()
	}
	if c.Ref != "" {
		return c.Ref, c.Ref
	}
	if c.Name == "" {
		return "", ""
	}
	if c.Version == "" {
		return c.Name, c.Name
	}
	return c.Name, c.Name + "@" + c.Version
}

func diff(base, cur map[string]map[string]bool) Drift {
	d := Drift{Added: []string{}, Removed: []string{}, Changed: []VersionChange{}}
	for pkg, b := range base {
		c, ok := cur[pkg]
		if !ok {
			for k := range b {
				d.Removed = append(d.Removed, k)
			}
			continue
		}
		if !sameSet(b, c) {
			d.Changed = append(d.Changed, VersionChange{Package: pkg, From: versionsOf(pkg, b), To: versionsOf(pkg, c)})
		}
	}
	for pkg, c := range cur {
		if _, ok := base[pkg]; !ok {
			for k := range c {
				d.Added = append(d.Added, k)
			}
		}
	}
	slices.Sort(d.Added)
	slices.Sort(d.Removed)
	slices.SortFunc(d.Changed, func(a, b VersionChange) int { return strings.Compare(a.Package, b.Package) })
	return d
}

func sameSet(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// versionsOf returns the versions of a package's component keys: the key
// after the package and its "@".
func versionsOf(pkg string, keys map[string]bool) []string {
	out := make([]string, 0, len(keys))
	for k := range keys {
		v := strings.TrimPrefix(strings.TrimPrefix(k, pkg), "@")
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

// Drift compares the components of nodes of the graph: the baseline's
// with those of the current nodes pooled. A node is a document (by key, or
// by the file name it was read from: its components and the refs its
// relationships name), a service (the components of its SBOMs, scans,
// images and repositories, and those the inventory names), an artifact or
// a repository. Comparing an SBOM of what was scanned with one of what is
// deployed gives runtime drift. Components named only as a package (no
// version) are left out. It fails with ErrInvalidTarget when a name is no
// such node.
func (g *Graph) Drift(baseline string, current ...string) (Drift, error) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	b, err := g.memberSets([]string{baseline})
	if err != nil {
		return Drift{}, err
	}
	c, err := g.memberSets(current)
	if err != nil {
		return Drift{}, err
	}
	return diff(b, c), nil
}

func (g *Graph) memberSets(targets []string) (map[string]map[string]bool, error) {
	var ms []int32
	for _, target := range targets {
		id, ok := g.ids[target]
		if !ok {
			id, ok = g.ids[DocumentKey(target)]
		}
		if !ok || g.isKind(id, NodeComponent) {
			return nil, fmt.Errorf("%w: %q is not a document, service, artifact or repository of the graph", ErrInvalidTarget, target)
		}
		ms = append(ms, g.members(id)...)
	}
	out := map[string]map[string]bool{}
	for _, m := range ms {
		n := g.nodeOf(m)
		pkg, key := "", n.Name()
		if p := n.PURL(); !p.IsZero() {
			pkg = p.VersionlessKey()
		} else if _, ref, ok := n.Ref(); ok {
			pkg, key = ref, ref
		} else {
			pkg, _, _ = strings.Cut(strings.TrimPrefix(key, "name:"), "@")
			key = strings.TrimPrefix(key, "name:")
		}
		if out[pkg] == nil {
			out[pkg] = map[string]bool{}
		}
		out[pkg][key] = true
	}
	return out, nil
}

// members returns the components a document, artifact, repository or
// service is made of.
func (g *Graph) members(id int32) []int32 {
	var out []int32
	seen := map[int32]bool{id: true}
	frontier := []int32{id}
	for len(frontier) > 0 {
		var next []int32
		for _, v := range frontier {
			for _, h := range g.outs(v) {
				if !memberKinds.has(h.kind()) || seen[h.n] {
					continue
				}
				seen[h.n] = true
				if g.isComponent(h.n) {
					out = append(out, h.n)
				} else if !g.isKind(h.n, NodePackage) {
					next = append(next, h.n)
				}
			}
		}
		frontier = next
	}
	return out
}
