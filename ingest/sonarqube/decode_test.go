package sonarqube_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/sonarqube"
	"github.com/posturekit/posture/internal/decode"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func decodeFile(t *testing.T, name string) *aspm.Document {
	t.Helper()
	doc, err := (&sonarqube.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, name)))
	require.NoError(t, err)
	return doc
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name       string
		head       string
		json, html bool
	}{
		{"issues search", string(read(t, "api-issues.json")), true, false},
		{"hotspots search", string(read(t, "api-hotspots.json")), true, false},
		{"sonar-report json", string(read(t, "sonar-report.json")), true, false},
		{"sonar-report html", string(read(t, "report.html")), false, true},
		{"empty issues search", `{"total": 0, "p": 1, "ps": 100, "paging": {}, "effortTotal": 0, "issues": [], "components": []}`, true, false},
		{"issues alone", `{"issues": [{"rule": "x"}]}`, false, false},
		{"gitlab", `{"version": "15.0.0", "vulnerabilities": [], "scan": {}}`, false, false},
		{"other html", `<!DOCTYPE html><html><head><title>ZAP Scanning Report</title></head></html>`, false, false},
		{"xml", `<?xml version="1.0"?><OWASPZAPReport/>`, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.json, (&sonarqube.Decoder{}).Detect([]byte(tt.head)), "json")
			assert.Equal(t, tt.html, (&sonarqube.HTMLDecoder{}).Detect([]byte(tt.head)), "html")
		})
	}
}

func TestDecodeIssues(t *testing.T) {
	doc := decodeFile(t, "api-issues.json")
	assert.Equal(t, sonarqube.Format, doc.Source.Format)
	assert.Equal(t, "SonarQube", doc.Source.Tool.Name)
	require.Len(t, doc.Findings, 4)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSAST, f.Kind)
	assert.Equal(t, "javasecurity:S3649", f.Rule)
	assert.Equal(t, "Database queries should not be vulnerable to injection attacks", f.RuleName)
	assert.Equal(t, aspm.SeverityCritical, f.Severity)
	assert.Equal(t, "BLOCKER", f.ToolSeverity)
	assert.Equal(t, []int{89}, f.CWEs)
	assert.Equal(t, aspm.StatusOpen, f.Status)
	assert.Equal(t, []aspm.Location{{File: "src/main/java/shop/Repo.java",
		Region: &aspm.Region{StartLine: 42, StartColumn: 9, EndLine: 42, EndColumn: 60}}}, f.Locations)
	assert.Equal(t, map[string]string{"sonarqube-key": "AYx1", "sonarqube-line-hash": "9f2c"}, f.Fingerprints)
	assert.Equal(t, "VULNERABILITY", f.Properties["type"])
	assert.NotContains(t, f.Properties, "author", "an e-mail address is personal data")

	smell := doc.Findings[1]
	assert.Equal(t, aspm.KindOther, smell.Kind)
	assert.Equal(t, aspm.StatusFalsePositive, smell.Status)
	assert.Equal(t, aspm.SeverityLow, smell.Severity)
	assert.Equal(t, "src/main/java/shop/Util.java", smell.Locations[0].File)
	assert.Equal(t, "Jane Doe", smell.Properties["author"])

	sca := doc.Findings[2]
	assert.Equal(t, aspm.KindSCA, sca.Kind)
	assert.Equal(t, []aspm.Vuln{{ID: "CVE-2021-44228"}}, sca.Vulns)
	assert.Equal(t, []aspm.CVSS{{Score: 10}}, sca.CVSS)
	assert.Equal(t, []int{502}, sca.CWEs)
	assert.Empty(t, sca.Locations, "the project is no file")
	assert.Equal(t, "log4j-core-2.14.1.jar", sca.Properties["dependency"])

	bug := doc.Findings[3]
	assert.Equal(t, aspm.KindOther, bug.Kind)
	assert.Equal(t, aspm.StatusAccepted, bug.Status)
	assert.Equal(t, aspm.SeverityMedium, bug.Severity, "from the impact when no severity is given")
	assert.Equal(t, "src/main/java/shop/Cart.java", bug.Locations[0].File)
}

func TestDecodeHotspots(t *testing.T) {
	doc := decodeFile(t, "api-hotspots.json")
	require.Len(t, doc.Findings, 2)
	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSAST, f.Kind)
	assert.Equal(t, "typescript:S6268", f.Rule)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, "HIGH", f.ToolSeverity)
	assert.Equal(t, "web/index.html", f.Locations[0].File)
	assert.Equal(t, "xss", f.Properties["securityCategory"])
	assert.Equal(t, "true", f.Properties["hotspot"])
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/hotspots/0"}, f.Provenance)

	safe := doc.Findings[1]
	assert.Equal(t, aspm.StatusFalsePositive, safe.Status)
	assert.Equal(t, "app/auth.py", safe.Locations[0].File, "the project prefix is cut")
}

