package dependencytrack_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest"
	"github.com/posturekit/posture/ingest/dependencytrack"
	"github.com/posturekit/posture/internal/decode"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func decodeFixture(t *testing.T, name string) *aspm.Document {
	t.Helper()
	doc, err := (&dependencytrack.Decoder{}).Decode(t.Context(), bytes.NewReader(readFixture(t, name)))
	require.NoError(t, err)
	require.NotNil(t, doc)
	return doc
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"fpf 1.0", `{"version":"1.0","meta":{"application":"Dependency-Track"},"project":{"uuid":"x"},"findings":[]}`, true},
		{"fpf keys reordered", `{"meta":{"baseUrl":"x","application":"Dependency-Track"},"findings":[{"component":{}`, true},
		{"fpf without findings", `{"version":"1.0","meta":{"application":"Dependency-Track"},"project":{}}`, true},
		{"fpf cut before application", `{"version":"1.1","meta":{"baseUrl":"x"},"project":{"uuid":"x"},"findings":[`, true},
		{"other meta", `{"meta":{"app":"x"},"findings":[]}`, false},
		{"semgrep-like", `{"findings":[{"check_id":"x"}]}`, false},
		{"dependency-check", `{"reportSchema":"1.1","scanInfo":{},"dependencies":[]}`, false},
		{"cyclonedx", `{"bomFormat":"CycloneDX","specVersion":"1.5","metadata":{}}`, false},
		{"array", `[{"meta":{},"findings":[]}]`, false},
		{"xml", `<analysis/>`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, (&dependencytrack.Decoder{}).Detect([]byte(tt.head)))
		})
	}
}

