package npmadvisory

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
)

// These expressions are compiled once and only read.
var (
	reGHSAURL = regexp.MustCompile(`(?i)/advisories/(GHSA(?:-[23456789cfghjmpqrvwx]{4}){3})\b`)
	reURL     = regexp.MustCompile(`https?://[^\s<>()\[\]"']+`)
	reOpSpace = regexp.MustCompile(`(>=|<=|>|<|=)\s+`)
)

// GHSAFromURL returns the GHSA id at the end of a github.com/advisories
// URL, or "".
func GHSAFromURL(u string) string {
	if m := reGHSAURL.FindStringSubmatch(u); m != nil {
		return m[1]
	}
	return ""
}

// Vulns builds the vulnerability of an advisory: the GHSA id, when known,
// with the CVEs as aliases, else the first CVE with the others; nil when
// there is no id.
func Vulns(ghsa string, cves []string) []aspm.Vuln {
	var ids []string
	for _, c := range cves {
		if c = strings.TrimSpace(c); c != "" {
			ids = append(ids, c)
		}
	}
	switch {
	case ghsa != "":
		return []aspm.Vuln{aspm.NewVuln(ghsa, ids...)}
	case len(ids) > 0:
		return []aspm.Vuln{aspm.NewVuln(ids[0], ids[1:]...)}
	}
	return nil
}

// bounds returns, for each "||" clause of an npm semver range, the version
// of its first comparator with operator op (">=" or "<"), without
// duplicates, in order.
func bounds(rng, op string) []string {
	var out []string
	for clause := range strings.SplitSeq(rng, "||") {
		clause = reOpSpace.ReplaceAllString(strings.TrimSpace(clause), "$1")
		for _, tok := range strings.Fields(clause) {
			v, ok := strings.CutPrefix(tok, op)
			if !ok || strings.HasPrefix(v, "=") || v == "" {
				continue
			}
			v = strings.TrimPrefix(v, "v")
			if v != "0.0.0" && !slices.Contains(out, v) {
				out = append(out, v)
			}
			break
		}
	}
	return out
}

// PatchedVersions reads fixed versions from a patched range (">=1.2.3"):
// the lower bound of each "||" clause; nil when there is none.
func PatchedVersions(patched string) []string { return bounds(patched, ">=") }

// FixedFromVulnerable reads fixed versions from a vulnerable range: the
// exclusive upper bound of each "||" clause ("<2.6.9"); nil when there is
// none.
func FixedFromVulnerable(vulnerable string) []string { return bounds(vulnerable, "<") }

// References collects URLs: first, then those found in text, once each,
// without trailing punctuation.
func References(first string, text string) []string {
	var out []string
	add := func(u string) {
		u = strings.TrimRight(strings.TrimSpace(u), ".,;")
		if u != "" && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	add(first)
	for _, u := range reURL.FindAllString(text, -1) {
		add(u)
	}
	return out
}

// CVSS is the cvss member of an advisory.
type CVSS struct {
	Score        float64 `json:"score"`
	VectorString string  `json:"vectorString"`
}

// Scores converts an advisory's CVSS to the model (source "ghsa"), or
// returns nil when c is nil or empty.
func (c *CVSS) Scores() []aspm.CVSS {
	if c == nil || (c.VectorString == "" && c.Score == 0) {
		return nil
	}
	return []aspm.CVSS{{Source: "ghsa", Version: CVSSVersion(c.VectorString), Vector: c.VectorString, Score: c.Score}}
}

// CVSSVersion reads the CVSS version from a GitHub advisory vector's
// "CVSS:3.1/" prefix; a vector without one is CVSS 2.0 when it has the v2
// metric Au, and of no known version otherwise.
func CVSSVersion(vector string) string {
	switch {
	case vector == "":
		return ""
	case strings.HasPrefix(vector, "CVSS:"):
		v, _, _ := strings.Cut(strings.TrimPrefix(vector, "CVSS:"), "/")
		return v
	case strings.Contains(vector, "Au:"):
		return "2.0"
	}
	return ""
}

// JSONList renders strings as a compact JSON array, without escaping HTML
// characters (dependency paths use ">"); "" for no strings.
func JSONList(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(ss); err != nil {
		return ""
	}
	return strings.TrimSpace(buf.String())
}