func TestDecodeSonarReport(t *testing.T) {
	doc := decodeFile(t, "sonar-report.json")
	assert.Equal(t, &aspm.Target{Kind: aspm.TargetRepository, Name: "flask-app"}, doc.Source.Target)
	assert.Equal(t, time.Date(2024, 1, 18, 0, 0, 0, 0, time.UTC), doc.Source.ScanTime)
	require.Len(t, doc.Findings, 2)
	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSAST, f.Kind)
	assert.Equal(t, "Disabling CSRF protections is security-sensitive", f.RuleName)
	assert.Equal(t, aspm.SeverityCritical, f.Severity)
	assert.Equal(t, []int{352}, f.CWEs)
	assert.Equal(t, []string{"https://cwe.mitre.org/data/definitions/352", "https://owasp.org/www-community/attacks/csrf"}, f.References)
	assert.Equal(t, "app.py", f.Locations[0].File)
	assert.Equal(t, "true", f.Properties["hotspot"])
	g := doc.Findings[1]
	assert.Equal(t, "JWT should be signed and verified", g.RuleName)
	assert.Equal(t, aspm.SeverityHigh, g.Severity)
	assert.Equal(t, "jwt_utils.py", g.Locations[0].File)
	assert.NotContains(t, g.Properties, "hotspot")
}

func TestDecodeHTML(t *testing.T) {
	doc, err := (&sonarqube.HTMLDecoder{}).Decode(t.Context(), bytes.NewReader(read(t, "report.html")))
	require.NoError(t, err)
	assert.Equal(t, sonarqube.HTMLFormat, doc.Source.Format)
	assert.Equal(t, &aspm.Target{Kind: aspm.TargetRepository, Name: "webgoat"}, doc.Source.Target)
	assert.Equal(t, time.Date(2019, 8, 31, 0, 0, 0, 0, time.UTC), doc.Source.ScanTime)
	require.Len(t, doc.Findings, 2)
	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSAST, f.Kind)
	assert.Equal(t, "squid:S2068", f.Rule)
	assert.Equal(t, "Credentials should not be hard-coded", f.RuleName)
	assert.Equal(t, "'password' detected in this expression, review this potentially hardcoded credential.", f.Title)
	assert.Equal(t, aspm.SeverityCritical, f.Severity)
	assert.Equal(t, []int{798}, f.CWEs)
	assert.Equal(t, []string{"http://cwe.mitre.org/data/definitions/798"}, f.References)
	assert.Equal(t, []aspm.Location{{File: "src/main/java/org/owasp/User.java", Region: &aspm.Region{StartLine: 38}}}, f.Locations)
	assert.Equal(t, map[string]string{"sonarqube-key": "AWyg1"}, f.Fingerprints)
	assert.Equal(t, aspm.StatusOpen, f.Status)
	g := doc.Findings[1]
	assert.Equal(t, "CRITICAL", g.ToolSeverity)
	assert.Nil(t, g.CWEs)
	assert.Equal(t, "table 1 row 2", g.Provenance.Pointer)
}

func TestBadRecord(t *testing.T) {
	doc := decodeFile(t, "bad-record.json")
	require.Len(t, doc.Findings, 1)
	assert.Equal(t, "java:S2", doc.Findings[0].Rule)
	assert.Equal(t, "b.java", doc.Findings[0].Locations[0].File)
	assert.Equal(t, aspm.SeverityInfo, doc.Findings[0].Severity)
	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, aspm.DiagError, doc.Diagnostics[0].Level)
	assert.Equal(t, "/issues/0", doc.Diagnostics[0].Pointer)
}

func TestErrors(t *testing.T) {
	_, err := (&sonarqube.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "truncated.json")))
	require.Error(t, err)
	assert.NotErrorIs(t, err, decode.ErrNotFormat)
	for _, in := range []string{`{"results": []}`, `[{"issues": []}]`, `{"issues": {"a": 1}}`} {
		_, err := (&sonarqube.Decoder{}).Decode(t.Context(), bytes.NewReader([]byte(in)))
		assert.ErrorIs(t, err, decode.ErrNotFormat, in)
	}
	for _, in := range []string{`<html><title>Other</title></html>`, `<title>SonarQube Vulnerability Report</title><p>no table</p>`} {
		_, err := (&sonarqube.HTMLDecoder{}).Decode(t.Context(), bytes.NewReader([]byte(in)))
		assert.ErrorIs(t, err, decode.ErrNotFormat, in)
	}
}