func TestDecode(t *testing.T) {
	doc := decodeFixture(t, "triage-states.json")
	assert.Equal(t, dependencytrack.Format, doc.Source.Format)
	assert.Equal(t, aspm.Tool{Name: "Dependency-Track", Version: "4.11.0", Vendor: "OWASP"}, doc.Source.Tool)
	assert.Equal(t, time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC), doc.Source.ScanTime)
	require.NotNil(t, doc.Source.Target)
	assert.Equal(t, "shop@2.0", doc.Source.Target.Name)
	assert.Equal(t, "pkg:maven/com.example/shop@2.0", doc.Source.Target.PURL.String())
	require.Len(t, doc.Findings, 6, "one per findings entry; the string entry is a diagnostic")
	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, "/findings/5", doc.Diagnostics[0].Pointer)
	assert.Equal(t, aspm.DiagError, doc.Diagnostics[0].Level)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSCA, f.Kind)
	assert.Equal(t, "CVE-2019-12384", f.Rule)
	assert.Equal(t, "Polymorphic typing issue", f.Title)
	assert.Equal(t, "Polymorphic typing issue", f.RuleName)
	assert.Equal(t, aspm.SeverityMedium, f.Severity)
	assert.Equal(t, "MEDIUM", f.ToolSeverity)
	assert.Equal(t, []int{502}, f.CWEs)
	assert.Equal(t, []aspm.Vuln{aspm.NewVuln("CVE-2019-12384", "GHSA-mph4-vhrx-mv67", "SNYK-JAVA-COMFASTERXMLJACKSONCORE-450207", "sonatype-2019-0115")}, f.Vulns)
	require.NotNil(t, f.Component)
	assert.Equal(t, "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.8", f.Component.PURL.Key())
	assert.Equal(t, "com.fasterxml.jackson.core:jackson-databind", f.Component.Name)
	assert.Equal(t, []aspm.CVSS{
		{Source: "nvd", Version: "2.0", Vector: "AV:N/AC:M/Au:N/C:P/I:N/A:N", Score: 4.3},
		{Source: "nvd", Version: "3.0", Vector: "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", Score: 5.9},
	}, f.CVSS)
	assert.Equal(t, []string{"https://github.com/FasterXML/jackson-databind/issues/2334", "https://ossindex.sonatype.org/vulnerability/sonatype-2019-0115"}, f.References)
	assert.Equal(t, &aspm.VEXAnalysis{State: aspm.VEXAffected}, f.VEX)
	assert.Equal(t, aspm.StatusOpen, f.Status)
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/findings/0"}, f.Provenance)
	for k, v := range map[string]string{
		"vulnerability.owaspRRVector":  "SL:1/M:1/O:0/S:2/ED:1/EE:1/A:1/ID:1/LC:2/LI:1/LAV:1/LAC:1/FD:1/RD:1/NC:2/PV:3",
		"vulnerability.recommendation": "Upgrade to 2.9.9.1.",
		"vulnerability.epssScore":      "0.01",
		"vulnerability.uuid":           "v-1",
		"vulnerability.source":         "NVD",
		"component.uuid":               "c-1",
		"component.latestVersion":      "2.17.1",
		"attribution.analyzerIdentity": "INTERNAL_ANALYZER",
		"analysis.state":               "EXPLOITABLE",
		"matrix":                       "p-1:c-1:v-1",
		"project.uuid":                 "p-1",
		"project.description":          "web shop",
		"meta.baseUrl":                 "https://dtrack.example.com",
	} {
		assert.Equal(t, v, f.Properties[k], k)
	}

	na := doc.Findings[1]
	assert.Equal(t, aspm.NewVuln("GHSA-p6mc-m468-83gw", "CVE-2020-8203", "OSV-2020-1"), na.Vulns[0], "every alias object and id field")
	assert.Equal(t, &aspm.VEXAnalysis{State: aspm.VEXNotAffected, Justification: "code_not_reachable", Response: []string{"will_not_fix"}, Detail: "zipObjectDeep is never called"}, na.VEX)
	assert.Equal(t, aspm.StatusFalsePositive, na.Status, "not affected outranks suppressed")
	assert.Equal(t, "ghsa", na.CVSS[0].Source)
	assert.Equal(t, "GHSA-p6mc-m468-83gw in lodash@4.17.15", na.Title)

	fp := doc.Findings[2]
	assert.Equal(t, []aspm.Vuln{{ID: "NPM-1234"}}, fp.Vulns)
	assert.Equal(t, aspm.StatusFalsePositive, fp.Status)
	assert.Equal(t, aspm.VEXNotAffected, fp.VEX.State)

	res := doc.Findings[3]
	assert.Equal(t, []aspm.Vuln{{ID: "VULNDB-12345"}}, res.Vulns)
	assert.Equal(t, aspm.StatusFixed, res.Status)
	assert.Equal(t, aspm.VEXFixed, res.VEX.State)
	assert.Equal(t, aspm.SeverityHigh, res.Severity, "UNASSIGNED: from the CVSS v2 score")
	assert.Equal(t, "UNASSIGNED", res.ToolSeverity)
	assert.Equal(t, "vendor/openssl", res.Component.Name)
	assert.Equal(t, "cpe:2.3:a:openssl:openssl:1.0.2:*:*:*:*:*:*:*", res.Component.CPE)
	assert.True(t, res.Component.PURL.IsZero())

	tri := doc.Findings[4]
	assert.Equal(t, aspm.StatusSuppressed, tri.Status, "in triage and suppressed")
	assert.Equal(t, aspm.VEXUnderInvestigation, tri.VEX.State)
	assert.Equal(t, []aspm.CVSS{{Source: "osv", Version: "4.0", Vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N", Score: 6.9}}, tri.CVSS)

	bad := doc.Findings[5]
	assert.Equal(t, "not-a-purl", bad.Properties["component.purl"], "an unparsable purl is kept")
	assert.Equal(t, "broken", bad.Component.Name)
	assert.Equal(t, []aspm.Vuln{{ID: "INT-1"}}, bad.Vulns)
	assert.Empty(t, bad.Status)
	assert.Nil(t, bad.VEX)
	assert.Equal(t, 5, bad.Provenance.Index)
	assert.Equal(t, "/findings/6", bad.Provenance.Pointer)
}

func TestNoFindings(t *testing.T) {
	doc := decodeFixture(t, "no-findings-key.json")
	assert.Empty(t, doc.Findings)
	assert.Equal(t, "Acme Example@1.0", doc.Source.Target.Name)
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"wrong shape", `{"SchemaVersion":2,"Results":[]}`, decode.ErrNotFormat},
		{"meta only", `{"meta":{}}`, decode.ErrNotFormat},
		{"findings not a list", `{"meta":{},"findings":{}}`, decode.ErrNotFormat},
		{"version 2", `{"version":"2.0","meta":{},"findings":[]}`, decode.ErrUnsupported},
		{"malformed", `{"meta":{"x":`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := (&dependencytrack.Decoder{}).Decode(t.Context(), strings.NewReader(tt.in))
			require.Error(t, err)
			if tt.want != nil {
				assert.ErrorIs(t, err, tt.want)
			}
		})
	}
}

func TestTruncated(t *testing.T) {
	reg := ingest.NewRegistry(&dependencytrack.Decoder{})
	_, err := reg.DecodeFile(t.Context(), "", filepath.Join("testdata", "truncated.json"))
	require.Error(t, err)
	var pe *ingest.ParseError
	require.True(t, errors.As(err, &pe), "%v", err)
	assert.ErrorIs(t, err, ingest.ErrTruncated)
}

func TestRecordLimit(t *testing.T) {
	ctx := decode.WithLimits(t.Context(), decode.Limits{MaxRecords: 2})
	_, err := (&dependencytrack.Decoder{}).Decode(ctx, bytes.NewReader(readFixture(t, "triage-states.json")))
	assert.ErrorIs(t, err, decode.ErrTooManyRecords)
}

func TestDeterministic(t *testing.T) {
	assert.Equal(t, decodeFixture(t, "triage-states.json"), decodeFixture(t, "triage-states.json"))
}
