package vulnid

import (
	"slices"

	"github.com/posturekit/posture/aspm"
)

// TrivyCVSS is one source's entry of the CVSS map that Trivy writes on a
// vulnerability (and that the Trivy operator's reports copy): a vector and
// a score for each CVSS version.
type TrivyCVSS struct {
	V2Vector  string  `json:"V2Vector"`
	V3Vector  string  `json:"V3Vector"`
	V40Vector string  `json:"V40Vector"`
	V2Score   float64 `json:"V2Score"`
	V3Score   float64 `json:"V3Score"`
	V40Score  float64 `json:"V40Score"`
}

// TrivyScores turns Trivy's CVSS map into one entry per source and CVSS
// version that has a vector or a score, sorted by source, then version.
// The version comes from the vector ([CVSSVersion]) and falls back to the
// member's.
func TrivyScores(m map[string]TrivyCVSS) []aspm.CVSS {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []aspm.CVSS
	for _, src := range keys {
		c := m[src]
		if c.V2Vector != "" || c.V2Score != 0 {
			out = append(out, aspm.CVSS{Source: src, Version: CVSSVersion(c.V2Vector, "2.0"), Vector: c.V2Vector, Score: c.V2Score})
		}
		if c.V3Vector != "" || c.V3Score != 0 {
			out = append(out, aspm.CVSS{Source: src, Version: CVSSVersion(c.V3Vector, "3.0"), Vector: c.V3Vector, Score: c.V3Score})
		}
		if c.V40Vector != "" || c.V40Score != 0 {
			out = append(out, aspm.CVSS{Source: src, Version: CVSSVersion(c.V40Vector, "4.0"), Vector: c.V40Vector, Score: c.V40Score})
		}
	}
	return out
}
