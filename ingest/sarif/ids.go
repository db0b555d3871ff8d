package sarif

import (
	"strings"

	"github.com/posturekit/posture/aspm"
)

// vulnIDsIn appends to dst the CVE and GHSA ids that occur anywhere in s
// ("CVE-2021-3711-libssl1.1" holds one), normalised. It is a hand-written
// scanner rather than a regexp because it runs on every rule id.
func vulnIDsIn(dst []string, s string) []string {
	for i := 0; i+4 < len(s); i++ {
		if i > 0 && isAlnum(s[i-1]) {
			continue
		}
		switch s[i] | 0x20 {
		case 'c':
			if n := cveLen(s[i:]); n > 0 {
				dst = appendUnique(dst, aspm.NormalizeVulnID(s[i:i+n]))
				i += n - 1
			}
		case 'g':
			if n := ghsaLen(s[i:]); n > 0 {
				dst = appendUnique(dst, aspm.NormalizeVulnID(s[i:i+n]))
				i += n - 1
			}
		}
	}
	return dst
}

// cveLen returns the length of the CVE id at the start of s, or 0.
func cveLen(s string) int {
	if len(s) < 13 || !strings.EqualFold(s[:4], "cve-") {
		return 0
	}
	for i := 4; i < 8; i++ {
		if !isDigit(s[i]) {
			return 0
		}
	}
	if s[8] != '-' {
		return 0
	}
	n := 9
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	if n-9 < 4 || (n < len(s) && isAlpha(s[n])) {
		return 0
	}
	return n
}

// ghsaLen returns the length of the GHSA id at the start of s, or 0.
func ghsaLen(s string) int {
	const n = len("GHSA-xxxx-xxxx-xxxx")
	if len(s) < n || !strings.EqualFold(s[:5], "ghsa-") {
		return 0
	}
	for i := 5; i < n; i++ {
		c := s[i] | 0x20
		if (i-4)%5 == 0 {
			if s[i] != '-' {
				return 0
			}
			continue
		}
		if !strings.ContainsRune("23456789cfghjmpqrvwx", rune(c)) {
			return 0
		}
	}
	if len(s) > n && isAlnum(s[n]) {
		return 0
	}
	return n
}

// vulnPrefixes are advisory databases whose ids a whole rule id may be
// ("SNYK-JS-LODASH-567746", "GO-2022-0969", "PYSEC-2021-19").
var vulnPrefixes = []string{"SNYK", "GO", "PYSEC", "RUSTSEC", "OSV", "GSD", "MAL", "DSA", "DLA", "USN", "RHSA", "ALAS", "ALSA", "RLSA", "ELSA", "DEBIAN", "ALPINE", "CGA", "BIT", "HSEC", "JLSEC"}

// isVulnID reports whether the whole of s is an advisory id.
func isVulnID(s string) bool {
	if cveLen(s) == len(s) || ghsaLen(s) == len(s) {
		return true
	}
	prefix, rest, ok := strings.Cut(s, "-")
	if !ok || rest == "" || strings.ContainsAny(s, " /.:") {
		return false
	}
	hasDigit := false
	for i := range len(rest) {
		if isDigit(rest[i]) {
			hasDigit = true
			break
		}
	}
	if !hasDigit {
		return false
	}
	for _, p := range vulnPrefixes {
		if strings.EqualFold(prefix, p) {
			return true
		}
	}
	return false
}

// maxIDs bounds the advisory ids read from one text, so that a
// pathological input cannot make the de-duplication quadratic.
const maxIDs = 64

func appendUnique(dst []string, s string) []string {
	for _, d := range dst {
		if d == s {
			return dst
		}
	}
	if len(dst) >= maxIDs {
		return dst
	}
	return append(dst, s)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { c |= 0x20; return c >= 'a' && c <= 'z' }
func isAlnum(c byte) bool { return isDigit(c) || isAlpha(c) }
