package aspm_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
)

func TestParseSeverity(t *testing.T) {
	tests := map[string]aspm.Severity{
		"CRITICAL": aspm.SeverityCritical, "Blocker": aspm.SeverityCritical,
		"high": aspm.SeverityHigh, "error": aspm.SeverityHigh, "MAJOR": aspm.SeverityHigh,
		"Moderate": aspm.SeverityMedium, "warning": aspm.SeverityMedium,
		"LOW": aspm.SeverityLow, "note": aspm.SeverityLow, "Negligible": aspm.SeverityLow,
		"informational": aspm.SeverityInfo, "none": aspm.SeverityInfo,
		"": aspm.SeverityUnknown, "bogus": aspm.SeverityUnknown,
	}
	for in, want := range tests {
		assert.Equal(t, want, aspm.ParseSeverity(in), in)
	}
}

func TestSeverityFromScore(t *testing.T) {
	tests := []struct {
		score float64
		want  aspm.Severity
	}{{10, aspm.SeverityCritical}, {9.0, aspm.SeverityCritical}, {8.9, aspm.SeverityHigh}, {7.0, aspm.SeverityHigh},
		{6.9, aspm.SeverityMedium}, {4.0, aspm.SeverityMedium}, {3.9, aspm.SeverityLow}, {0.1, aspm.SeverityLow},
		{0, aspm.SeverityInfo}, {-1, aspm.SeverityUnknown}, {10.1, aspm.SeverityUnknown}}
	for _, tt := range tests {
		assert.Equal(t, tt.want, aspm.SeverityFromScore(tt.score), "%v", tt.score)
	}
	assert.Greater(t, aspm.SeverityCritical.Rank(), aspm.SeverityHigh.Rank())
	assert.Equal(t, 0, aspm.Severity("weird").Rank())
}

func TestNormalizeVulnID(t *testing.T) {
	tests := map[string]string{
		" cve-2021-44228 ":        "CVE-2021-44228",
		"ghsa-JFH8-C2JP-5V3Q":     "GHSA-jfh8-c2jp-5v3q",
		"pysec-2021-1":            "PYSEC-2021-1",
		"go-2022-0001":            "GO-2022-0001",
		"SNYK-JS-LODASH-567746":   "SNYK-JS-LODASH-567746",
		"RUSTSEC-2020-0071":       "RUSTSEC-2020-0071",
		"some-vendor-id":          "some-vendor-id",
		"CVE-2021-44228-extended": "CVE-2021-44228-extended",
	}
	for in, want := range tests {
		assert.Equal(t, want, aspm.NormalizeVulnID(in), in)
	}
	assert.Equal(t, 0, aspm.VulnIDRank("CVE-2021-1"))
	assert.Equal(t, 1, aspm.VulnIDRank("GHSA-aaaa-bbbb-cccc"))
	assert.Equal(t, 2, aspm.VulnIDRank("GO-2022-1"))
}

func TestNewVuln(t *testing.T) {
	v := aspm.NewVuln("ghsa-jfh8-c2jp-5v3q", "CVE-2021-44228", "cve-2021-44228", "GHSA-jfh8-c2jp-5v3q", "")
	assert.Equal(t, "GHSA-jfh8-c2jp-5v3q", v.ID)
	assert.Equal(t, []string{"CVE-2021-44228"}, v.Aliases)
	v = v.AddRelated("CVE-2021-45046", "CVE-2021-44228")
	assert.Equal(t, []string{"CVE-2021-45046"}, v.Related, "an alias is not also related")
	assert.Equal(t, []string{"GHSA-jfh8-c2jp-5v3q", "CVE-2021-44228"}, v.IDs())
}

func TestParseCWEs(t *testing.T) {
	assert.Equal(t, []int{22, 79}, aspm.ParseCWEs("external/cwe/cwe-079", "CWE-22: Path", "cwe_79", "nothing"))
	assert.Equal(t, 89, aspm.ParseCWE("CWE:89"))
	assert.Equal(t, 0, aspm.ParseCWE("no weakness"))
	assert.Nil(t, aspm.ParseCWEs("acwe-5"))
}

