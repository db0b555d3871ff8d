package correlate

import (
	"cmp"
	"slices"
	"strings"

	"github.com/google/osv-scalibr/semantic"
	goversion "github.com/hashicorp/go-version"

	"github.com/posturekit/posture/aspm"
)

// FixGroup is one upgrade and the issues it resolves: "upgrade lodash
// 4.17.15 → 4.17.21 fixes 7 issues in 3 services".
type FixGroup struct {
	// Package is the versionless purl key of the package.
	Package string `json:"package"`
	// From is the installed version; To the smallest listed fixed version
	// that resolves every issue of the group.
	From string `json:"from"`
	To   string `json:"to"`
	// Issues are the IDs of the issues it fixes, sorted.
	Issues []string `json:"issues"`
	// Services are the affected services, from the issues (filled once the
	// graph has given issues their services).
	Services []string `json:"services,omitempty"`
}

// fixGroups groups open vulnerability issues by package and installed
// version, and picks for each group the lowest fixed version that is at
// least every issue's own lowest fix above the installed version. Versions
// compare by the package's ecosystem rules (osv-scalibr's semantic package;
// SemVer through hashicorp/go-version where the ecosystem is unknown).
// Issues without a usable fixed version are left out.
func fixGroups(issues []aspm.Issue) []FixGroup {
	type gk struct{ pkg, from string }
	groups := map[gk]*FixGroup{}
	var order []gk
	for i := range issues {
		is := &issues[i]
		if is.Status == aspm.LifecycleFixed || is.Component.IsZero() || len(is.FixedVersions) == 0 || len(is.Vulns) == 0 {
			continue
		}
		eco := is.Component.Ecosystem()
		from := is.Component.Version()
		fix := lowestAbove(eco, from, is.FixedVersions)
		if fix == "" {
			continue
		}
		k := gk{is.Component.VersionlessKey(), from}
		g := groups[k]
		if g == nil {
			g = &FixGroup{Package: k.pkg, From: from, To: fix}
			groups[k] = g
			order = append(order, k)
		} else if compareVersions(eco, fix, g.To) > 0 {
			g.To = fix
		}
		g.Issues = append(g.Issues, is.ID)
		g.Services = append(g.Services, is.Services...)
	}
	out := make([]FixGroup, 0, len(order))
	for _, k := range order {
		g := groups[k]
		slices.Sort(g.Issues)
		slices.Sort(g.Services)
		g.Services = slices.Compact(g.Services)
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b FixGroup) int {
		return cmp.Or(cmp.Compare(len(b.Issues), len(a.Issues)), strings.Compare(a.Package, b.Package), strings.Compare(a.From, b.From))
	})
	return out
}

// compareVersions compares a and b in an ecosystem; unparsable versions
// compare as strings, after the parsable ones.
func compareVersions(eco, a, b string) int {
	if eco != "" {
		if va, err := semantic.Parse(a, eco); err == nil {
			if c, err := va.CompareStr(b); err == nil {
				return c
			}
		}
	}
	va, ea := goversion.NewVersion(a)
	vb, eb := goversion.NewVersion(b)
	switch {
	case ea == nil && eb == nil:
		return va.Compare(vb)
	case ea == nil:
		return -1
	case eb == nil:
		return 1
	}
	return strings.Compare(a, b)
}

// lowestAbove returns the lowest of fixes that is above installed ("" when
// none is).
func lowestAbove(eco, installed string, fixes []string) string {
	best := ""
	for _, f := range fixes {
		f = strings.TrimSpace(f)
		if f == "" || (installed != "" && compareVersions(eco, f, installed) <= 0) {
			continue
		}
		if best == "" || compareVersions(eco, f, best) < 0 {
			best = f
		}
	}
	return best
}
