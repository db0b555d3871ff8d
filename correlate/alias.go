package correlate

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
)

// AliasLink is one statement that two vulnerability ids name the same
// advisory, with the input that made it.
type AliasLink struct {
	A, B   string // A < B
	Source string // the first (in sort order) input file that stated it
}

// AliasGroup is a set of ids that name one advisory.
type AliasGroup struct {
	// Canonical is the representative: CVE first, then GHSA, then the rest
	// (see WithIDPreference), then the lexically smallest.
	Canonical string   `json:"canonical"`
	IDs       []string `json:"ids"` // canonical first, then sorted
}

// aliases is a union-find over vulnerability ids.
type aliases struct {
	idx    map[string]int32
	ids    []string
	parent []int32
	size   []int32
	canon  []int32    // per root: the canonical member (valid after finish)
	roots  []int32    // per id: its root, read-only after finish (safe for concurrent readers)
	lists  [][]string // per root: the group's ids, canonical first (after finish)
	links  map[[2]string]string
	pref   []string
	max    int
}

func newAliases(pref []string, max int) *aliases {
	return &aliases{idx: map[string]int32{}, links: map[[2]string]string{}, pref: pref, max: max}
}

func (a *aliases) id(s string) int32 {
	if i, ok := a.idx[s]; ok {
		return i
	}
	i := int32(len(a.ids))
	a.idx[s] = i
	a.ids = append(a.ids, s)
	a.parent = append(a.parent, i)
	a.size = append(a.size, 1)
	return i
}

// add records the ids of one advisory as stated by source, and returns
// the index of its id (-1 for none).
func (a *aliases) add(v aspm.Vuln, source string) int32 {
	if v.ID == "" {
		return -1
	}
	first := a.id(v.ID)
	for _, al := range v.Aliases {
		if al == "" || al == v.ID {
			continue
		}
		a.id(al)
		key := [2]string{v.ID, al}
		if key[1] < key[0] {
			key[0], key[1] = key[1], key[0]
		}
		if old, ok := a.links[key]; !ok || source < old {
			a.links[key] = source
		}
	}
	return first
}

func (a *aliases) find(i int32) int32 {
	for a.parent[i] != i {
		a.parent[i] = a.parent[a.parent[i]]
		i = a.parent[i]
	}
	return i
}

func (a *aliases) rank(id string) int {
	for i, p := range a.pref {
		if strings.HasPrefix(id, p) {
			return i
		}
	}
	return len(a.pref)
}

func (a *aliases) less(x, y string) bool {
	if rx, ry := a.rank(x), a.rank(y); rx != ry {
		return rx < ry
	}
	return x < y
}

// finish applies the links in sorted order, so that the result (including
// which links the group cap refuses) does not depend on input order, and
// returns diagnostics for refused links.
func (a *aliases) finish() []aspm.Diagnostic {
	keys := make([][2]string, 0, len(a.links))
	for k := range a.links {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y [2]string) int {
		return cmp.Or(strings.Compare(x[0], y[0]), strings.Compare(x[1], y[1]))
	})
	// cve[root] is the CVE id a group holds, if any: two different CVEs are
	// never aliases, so a link that would join them (a distro advisory that
	// bundles several CVEs, stated as an "alias") is refused.
	cve := make(map[int32]string)
	for i, id := range a.ids {
		if aspm.IsCVE(id) {
			cve[int32(i)] = id
		}
	}
	var diags []aspm.Diagnostic
	for _, k := range keys {
		x, y := a.find(a.idx[k[0]]), a.find(a.idx[k[1]])
		if x == y {
			continue
		}
		if cx, cy := cve[x], cve[y]; cx != "" && cy != "" && cx != cy {
			diags = append(diags, aspm.Diagnostic{Level: aspm.DiagWarning, File: a.links[k],
				Message: "correlate: alias link " + k[0] + " = " + k[1] + " not applied: it would make " + cx + " and " + cy + " one advisory (is " + k[0] + " or " + k[1] + " a bundle of advisories?)"})
			continue
		}
		if int(a.size[x]+a.size[y]) > a.max {
			diags = append(diags, aspm.Diagnostic{Level: aspm.DiagWarning, File: a.links[k],
				Message: "correlate: alias link " + k[0] + " = " + k[1] + " not applied: the group would exceed " + strconv.Itoa(a.max) + " ids"})
			continue
		}
		if a.size[x] < a.size[y] {
			x, y = y, x
		}
		a.parent[y] = x
		a.size[x] += a.size[y]
		if cve[x] == "" {
			cve[x] = cve[y]
		}
	}
	a.canon = make([]int32, len(a.ids))
	for i := range a.canon {
		a.canon[i] = -1
	}
	for i := range a.ids {
		r := a.find(int32(i))
		if c := a.canon[r]; c < 0 || a.less(a.ids[i], a.ids[c]) {
			a.canon[r] = int32(i)
		}
	}
	a.roots = make([]int32, len(a.ids))
	for i := range a.ids {
		a.roots[i] = a.find(int32(i))
	}
	a.lists = make([][]string, len(a.ids))
	for i, id := range a.ids {
		r := a.find(int32(i))
		if int32(i) != a.canon[r] {
			a.lists[r] = append(a.lists[r], id)
		}
	}
	for r, l := range a.lists {
		if a.canon[r] < 0 || a.find(int32(r)) != int32(r) {
			continue
		}
		slices.Sort(l)
		a.lists[r] = append([]string{a.ids[a.canon[r]]}, l...)
	}
	return diags
}

// canonical returns the representative of id's group ("" for ""). After
// finish it only reads, so it is safe for concurrent use.
func (a *aliases) canonical(id string) string {
	i, ok := a.idx[id]
	if !ok {
		return id
	}
	return a.ids[a.canon[a.roots[i]]]
}

// group returns every id of id's group, canonical first, then sorted. The
// slice is shared: do not change it.
func (a *aliases) group(id string) []string {
	i, ok := a.idx[id]
	if !ok {
		return []string{id}
	}
	return a.lists[a.roots[i]]
}

// groups returns every group of two or more ids, sorted by canonical id.
func (a *aliases) groups() []AliasGroup {
	var out []AliasGroup
	for r, ids := range a.lists {
		if len(ids) < 2 || a.find(int32(r)) != int32(r) {
			continue
		}
		out = append(out, AliasGroup{Canonical: ids[0], IDs: slices.Clone(ids)})
	}
	slices.SortFunc(out, func(x, y AliasGroup) int { return strings.Compare(x.Canonical, y.Canonical) })
	return out
}

// linkList returns the links sorted, for Result.Links.
func (a *aliases) linkList() []AliasLink {
	out := make([]AliasLink, 0, len(a.links))
	for k, src := range a.links {
		out = append(out, AliasLink{A: k[0], B: k[1], Source: src})
	}
	slices.SortFunc(out, func(x, y AliasLink) int {
		return cmp.Or(strings.Compare(x.A, y.A), strings.Compare(x.B, y.B))
	})
	return out
}
