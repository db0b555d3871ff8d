package generic_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/generic"
	"github.com/posturekit/posture/internal/decode"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func messages(diags []aspm.Diagnostic) []string {
	var out []string
	for _, d := range diags {
		out = append(out, string(d.Level)+" "+d.Pointer+": "+d.Message)
	}
	return out
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name      string
		head      string
		json, csv bool
	}{
		{"json report", string(read(t, "pentest-report.json")), true, false},
		{"json v2", `{"schema": "posture-generic/v2", "findings": []}`, true, false},
		{"csv", string(read(t, "pentest.csv")), false, true},
		{"csv header only", string(read(t, "header-only.csv")), false, true},
		{"csv quoted header", `"title","kind","severity","rule","description","cwe","vuln","aliases","purl","file","line","url","method","parameter","resource_type","resource_name","fixed_versions","references"` + "\n", false, true},
		{"csv wrong header", string(read(t, "wrong-header.csv")), false, false},
		{"csv header with an extra column", generic.CSVHeader + ",extra\n", false, false},
		{"posture result", `{"schema": "posture/v1", "issues": []}`, false, false},
		{"sarif", `{"version": "2.1.0", "runs": []}`, false, false},
	}
	var j generic.JSONDecoder
	var c generic.CSVDecoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.json, j.Detect([]byte(tt.head)), "json")
			assert.Equal(t, tt.csv, c.Detect([]byte(tt.head)), "csv")
		})
	}
}

func TestDecodeJSON(t *testing.T) {
	var d generic.JSONDecoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "pentest-report.json")))
	require.NoError(t, err)
	assert.Equal(t, aspm.Tool{Name: "acme-pentest", Version: "2024.1", Vendor: "ACME Security"}, doc.Source.Tool)
	assert.Equal(t, &aspm.Target{Kind: aspm.TargetURL, Name: "https://shop.example.com"}, doc.Source.Target)
	assert.Equal(t, time.Date(2024, 3, 12, 10, 0, 0, 0, time.UTC), doc.Source.ScanTime)
	require.Len(t, doc.Findings, 3)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindPentest, f.Kind)
	assert.Equal(t, "Stored XSS in the review form", f.Title)
	assert.Equal(t, "ACME-XSS-01", f.Rule)
	assert.Equal(t, "Stored cross-site scripting", f.RuleName)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, "confirmed", f.Confidence)
	assert.Equal(t, []int{79, 116}, f.CWEs)
	assert.Equal(t, []aspm.Vuln{{ID: "acme-2024-007", Aliases: []string{"CVE-2024-12345"}, Related: []string{"GHSA-xxxx-yyyy-zzzz"}}}, f.Vulns)
	assert.Equal(t, []aspm.CVSS{{Source: "acme", Version: "3.1", Vector: "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", Score: 5.4}}, f.CVSS)
	require.NotNil(t, f.Component)
	assert.Equal(t, "pkg:npm/review-widget@2.1.0", f.Component.PURL.String())
	assert.Equal(t, "review-widget", f.Component.Name)
	assert.Equal(t, "2.1.0", f.Component.Version)
	assert.Equal(t, []string{"2.1.1"}, f.FixedVersions)
	require.Len(t, f.Locations, 2)
	assert.Equal(t, aspm.Location{URL: "https://shop.example.com/reviews", Method: "POST", Parameter: "text", Evidence: "<script>alert(1)</script>"}, f.Locations[0])
	snippet := "return <div dangerouslySetInnerHTML={{__html: review.text}} />;"
	assert.Equal(t, aspm.Location{File: "web/reviews.tsx", Region: &aspm.Region{StartLine: 42, EndLine: 44}, Snippet: snippet, SnippetHash: aspm.SnippetHash(snippet)}, f.Locations[1])
	assert.Equal(t, map[string]string{"acme-id": "b1946ac9"}, f.Fingerprints)
	assert.Equal(t, aspm.StatusOpen, f.Status)
	assert.Equal(t, []string{"https://owasp.org/www-community/attacks/xss/"}, f.References)
	assert.Equal(t, []string{"q1-pentest"}, f.Tags)
	assert.Equal(t, map[string]string{"tester": "j.doe", "retest": "true"}, f.Properties)
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/findings/0"}, f.Provenance)

	f = doc.Findings[1]
	assert.Equal(t, aspm.KindIaC, f.Kind)
	assert.Equal(t, aspm.StatusAccepted, f.Status)
	assert.Equal(t, "pkg:npm/left-pad@1.3.0", f.Component.PURL.String(), "built from the ecosystem")
	assert.Equal(t, &aspm.Resource{Type: "aws_s3_bucket", Name: "aws_s3_bucket.assets", Provider: "aws"}, f.Locations[0].Resource)
	assert.Equal(t, "k.lee", f.Properties["reviewer"], "unknown finding members are kept")

	f = doc.Findings[2]
	assert.Equal(t, aspm.SeverityHigh, f.Severity, "severe is read as ParseSeverity reads it")
	assert.Equal(t, "severe", f.ToolSeverity)
	assert.Equal(t, []aspm.Location{{Image: "registry.example.com/shop:1.4", Layer: "sha256:abc"}}, f.Locations)
	assert.Equal(t, 2, f.Provenance.Index)
	assert.Equal(t, "/findings/2", f.Provenance.Pointer)

	assert.Equal(t, []string{
		`warning /findings/1/reviewer: unknown member "reviewer"`,
		`warning /findings/2: severity "severe" is not one of [critical high medium low info unknown]; read as high`,
		`warning /findings/2: locations/0: negative line or column; region ignored`,
		`error /findings/3: finding skipped: a finding needs a title`,
		`error /findings/4: finding skipped: title: JSON array where string was expected`,
	}, messages(doc.Diagnostics))
}

