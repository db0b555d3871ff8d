package osvscanner

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/vulnid"
)

// The wire types below follow osv-scanner's pkg/models (v1 and v2) and the
// OSV schema. They are private: third-party shapes never leave the package.

type result struct {
	Source   sourceInfo        `json:"source"`
	Packages []json.RawMessage `json:"packages"`
}

type sourceInfo struct {
	Path string `json:"path"`
	Type string `json:"type"`
}

type packageVulns struct {
	Package           packageInfo     `json:"package"`
	DepGroups         []string        `json:"dependency_groups"`
	Vulnerabilities   []vulnerability `json:"vulnerabilities"`
	Groups            []groupInfo     `json:"groups"`
	Licenses          []string        `json:"licenses"`
	LicenseViolations []string        `json:"license_violations"`
}

type packageInfo struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	Ecosystem string `json:"ecosystem"`
	Commit    string `json:"commit"`
	// ImageOrigin is v1's layer detail; ImageOriginDetails is v2's.
	ImageOrigin        *imageOrigin    `json:"imageOrigin"`
	ImageOriginDetails json.RawMessage `json:"image_origin_details"`
}

type imageOrigin struct {
	LayerID       string `json:"layerID"`
	OriginCommand string `json:"originCommand"`
	InBaseImage   bool   `json:"inBaseImage"`
}

type groupInfo struct {
	IDs                  []string                `json:"ids"`
	Aliases              []string                `json:"aliases"`
	ExperimentalAnalysis map[string]analysisInfo `json:"experimentalAnalysis"`
	MaxSeverity          string                  `json:"max_severity"`
}

type analysisInfo struct {
	Called      bool `json:"called"`
	Unimportant bool `json:"unimportant"`
}

// vulnerability is an OSV record. Timestamps stay strings: a record with an
// odd date must not fail the whole input.
type vulnerability struct {
	SchemaVersion    string          `json:"schema_version"`
	ID               string          `json:"id"`
	Modified         string          `json:"modified"`
	Published        string          `json:"published"`
	Withdrawn        string          `json:"withdrawn"`
	Aliases          []string        `json:"aliases"`
	Related          []string        `json:"related"`
	Upstream         []string        `json:"upstream"`
	Summary          string          `json:"summary"`
	Details          string          `json:"details"`
	Affected         []affected      `json:"affected"`
	Severity         []severity      `json:"severity"`
	References       []reference     `json:"references"`
	DatabaseSpecific json.RawMessage `json:"database_specific"`
}

type affected struct {
	Package           osvPackage      `json:"package"`
	Severity          []severity      `json:"severity"`
	Ranges            []osvRange      `json:"ranges"`
	DatabaseSpecific  json.RawMessage `json:"database_specific"`
	EcosystemSpecific json.RawMessage `json:"ecosystem_specific"`
}

type osvPackage struct {
	Ecosystem string `json:"ecosystem"`
	Name      string `json:"name"`
	Purl      string `json:"purl"`
}

type osvRange struct {
	Type   string  `json:"type"`
	Events []event `json:"events"`
}

type event struct {
	Introduced   string `json:"introduced"`
	Fixed        string `json:"fixed"`
	LastAffected string `json:"last_affected"`
	Limit        string `json:"limit"`
}

type severity struct {
	Type  string `json:"type"`
	Score string `json:"score"`
}

type reference struct {
	Type string `json:"type"`
	URL  string `json:"url"`
}

// dbSpecific is what posture reads from a database_specific object: the
// GitHub advisory database's severity word and CWE ids, and the malicious
// packages database's CWE objects.
type dbSpecific struct {
	Severity string   `json:"severity"`
	CWEIDs   []string `json:"cwe_ids"`
	CWEs     []struct {
		CWEID string `json:"cweId"`
	} `json:"cwes"`
}

func readDBSpecific(raw json.RawMessage) dbSpecific {
	var d dbSpecific
	if len(raw) > 0 && raw[0] == '{' {
		// A database_specific of another shape is kept in Properties only.
		_ = json.Unmarshal(raw, &d)
	}
	return d
}

func (d dbSpecific) cweTexts() []string {
	out := slices.Clone(d.CWEIDs)
	for _, c := range d.CWEs {
		out = append(out, c.CWEID)
	}
	return out
}

// matches reports whether an OSV affected entry is about the scanned package:
// the same name (PyPI names compared as PEP 503 does, others exactly) in the
// same ecosystem, where "Debian:11" matches "Debian".
func (a affected) matches(p packageInfo) bool {
	eco := func(s string) string { e, _, _ := strings.Cut(s, ":"); return strings.ToLower(strings.TrimSpace(e)) }
	if a.Package.Ecosystem != "" && p.Ecosystem != "" && eco(a.Package.Ecosystem) != eco(p.Ecosystem) {
		return false
	}
	if a.Package.Name == p.Name {
		return true
	}
	if eco(p.Ecosystem) == "pypi" {
		return pep503(a.Package.Name) == pep503(p.Name)
	}
	return false
}

func pep503(s string) string {
	s = strings.ToLower(s)
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '.' {
			return '-'
		}
		return r
	}, s)
}

// cvssOf turns OSV severity entries into CVSS values. A numeric score is
// kept as the score; a vector as the vector.
func cvssOf(sev []severity) []aspm.CVSS {
	var out []aspm.CVSS
	for _, s := range sev {
		switch s.Type {
		case "CVSS_V2", "CVSS_V3", "CVSS_V4":
		default:
			continue
		}
		if c, ok := vulnid.OSVSeverity(s.Type, s.Score); ok {
			out = append(out, c)
		}
	}
	return out
}

// wordSeverity returns the severity word of a non-CVSS severity entry (the
// Ubuntu type carries "medium", "high"...).
func wordSeverity(sev []severity) string {
	for _, s := range sev {
		switch s.Type {
		case "CVSS_V2", "CVSS_V3", "CVSS_V4":
			continue
		}
		if aspm.ParseSeverity(s.Score) != aspm.SeverityUnknown {
			return s.Score
		}
	}
	return ""
}
