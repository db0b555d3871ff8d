package npmaudit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

var (
	reGHSAURL = regexp.MustCompile(`(?i)/advisories/(GHSA(?:-[23456789cfghjmpqrvwx]{4}){3})\b`)
	reURL     = regexp.MustCompile(`https?://[^\s<>()\[\]"']+`)
	reOpSpace = regexp.MustCompile(`(>=|<=|>|<|=)\s+`)
)

// rawText renders a JSON value as text: a string unquoted, null as "", and
// any other value as compact JSON (so numeric ids become their digits).
func rawText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return ""
	}
	return buf.String()
}

// leftovers returns the members of m other than drop, without nulls, as
// properties.
func leftovers(m map[string]json.RawMessage, drop ...string) map[string]string {
	rest := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		if slices.Contains(drop, k) {
			continue
		}
		if t := bytes.TrimSpace(v); len(t) == 0 || string(t) == "null" {
			continue
		}
		rest[k] = v
	}
	return decode.RawProperties(rest)
}

// setProp sets a property when the value is not empty.
func setProp(f *aspm.Finding, k, v string) {
	if v == "" {
		return
	}
	if f.Properties == nil {
		f.Properties = map[string]string{}
	}
	f.Properties[k] = v
}

// ghsaFromURL returns the GHSA id at the end of a github.com/advisories URL.
func ghsaFromURL(u string) string {
	if m := reGHSAURL.FindStringSubmatch(u); m != nil {
		return m[1]
	}
	return ""
}

// advisoryVuln builds the vulnerability of an advisory: the GHSA id, when
// known, with the CVEs as aliases, else the first CVE.
func advisoryVuln(ghsa string, cves []string) []aspm.Vuln {
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

// patchedVersions reads fixed versions from a patched range (">=1.2.3").
func patchedVersions(patched string) []string { return bounds(patched, ">=") }

// fixedFromVulnerable reads fixed versions from a vulnerable range: the
// exclusive upper bound of each clause ("<2.6.9").
func fixedFromVulnerable(vulnerable string) []string { return bounds(vulnerable, "<") }

// references collects URLs: first, then those found in text, once each.
func references(first string, text string) []string {
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

// cvss is the CVSS member of an advisory.
type cvss struct {
	Score        float64 `json:"score"`
	VectorString string  `json:"vectorString"`
}

// toCVSS converts an advisory's CVSS, or returns nil when it is empty.
func (c *cvss) toCVSS() []aspm.CVSS {
	if c == nil || (c.VectorString == "" && c.Score == 0) {
		return nil
	}
	return []aspm.CVSS{{Source: "ghsa", Version: cvssVersion(c.VectorString), Vector: c.VectorString, Score: c.Score}}
}

// cvssVersion reads the CVSS version from a vector's prefix; a vector
// without one is CVSS 2.0.
func cvssVersion(vector string) string {
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

// sortedKeys returns m's keys, numeric ones in numeric order first.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		na, ea := strconv.ParseUint(a, 10, 64)
		nb, eb := strconv.ParseUint(b, 10, 64)
		switch {
		case ea == nil && eb == nil && na != nb:
			if na < nb {
				return -1
			}
			return 1
		case ea == nil && eb != nil:
			return -1
		case ea != nil && eb == nil:
			return 1
		}
		return strings.Compare(a, b)
	})
	return keys
}

// pointerEscape escapes a JSON pointer reference token.
func pointerEscape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// jsonList renders strings as a compact JSON array, without escaping
// HTML characters (dependency paths use ">").
func jsonList(ss []string) string {
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

// notFormat turns a JSON type mismatch at the top level (an array where an
// object belongs) into decode.ErrNotFormat; other errors pass unchanged.
func notFormat(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("%w: %v", decode.ErrNotFormat, err)
	}
	return err
}
