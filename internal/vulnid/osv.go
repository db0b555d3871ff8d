package vulnid

import (
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
)

// OSVSeverity turns one severity entry of an OSV record (type "CVSS_V3",
// score a vector or a number) into a CVSS value with source "osv": a
// numeric score is kept as the score, anything else as the vector. The
// version is the vector's own ("CVSS:3.1/…"), else the one the type
// implies for the types whose vectors have no prefix (CVSS_V2, CVSS_V4).
// ok is false for a blank score. The caller picks the types it accepts.
func OSVSeverity(typ, score string) (c aspm.CVSS, ok bool) {
	score = strings.TrimSpace(score)
	if score == "" {
		return aspm.CVSS{}, false
	}
	c = aspm.CVSS{Source: "osv", Version: osvVersion(typ, score)}
	if n, err := strconv.ParseFloat(score, 64); err == nil {
		c.Score = n
	} else {
		c.Vector = score
	}
	return c, true
}

// osvVersion returns the CVSS version a vector states, or the version the
// OSV severity type implies ("2.0" for CVSS_V2, whose vectors have no
// prefix).
func osvVersion(typ, vector string) string {
	if rest, ok := strings.CutPrefix(vector, "CVSS:"); ok {
		v, _, _ := strings.Cut(rest, "/")
		return v
	}
	switch typ {
	case "CVSS_V2":
		return "2.0"
	case "CVSS_V4":
		return "4.0"
	}
	return ""
}