func TestDecodeJSONUnknownMembers(t *testing.T) {
	var d generic.JSONDecoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "unknown-members.json")))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1)
	f := doc.Findings[0]
	assert.Equal(t, aspm.KindDAST, f.Kind, "kind is read case-insensitively")
	assert.Equal(t, aspm.SeverityMedium, f.Severity, "severity words are read case-insensitively")
	assert.Equal(t, map[string]string{"owner": "team-api"}, f.Properties)
	assert.Equal(t, []string{
		`warning /generated_by: unknown member "generated_by"`,
		`warning /tool/build: unknown member "build"`,
		`warning /findings/0/locations/0/port: unknown member "port"`,
		`warning /findings/0/owner: unknown member "owner"`,
		`warning /findings/0/vulns/0/score: unknown member "score"`,
	}, messages(doc.Diagnostics))
}

func TestDecodeJSONSmall(t *testing.T) {
	var d generic.JSONDecoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "minimal.json")))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1)
	assert.Equal(t, aspm.KindOther, doc.Findings[0].Kind)
	assert.Equal(t, aspm.SeverityUnknown, doc.Findings[0].Severity)
	assert.Empty(t, doc.Diagnostics)

	doc, err = d.Decode(t.Context(), bytes.NewReader(read(t, "no-findings.json")))
	require.NoError(t, err)
	assert.Empty(t, doc.Findings)
	assert.Empty(t, doc.Diagnostics)
}

func TestDecodeJSONErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		is    error
	}{
		{"truncated", string(read(t, "truncated.json")), nil},
		{"array", `[{"schema": "posture-generic/v1"}]`, decode.ErrNotFormat},
		{"no schema", `{"tool": {"name": "x"}, "findings": []}`, decode.ErrNotFormat},
		{"other schema", `{"schema": "posture/v1", "findings": []}`, decode.ErrNotFormat},
		{"later version", `{"schema": "posture-generic/v2", "findings": []}`, decode.ErrUnsupported},
		{"findings not an array", `{"schema": "posture-generic/v1", "tool": {"name": "x"}, "findings": {}}`, decode.ErrNotFormat},
		{"too deep", `{"schema": "posture-generic/v1", "findings": ` + strings.Repeat("[", 600) + strings.Repeat("]", 600) + `}`, decode.ErrTooDeep},
	}
	var d generic.JSONDecoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := d.Decode(t.Context(), strings.NewReader(tt.input))
			require.Error(t, err)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
		})
	}
}

// A report written from the Go types decodes to what was written.
func TestReportRoundTrip(t *testing.T) {
	rep := generic.Report{
		Schema: generic.SchemaV1,
		Tool:   generic.Tool{Name: "in-house", Version: "1"},
		Findings: []generic.Finding{{
			Title:     "Debug endpoint enabled",
			Kind:      "dast",
			Severity:  "medium",
			CWEs:      []generic.CWE{489},
			Locations: []generic.Location{{URL: "https://api.example.com/debug", Method: "GET"}},
		}},
	}
	b, err := json.Marshal(rep)
	require.NoError(t, err)
	var d generic.JSONDecoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(b))
	require.NoError(t, err)
	assert.Empty(t, doc.Diagnostics)
	require.Len(t, doc.Findings, 1)
	f := doc.Findings[0]
	assert.Equal(t, "Debug endpoint enabled", f.Title)
	assert.Equal(t, []int{489}, f.CWEs)
	assert.Equal(t, "https://api.example.com/debug", f.Locations[0].URL)
}

func TestDecodeJSONValidFull(t *testing.T) {
	var d generic.JSONDecoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "valid-full.json")))
	require.NoError(t, err)
	assert.Empty(t, doc.Diagnostics, "a report valid under the schema gives no diagnostics")
	require.Len(t, doc.Findings, 2)
	f := doc.Findings[0]
	assert.Equal(t, "P2", f.ToolSeverity)
	require.Len(t, f.Locations, 4)
	assert.Equal(t, &aspm.Region{StartLine: 42, StartColumn: 5, EndLine: 44, EndColumn: 60}, f.Locations[1].Region)
	assert.Equal(t, "ReviewList", f.Locations[1].Logical)
	assert.Equal(t, &aspm.Resource{Type: "aws_s3_bucket", Name: "aws_s3_bucket.assets", Provider: "aws", ID: "arn:aws:s3:::assets"}, f.Locations[2].Resource)
	assert.Equal(t, aspm.Location{Image: "registry.example.com/shop:1.4", Layer: "sha256:0123"}, f.Locations[3])
	assert.Equal(t, []aspm.Vuln{{ID: "ACME-2024-007", Aliases: []string{"CVE-2024-12345"}, Related: []string{"CVE-2023-0001"}}}, f.Vulns)
	assert.Equal(t, aspm.KindSCA, doc.Findings[1].Kind)
	assert.Equal(t, "pkg:npm/left-pad@1.3.0", doc.Findings[1].Component.PURL.String())
}
