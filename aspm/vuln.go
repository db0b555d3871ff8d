package aspm

import (
	"regexp"
	"slices"
	"strings"
)

var (
	reCVE  = regexp.MustCompile(`(?i)^cve-(\d{4})-(\d{4,})$`)
	reGHSA = regexp.MustCompile(`(?i)^ghsa(-[23456789cfghjmpqrvwx]{4}){3}$`)
	reCWE  = regexp.MustCompile(`(?i)(?:^|[^a-z])cwe[-_: ]?(\d{1,5})\b`)
)

// NormalizeVulnID returns the canonical spelling of a vulnerability id:
// surrounding space trimmed, CVE ids upper case ("CVE-2021-44228"), GHSA ids
// with an upper-case prefix and a lower-case body ("GHSA-jfh8-c2jp-5v3q"),
// and other ids with their prefix upper-cased where the prefix is a known
// database ("PYSEC-", "GO-", "RUSTSEC-", "OSV-", "SNYK-"…). Unknown ids are
// returned trimmed but otherwise unchanged.
func NormalizeVulnID(id string) string {
	id = strings.TrimSpace(id)
	switch {
	case reCVE.MatchString(id):
		return strings.ToUpper(id)
	case reGHSA.MatchString(id):
		return "GHSA" + strings.ToLower(id[4:])
	}
	if i := strings.IndexByte(id, '-'); i > 0 {
		prefix := strings.ToUpper(id[:i])
		switch prefix {
		case "PYSEC", "GO", "RUSTSEC", "OSV", "SNYK", "GSD", "DSA", "DLA", "USN", "RHSA", "ALAS", "ALSA", "RLSA", "ELSA", "SUSE", "OPENSUSE", "MAL", "BIT", "CURL", "DEBIAN", "UBUNTU", "ALPINE", "MGASA", "PSF", "CGA", "RXSA", "LBSEC", "HSEC", "R", "JLSEC", "ROOT":
			return prefix + id[i:]
		}
	}
	return id
}

// VulnIDRank orders id namespaces for choosing a canonical representative:
// CVE first (0), then GHSA (1), then everything else (2).
func VulnIDRank(id string) int {
	switch {
	case strings.HasPrefix(id, "CVE-"):
		return 0
	case strings.HasPrefix(id, "GHSA-"):
		return 1
	}
	return 2
}

// IsCVE reports whether id is a well-formed CVE id in any case.
func IsCVE(id string) bool { return reCVE.MatchString(strings.TrimSpace(id)) }

// NewVuln returns a Vuln with id and aliases normalised, the aliases sorted
// and de-duplicated and the id itself removed from them.
func NewVuln(id string, aliases ...string) Vuln {
	v := Vuln{ID: NormalizeVulnID(id)}
	v.Aliases = normIDs(v.ID, aliases)
	return v
}

// AddRelated returns v with the related ids added, normalised, sorted and
// de-duplicated; ids that are already aliases are not repeated.
func (v Vuln) AddRelated(ids ...string) Vuln {
	rel := normIDs(v.ID, append(slices.Clone(v.Related), ids...))
	v.Related = slices.DeleteFunc(rel, func(s string) bool { return slices.Contains(v.Aliases, s) })
	if len(v.Related) == 0 {
		v.Related = nil
	}
	return v
}

// IDs returns the id and its aliases.
func (v Vuln) IDs() []string { return append([]string{v.ID}, v.Aliases...) }

func normIDs(self string, ids []string) []string {
	var out []string
	for _, a := range ids {
		if a = NormalizeVulnID(a); a != "" && a != self {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// ParseCWE extracts a CWE number from text such as "CWE-79", "cwe_79",
// "CWE:79" or "external/cwe/cwe-079". It returns 0 when there is none.
func ParseCWE(s string) int {
	m := reCWE.FindStringSubmatch(s)
	if m == nil {
		return 0
	}
	n := 0
	for _, c := range m[1] {
		n = n*10 + int(c-'0')
	}
	return n
}

// ParseCWEs extracts every CWE number in the texts, sorted and de-duplicated.
func ParseCWEs(texts ...string) []int {
	var out []int
	for _, t := range texts {
		for _, m := range reCWE.FindAllStringSubmatch(t, -1) {
			n := 0
			for _, c := range m[1] {
				n = n*10 + int(c-'0')
			}
			if n > 0 {
				out = append(out, n)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
