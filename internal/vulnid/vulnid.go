package vulnid

import (
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
)

// CVSSVersion reads the version from a vector's "CVSS:3.1/" prefix, or
// returns fallback for vectors without one (CVSS v2 and early v3) and for
// a prefix that is not a number.
func CVSSVersion(vector, fallback string) string {
	if rest, ok := strings.CutPrefix(vector, "CVSS:"); ok {
		if v, _, ok := strings.Cut(rest, "/"); ok && v != "" {
			if _, err := strconv.ParseFloat(v, 64); err == nil {
				return v
			}
		}
	}
	return fallback
}

// Split sorts the other ids of a vulnerability into aliases, which name
// the same vulnerability, and related ids, which correlation must never
// merge on. Vendor advisories (DSA, RHSA, ALAS, USN…) bundle the fixes of
// several vulnerabilities: an advisory among the ids, or as the primary id,
// makes the link "related"; CVE, GHSA and other database ids are aliases.
// Ids are normalised with aspm.NormalizeVulnID; empty ones are dropped.
func Split(primary string, ids []string) (aliases, related []string) {
	bundle := VendorAdvisory(primary)
	for _, id := range ids {
		id = aspm.NormalizeVulnID(id)
		switch {
		case id == "":
		case bundle || VendorAdvisory(id):
			related = append(related, id)
		default:
			aliases = append(aliases, id)
		}
	}
	return aliases, related
}

// vendorPrefixes returns the prefixes that start the ids of vendor
// security advisories.
func vendorPrefixes() []string {
	return []string{"ALAS", "ALBA", "ALEA", "ALSA", "ASA", "DLA", "DSA", "DTSA", "ELBA", "ELEA", "ELSA",
		"FEDORA", "FLSA", "GLSA", "MGASA", "OPENSUSE", "PHSA", "RHBA", "RHEA", "RHSA", "RLBA", "RLEA", "RLSA", "RXSA", "SUSE", "USN"}
}

// VendorAdvisory reports whether id is a vendor security advisory: its
// part before the first "-" is a vendor prefix, alone or followed by
// digits ("DSA-5678-1", "ALAS2-2023-123", "RHSA-2024:0001").
func VendorAdvisory(id string) bool {
	prefix, _, ok := strings.Cut(strings.ToUpper(strings.TrimSpace(id)), "-")
	if !ok {
		return false
	}
	for _, v := range vendorPrefixes() {
		if prefix == v || (strings.HasPrefix(prefix, v) && strings.Trim(prefix[len(v):], "0123456789") == "") {
			return true
		}
	}
	return false
}
