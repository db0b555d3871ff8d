package correlate

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
)

// compare classifies res's issues against a baseline result and carries
// identity, triage and first-seen times over. An issue matches a baseline
// issue when it has the same ID, or when one of its findings shares an
// identity key with one of the baseline issue's findings (so a finding that
// moved, or that another tool now reports, keeps its issue); for code
// findings without a stable anchor, the same rule in the same file within
// lineWindow lines also matches. A matched issue takes the baseline's ID.
func compare(res *Result, fp *fingerprinter, base *aspm.Result, now time.Time) {
	byID := map[string]int{}
	byKey := map[key]int{}
	byPlace := map[[2]string][]placed{} // code findings by rule and file
	for bi := range base.Issues {
		bis := &base.Issues[bi]
		byID[bis.ID] = bi
		for _, f := range bis.Findings {
			ids, _ := fp.keys(f, nil)
			for _, k := range ids {
				if _, dup := byKey[k]; !dup {
					byKey[k] = bi
				}
			}
			if bis.Kind == aspm.KindSAST || bis.Kind == aspm.KindIaC {
				if l := primary(f); l.Region != nil && l.Region.StartLine > 0 {
					for _, r := range places(fp, f) {
						p := [2]string{r, normPath(l.File)}
						byPlace[p] = append(byPlace[p], placed{bi, l.Region.StartLine, bis.Kind})
					}
				}
			}
		}
	}
	targets := make(map[*aspm.Finding]*aspm.Target, len(res.members))
	for _, m := range res.members {
		if m.target != nil {
			targets[m.f] = m.target
		}
	}
	matched := make([]bool, len(base.Issues))
	for i := range res.Issues {
		is := &res.Issues[i]
		bi, ok := byID[is.ID]
		if !ok || matched[bi] {
			bi, ok = matchByKeys(fp, targets, is, byKey, matched)
		}
		if !ok || matched[bi] {
			bi, ok = matchByLine(fp, is, byPlace, matched)
		}
		is.LastSeen = now
		if !ok {
			is.Status, is.FirstSeen = aspm.LifecycleNew, now
			continue
		}
		matched[bi] = true
		prev := &base.Issues[bi]
		is.ID = prev.ID
		is.Triage = prev.Triage
		is.FirstSeen = prev.FirstSeen
		if is.FirstSeen.IsZero() {
			is.FirstSeen = now
		}
		is.Status = aspm.LifecycleUnchanged
		if prev.Status == aspm.LifecycleFixed {
			is.Status = aspm.LifecycleReopened
		}
	}
	// Baseline issues no longer seen are fixed; issues that were already
	// fixed stay fixed, so that a later reappearance is a reopening.
	for bi := range base.Issues {
		if matched[bi] {
			continue
		}
		prev := base.Issues[bi]
		if prev.Status != aspm.LifecycleFixed {
			prev.Status, prev.FixedAt = aspm.LifecycleFixed, now
		}
		res.Issues = append(res.Issues, prev)
	}
	slices.SortFunc(res.Issues, func(a, b aspm.Issue) int { return strings.Compare(a.ID, b.ID) })
}

// placed is a baseline code finding's issue and line.
type placed struct {
	issue, line int
	kind        aspm.Kind
}

func matchByKeys(fp *fingerprinter, targets map[*aspm.Finding]*aspm.Target, is *aspm.Issue, byKey map[key]int, matched []bool) (int, bool) {
	best, found := 0, false
	for _, f := range is.Findings {
		ids, _ := fp.keys(f, targets[f])
		for _, k := range ids {
			if bi, ok := byKey[k]; ok && !matched[bi] && (!found || bi < best) {
				best, found = bi, true
			}
		}
	}
	return best, found
}

// places are the rule identities a code finding is compared by across
// scans: its rule, and each of its CWEs (so that another tool's view of the
// weakness matches too).
func places(fp *fingerprinter, f *aspm.Finding) []string {
	rk, r := fp.rule(f)
	out := []string{string(rune('0'+rk)) + r}
	for _, c := range f.CWEs {
		out = append(out, "cwe:"+strconv.Itoa(c))
	}
	return out
}

// matchByLine finds a baseline code issue with the same rule (or a shared
// CWE) in the same file whose line is within lineWindow of this one's: the
// fallback for tools that give neither a snippet nor a fingerprint.
func matchByLine(fp *fingerprinter, is *aspm.Issue, byPlace map[[2]string][]placed, matched []bool) (int, bool) {
	if is.Kind != aspm.KindSAST && is.Kind != aspm.KindIaC {
		return 0, false
	}
	for _, f := range is.Findings {
		l := primary(f)
		if l.Region == nil || l.Region.StartLine == 0 {
			continue
		}
		for _, r := range places(fp, f) {
			bestDist, bestIdx := lineWindow+1, -1
			for _, p := range byPlace[[2]string{r, normPath(l.File)}] {
				if matched[p.issue] || p.kind != is.Kind {
					continue
				}
				d := p.line - l.Region.StartLine
				if d < 0 {
					d = -d
				}
				if d < bestDist || (d == bestDist && p.issue < bestIdx) {
					bestDist, bestIdx = d, p.issue
				}
			}
			if bestIdx >= 0 {
				return bestIdx, true
			}
		}
	}
	return 0, false
}
