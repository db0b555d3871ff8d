package govulncheck

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
	"github.com/posturekit/posture/internal/vulnid"
)

// osvEntry is the part of an OSV record (as govulncheck embeds it) that
// posture reads. Timestamps stay strings so that an odd date never fails a
// record.
type osvEntry struct {
	ID               string          `json:"id"`
	Modified         string          `json:"modified"`
	Published        string          `json:"published"`
	Withdrawn        string          `json:"withdrawn"`
	Aliases          []string        `json:"aliases"`
	Related          []string        `json:"related"`
	Summary          string          `json:"summary"`
	Details          string          `json:"details"`
	Affected         []osvAffected   `json:"affected"`
	Severity         []osvSeverity   `json:"severity"`
	References       []osvReference  `json:"references"`
	DatabaseSpecific json.RawMessage `json:"database_specific"`
}

type osvAffected struct {
	Package struct {
		Name      string `json:"name"`
		Ecosystem string `json:"ecosystem"`
	} `json:"package"`
	Ranges []struct {
		Type   string `json:"type"`
		Events []struct {
			Introduced string `json:"introduced"`
			Fixed      string `json:"fixed"`
		} `json:"events"`
	} `json:"ranges"`
	EcosystemSpecific json.RawMessage `json:"ecosystem_specific"`
}

type osvSeverity struct {
	Type  string `json:"type"`
	Score string `json:"score"`
}

type osvReference struct {
	Type string `json:"type"`
	URL  string `json:"url"`
}

// vulnFields fills what a finding takes from its OSV record: the Vuln with
// aliases and related ids, title, description, references and CVSS. A nil
// entry gives the bare id.
func vulnFields(f *aspm.Finding, id, module string, e *osvEntry, lim decode.Limits) {
	f.Rule = aspm.NormalizeVulnID(id)
	if e == nil {
		f.Vulns = []aspm.Vuln{aspm.NewVuln(id)}
		f.Title = fallbackTitle(f.Rule, module)
		return
	}
	v := aspm.NewVuln(id, e.Aliases...)
	if len(e.Related) > 0 {
		v = v.AddRelated(e.Related...)
	}
	f.Vulns = []aspm.Vuln{v}
	f.RuleName = decode.Clip(decode.FirstLine(e.Summary), 512)
	f.Title = f.RuleName
	if f.Title == "" {
		f.Title = decode.Clip(decode.FirstLine(e.Details), 512)
	}
	if f.Title == "" {
		f.Title = fallbackTitle(f.Rule, module)
	}
	desc := strings.TrimSpace(e.Details)
	if desc == "" {
		desc = strings.TrimSpace(e.Summary)
	}
	f.Description = decode.Clip(desc, lim.MaxText)
	for _, r := range e.References {
		if r.URL != "" && !slices.Contains(f.References, r.URL) {
			f.References = append(f.References, r.URL)
		}
	}
	var db struct {
		URL string `json:"url"`
	}
	if len(e.DatabaseSpecific) > 0 && e.DatabaseSpecific[0] == '{' && json.Unmarshal(e.DatabaseSpecific, &db) == nil && db.URL != "" && !slices.Contains(f.References, db.URL) {
		f.References = append(f.References, db.URL)
	}
	for _, s := range e.Severity {
		if !strings.HasPrefix(s.Type, "CVSS_V") {
			continue
		}
		if c, ok := vulnid.OSVSeverity(s.Type, s.Score); ok {
			f.CVSS = append(f.CVSS, c)
		}
	}
	for _, c := range f.CVSS {
		if c.Score > 0 {
			f.Severity = aspm.SeverityFromScore(c.Score)
			f.ToolSeverity = strconv.FormatFloat(c.Score, 'f', -1, 64)
			break
		}
	}
}

func fallbackTitle(id, module string) string {
	if module == "" {
		return id
	}
	return id + " in " + module
}

// fixedFor returns the fixed version of the OSV range that contains
// version for the module, with govulncheck's "v" prefix. With no version,
// or no range containing it, it returns every fixed version of the module.
func fixedFor(e *osvEntry, module, version string) []string {
	if e == nil {
		return nil
	}
	var all []string
	for _, a := range e.Affected {
		if a.Package.Name != module {
			continue
		}
		for _, r := range a.Ranges {
			introduced := ""
			for _, ev := range r.Events {
				if ev.Introduced != "" {
					introduced = ev.Introduced
				}
				if ev.Fixed == "" {
					continue
				}
				fixed := "v" + strings.TrimPrefix(ev.Fixed, "v")
				if !slices.Contains(all, fixed) {
					all = append(all, fixed)
				}
				if version != "" && compareSemver(version, introduced) >= 0 && compareSemver(version, ev.Fixed) < 0 {
					return []string{fixed}
				}
			}
		}
	}
	return all
}

// compareSemver compares two Go module versions ("v1.2.3", "1.2.3",
// "v1.2.3-rc.1"); "0" and "" sort first. It is a small comparison for OSV
// ranges, not a full SemVer implementation: pre-release parts compare as
// strings.
func compareSemver(a, b string) int {
	norm := func(s string) (nums []int, pre string) {
		s = strings.TrimPrefix(strings.TrimSpace(s), "v")
		s, _, _ = strings.Cut(s, "+")
		s, pre, _ = strings.Cut(s, "-")
		for _, p := range strings.Split(s, ".") {
			n, _ := strconv.Atoi(p)
			nums = append(nums, n)
		}
		return nums, pre
	}
	an, ap := norm(a)
	bn, bp := norm(b)
	for i := 0; i < max(len(an), len(bn)); i++ {
		var x, y int
		if i < len(an) {
			x = an[i]
		}
		if i < len(bn) {
			y = bn[i]
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	switch {
	case ap == bp:
		return 0
	case ap == "":
		return 1
	case bp == "":
		return -1
	}
	return strings.Compare(ap, bp)
}
