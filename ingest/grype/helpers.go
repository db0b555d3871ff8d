package grype

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// leftovers returns the members of m other than drop as
// properties named by their JSON keys with prefix in front. Nulls and
// empty strings say nothing and are left out.
func leftovers(m map[string]json.RawMessage, prefix string, drop ...string) map[string]string {
	rest := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		if slices.Contains(drop, k) {
			continue
		}
		if t := bytes.TrimSpace(v); len(t) == 0 || string(t) == "null" || string(t) == `""` {
			continue
		}
		rest[prefix+k] = v
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

// slash turns a Windows path into forward slashes.
func slash(p string) string { return strings.ReplaceAll(p, `\`, "/") }

// appendUnique appends the non-empty values of add that s lacks.
func appendUnique(s []string, add ...string) []string {
	for _, v := range add {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(s, v) {
			s = append(s, v)
		}
	}
	return s
}

// cvssVersion reads the version from a vector's "CVSS:3.1/" prefix, or
// returns fallback for vectors without one (CVSS v2 and early v3).
func cvssVersion(vector, fallback string) string {
	if rest, ok := strings.CutPrefix(vector, "CVSS:"); ok {
		if v, _, ok := strings.Cut(rest, "/"); ok && v != "" {
			if _, err := strconv.ParseFloat(v, 64); err == nil {
				return v
			}
		}
	}
	return fallback
}

// splitIDs sorts the other ids of a vulnerability into aliases, which name
// the same vulnerability, and related ids, which correlation must never
// merge on. Vendor advisories (DSA, RHSA, ALAS, USN…) bundle the fixes of
// several vulnerabilities: an advisory among the ids, or as the primary id,
// makes the link "related"; CVE, GHSA and other database ids are aliases.
func splitIDs(primary string, ids []string) (aliases, related []string) {
	bundle := vendorAdvisory(primary)
	for _, id := range ids {
		id = aspm.NormalizeVulnID(id)
		switch {
		case id == "":
		case bundle || vendorAdvisory(id):
			related = append(related, id)
		default:
			aliases = append(aliases, id)
		}
	}
	return aliases, related
}

// vendorPrefixes start the ids of vendor security advisories.
var vendorPrefixes = []string{"ALAS", "ALBA", "ALEA", "ALSA", "ASA", "DLA", "DSA", "DTSA", "ELBA", "ELEA", "ELSA",
	"FEDORA", "FLSA", "GLSA", "MGASA", "OPENSUSE", "PHSA", "RHBA", "RHEA", "RHSA", "RLBA", "RLEA", "RLSA", "RXSA", "SUSE", "USN"}

// vendorAdvisory reports whether id is a vendor security advisory.
func vendorAdvisory(id string) bool {
	prefix, _, ok := strings.Cut(strings.ToUpper(strings.TrimSpace(id)), "-")
	if !ok {
		return false
	}
	for _, v := range vendorPrefixes {
		if prefix == v || (strings.HasPrefix(prefix, v) && strings.Trim(prefix[len(v):], "0123456789") == "") {
			return true
		}
	}
	return false
}
