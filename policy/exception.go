package policy

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/google/osv-scalibr/semantic"
	goversion "github.com/hashicorp/go-version"

	"github.com/posturekit/posture/aspm"
)

// Exception is an explicit, owned and temporary acceptance of a rule
// violation. Every scope field that is set must match a violation for the
// exception to apply; at least one must be set. From Expires on, the
// exception no longer applies and is reported as expired.
type Exception struct {
	ID string `yaml:"id" json:"id"`
	// By is who accepted the risk, Reason why, Created when.
	By      string    `yaml:"by" json:"by"`
	Reason  string    `yaml:"reason" json:"reason"`
	Created time.Time `yaml:"created" json:"created"`
	// Expires is the first instant the exception no longer applies; a
	// date in a file ("2026-12-01") is midnight UTC starting that day.
	Expires time.Time `yaml:"expires" json:"expires"`

	// Issue is an issue ID.
	Issue string `yaml:"issue,omitempty" json:"issue,omitempty"`
	// Vuln is any id of a vulnerability's alias group ("CVE-2021-44228"
	// also matches an issue whose canonical id is a GHSA).
	Vuln string `yaml:"vuln,omitempty" json:"vuln,omitempty"`
	// PURL is a package; without a version it matches every version, or
	// those within Versions: comma-separated comparisons (">=1.2.0,
	// <1.4.1") in the package ecosystem's version order.
	PURL     string `yaml:"purl,omitempty" json:"purl,omitempty"`
	Versions string `yaml:"versions,omitempty" json:"versions,omitempty"`
	// Service is a service name or path.Match pattern; Rule a rule id or
	// pattern.
	Service string `yaml:"service,omitempty" json:"service,omitempty"`
	Rule    string `yaml:"rule,omitempty" json:"rule,omitempty"`

	// VEX is an optional VEX status ("not_affected", "affected", "fixed",
	// "under_investigation") with its Justification.
	VEX           string `yaml:"vex,omitempty" json:"vex,omitempty"`
	Justification string `yaml:"justification,omitempty" json:"justification,omitempty"`

	// Pos is where the exception was read; zero when built in code.
	Pos Pos `yaml:"-" json:"pos,omitzero"`
}

// Active reports whether the exception applies at now.
func (e *Exception) Active(now time.Time) bool { return now.Before(e.Expires) }

func (e *Exception) validate() error {
	bad := func(field, msg string) error {
		return &Error{Pos: e.Pos, Rule: e.ID, Field: field, Msg: msg}
	}
	switch {
	case e.ID == "":
		return bad("id", "missing exception id")
	case e.By == "":
		return bad("by", "an exception must say who accepted the risk")
	case e.Reason == "":
		return bad("reason", "an exception must say why")
	case e.Created.IsZero():
		return bad("created", "an exception must say when it was made")
	case e.Expires.IsZero():
		return bad("expires", "an exception must expire")
	case !e.Expires.After(e.Created):
		return bad("expires", "expires before it was created")
	case e.Issue == "" && e.Vuln == "" && e.PURL == "" && e.Service == "" && e.Rule == "":
		return bad("", "an exception needs a scope: issue, vuln, purl, service or rule")
	case e.Versions != "" && e.PURL == "":
		return bad("versions", "versions needs a purl")
	}
	if e.PURL != "" {
		if _, err := aspm.ParsePURL(e.PURL); err != nil {
			return &Error{Pos: e.Pos, Rule: e.ID, Field: "purl", Err: err}
		}
	}
	if _, err := parseRange(e.Versions); err != nil {
		return &Error{Pos: e.Pos, Rule: e.ID, Field: "versions", Err: err}
	}
	switch aspm.VEXState(e.VEX) {
	case "", aspm.VEXNotAffected, aspm.VEXAffected, aspm.VEXFixed, aspm.VEXUnderInvestigation:
	default:
		return bad("vex", fmt.Sprintf("unknown VEX status %q", e.VEX))
	}
	if e.Justification != "" && e.VEX == "" {
		return bad("justification", "a justification needs a vex status")
	}
	return nil
}

// matches reports whether the exception's scope covers a violation of rule
// by the issue of in.
func (e *Exception) matches(rule string, is *aspm.Issue, in *Input) bool {
	if e.Rule != "" && !globEq(e.Rule, rule) {
		return false
	}
	if e.Issue != "" && e.Issue != is.ID {
		return false
	}
	if e.Vuln != "" {
		want := aspm.NormalizeVulnID(e.Vuln)
		found := false
		for _, v := range is.Vulns {
			if strings.EqualFold(aspm.NormalizeVulnID(v), want) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	if e.PURL != "" && !e.matchesPURL(is.Component) {
		return false
	}
	if e.Service != "" && !anyMatch([]string{e.Service}, in.Issue.Services) {
		return false
	}
	return true
}

func globEq(pattern, s string) bool {
	ok, err := path.Match(pattern, s)
	return pattern == s || (err == nil && ok)
}

func (e *Exception) matchesPURL(c aspm.PURL) bool {
	if c.IsZero() {
		return false
	}
	want, err := aspm.ParsePURL(e.PURL)
	if err != nil || want.VersionlessKey() != c.VersionlessKey() {
		return false
	}
	if want.Version() != "" && want.Version() != c.Version() {
		return false
	}
	rng, _ := parseRange(e.Versions)
	return rng.contains(c.Ecosystem(), c.Version())
}

// versionRange is a conjunction of comparisons.
type versionRange []comparison

type comparison struct {
	op, version string
}

func parseRange(s string) (versionRange, error) {
	var r versionRange
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		op := ""
		for _, o := range []string{">=", "<=", "!=", "==", ">", "<", "="} {
			if strings.HasPrefix(part, o) {
				op = o
				break
			}
		}
		if op == "" {
			return nil, fmt.Errorf("comparison %q: want one of >=, >, <=, <, =, != and a version", part)
		}
		v := strings.TrimSpace(strings.TrimPrefix(part, op))
		if v == "" {
			return nil, fmt.Errorf("comparison %q has no version", part)
		}
		r = append(r, comparison{op, v})
	}
	return r, nil
}

func (r versionRange) contains(eco, v string) bool {
	if len(r) == 0 {
		return true
	}
	if v == "" {
		return false
	}
	for _, c := range r {
		n := compareVersions(eco, v, c.version)
		ok := false
		switch c.op {
		case ">=":
			ok = n >= 0
		case ">":
			ok = n > 0
		case "<=":
			ok = n <= 0
		case "<":
			ok = n < 0
		case "=", "==":
			ok = n == 0
		case "!=":
			ok = n != 0
		}
		if !ok {
			return false
		}
	}
	return true
}

// compareVersions compares a and b by the ecosystem's rules, else as
// SemVer, else as strings.
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
	if ea == nil && eb == nil {
		return va.Compare(vb)
	}
	return strings.Compare(a, b)
}