func TestHashes(t *testing.T) {
	assert.Equal(t, aspm.SnippetHash("  x :=  1\n"), aspm.SnippetHash("x := 1"), "white space is folded")
	assert.NotEqual(t, aspm.SnippetHash("x := 1"), aspm.SnippetHash("x := 2"))
	assert.Equal(t, "", aspm.SnippetHash(" \n\t"))
	// SHA-256 of "password123", a documented, plain hash.
	assert.Equal(t, "ef92b778bafe771e89245b89ecbc08a44a4e166c06659911881f383d4473e94f", aspm.SecretHash("password123"))
	assert.Equal(t, "", aspm.SecretHash(""))
	assert.Equal(t, "AKIA…LE", aspm.RedactSecret("AKIAIOSFODNN7EXAMPLE"))
	assert.Equal(t, "****", aspm.RedactSecret("short"))
}

func TestFindingID(t *testing.T) {
	base := aspm.Finding{Format: "sarif", Tool: aspm.Tool{Name: "semgrep", Version: "1.0"}, Kind: aspm.KindSAST, Rule: "r1", Title: "t",
		Locations:    []aspm.Location{{File: "a.go", Region: &aspm.Region{StartLine: 3}}},
		Fingerprints: map[string]string{"b": "2", "a": "1"}}
	id := aspm.FindingID(&base)
	assert.Regexp(t, `^f-[0-9a-f]{20}$`, id)

	other := base
	other.Tool.Version = "2.0"
	other.Provenance = aspm.Provenance{File: "elsewhere.sarif", Index: 9}
	assert.Equal(t, id, aspm.FindingID(&other), "tool version and provenance do not change the id")

	moved := base
	moved.Locations = []aspm.Location{{File: "a.go", Region: &aspm.Region{StartLine: 4}}}
	assert.NotEqual(t, id, aspm.FindingID(&moved))
}

func TestComponentKey(t *testing.T) {
	c := aspm.Component{PURL: aspm.MustParsePURL("pkg:npm/lodash@4.17.21"), Ref: "r"}
	assert.Equal(t, "pkg:npm/lodash@4.17.21", c.Key())
	assert.Equal(t, "ref:r", (&aspm.Component{Ref: "r", Name: "n"}).Key())
	assert.Equal(t, "name:n@1", (&aspm.Component{Name: "n", Version: "1"}).Key())
	assert.Equal(t, "", (&aspm.Component{}).Key())
}

func TestDiagnosticString(t *testing.T) {
	d := aspm.Warnf("/runs/0", "odd %s", "thing")
	d.File = "a.sarif"
	assert.Equal(t, "a.sarif: /runs/0: warning: odd thing", d.String())
	assert.Equal(t, "error: lost", aspm.Errorf("", "lost").String())
}

func TestKinds(t *testing.T) {
	for _, k := range aspm.Kinds() {
		assert.True(t, k.Valid())
	}
	assert.False(t, aspm.Kind("nope").Valid())
	assert.Len(t, aspm.Severities(), 6)
}

func TestFindingJSON(t *testing.T) {
	f := aspm.Finding{ID: "f-1", Kind: aspm.KindSCA, Format: "x", Tool: aspm.Tool{Name: "t"}, Title: "vuln", Severity: aspm.SeverityHigh,
		Vulns:      []aspm.Vuln{aspm.NewVuln("CVE-2021-44228", "GHSA-jfh8-c2jp-5v3q")},
		Component:  &aspm.Component{PURL: aspm.MustParsePURL("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"), Name: "log4j-core"},
		Provenance: aspm.Provenance{File: "scan.json", Index: 3, Pointer: "/matches/3"}}
	b, err := json.Marshal(f)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	assert.Equal(t, "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", m["component"])
	assert.Equal(t, "scan.json", m["source"])
	assert.Equal(t, "/matches/3", m["provenance"].(map[string]any)["pointer"])
	for _, k := range []string{"id", "kind", "format", "tool", "title", "severity", "cwes", "vulns", "locations"} {
		assert.Contains(t, m, k)
	}
	var back aspm.Finding
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, f, back)

	// A line with only the purl still gives a component.
	require.NoError(t, json.Unmarshal([]byte(`{"id":"f-2","component":"pkg:npm/lodash@4.17.21","source":"a.json"}`), &back))
	assert.Equal(t, "pkg:npm/lodash@4.17.21", back.Component.PURL.String())
	assert.Equal(t, "a.json", back.Provenance.File)
	assert.Error(t, json.Unmarshal([]byte(`{"component":"junk"}`), &back))
}
