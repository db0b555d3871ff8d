package semgrep_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/semgrep"
	"github.com/posturekit/posture/internal/decode"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name          string
		head          string
		cli, platform bool
	}{
		{"cli report", string(read(t, "two-results.json")), true, false},
		{"cli secret", string(read(t, "secret-result.json")), true, false},
		{"empty cli report", `{"results": [], "errors": []}`, true, false},
		{"empty cli report with version", `{"version": "1.2.0", "results": []}`, true, false},
		{"platform", string(read(t, "platform-findings.json")), false, true},
		{"empty platform", "{\n  \"findings\": []\n}\n", false, true},
		{"bandit", `{"errors": [], "generated_at": "2020-12-30T10:03:39Z", "metrics": {}, "results": [{"test_id": "B101"}]}`, false, false},
		{"checkov", `{"check_type": "terraform", "results": {"failed_checks": [{"check_id": "CKV_AWS_1"}]}, "summary": {}}`, false, false},
		{"osv-scanner", `{"results": [{"source": {"path": "go.mod"}, "packages": []}]}`, false, false},
		{"other findings", `{"findings": [{"title": "x"}], "total": 1}`, false, false},
		{"array", `[{"check_id": "x"}]`, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.cli, (&semgrep.Decoder{}).Detect([]byte(tt.head)), "cli")
			assert.Equal(t, tt.platform, (&semgrep.PlatformDecoder{}).Detect([]byte(tt.head)), "platform")
		})
	}
}

func TestDecodeCLI(t *testing.T) {
	doc, err := (&semgrep.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "two-results.json")))
	require.NoError(t, err)
	assert.Equal(t, semgrep.Format, doc.Source.Format)
	assert.Equal(t, aspm.Tool{Name: "Semgrep", Vendor: "Semgrep", Version: "1.97.0"}, doc.Source.Tool)
	require.Len(t, doc.Findings, 2)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSAST, f.Kind)
	assert.Equal(t, "python.lang.security.audit.subprocess-shell-true.subprocess-shell-true", f.Rule)
	assert.Equal(t, "Found 'subprocess' function 'run' with 'shell=True'.", f.Title)
	assert.Contains(t, f.Description, "Use 'shell=False' instead.")
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, "ERROR", f.ToolSeverity)
	assert.Equal(t, "HIGH", f.Confidence)
	assert.Equal(t, []int{78}, f.CWEs)
	assert.Equal(t, []string{"A03:2021 - Injection", "python", "security"}, f.Tags)
	assert.Contains(t, f.References, "https://sg.run/J92w")
	assert.Contains(t, f.References, "https://docs.python.org/3/library/subprocess.html")
	require.Len(t, f.Locations, 1)
	loc := f.Locations[0]
	assert.Equal(t, "app/run.py", loc.File)
	assert.Equal(t, &aspm.Region{StartLine: 12, StartColumn: 5, EndLine: 12, EndColumn: 48}, loc.Region)
	assert.Equal(t, "    subprocess.run(cmd, shell=True, check=True)", loc.Snippet)
	assert.Equal(t, aspm.SnippetHash("subprocess.run(cmd, shell=True, check=True)"), loc.SnippetHash)
	assert.Equal(t, map[string]string{"semgrep-fingerprint": "a1b2c3d4_0"}, f.Fingerprints)
	assert.Empty(t, f.Status)
	assert.Equal(t, "HIGH", f.Properties["likelihood"])
	assert.Equal(t, "OSS", f.Properties["engine_kind"])
	assert.Equal(t, "210", f.Properties["start_offset"])
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/results/0"}, f.Provenance)

	g := doc.Findings[1]
	assert.Equal(t, aspm.SeverityMedium, g.Severity)
	assert.Equal(t, []int{89}, g.CWEs)
	assert.Equal(t, aspm.StatusSuppressed, g.Status)
	assert.Equal(t, "db/query.go", g.Locations[0].File)
	assert.Empty(t, g.Locations[0].Snippet, "\"requires login\" is not code")
	assert.Empty(t, g.Locations[0].SnippetHash)
	assert.Nil(t, g.Fingerprints, "\"requires login\" is not a fingerprint")

	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, aspm.DiagInfo, doc.Diagnostics[0].Level)
	assert.Contains(t, doc.Diagnostics[0].Message, "Syntax error")
}

func TestDecodeSecretRule(t *testing.T) {
	const token = "ghp_Zq8cT4oN2yVw7Lr1Xe5Ub3Mh6Ka9Sd0Jf4Pq"
	doc, err := (&semgrep.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "secret-result.json")))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1)
	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSecret, f.Kind)
	require.NotNil(t, f.Secret)
	assert.Equal(t, aspm.Secret{Type: "GitHub", Hash: aspm.SecretHash(token), Redacted: aspm.RedactSecret(token), Verified: true}, *f.Secret)
	assert.Empty(t, f.Locations[0].Snippet)
	assert.Empty(t, f.Locations[0].SnippetHash)
	assert.Equal(t, "GitHub Token detected: ghp_…Pq", f.Title)
	assert.Equal(t, "53", f.Properties["lines_length"])
	assert.NotContains(t, f.Properties, "metavars")

	b, err := json.Marshal(doc)
	require.NoError(t, err)
	assert.NotContains(t, string(b), token)
	assert.NotContains(t, string(b), token[4:])
}

func TestDecodePlatform(t *testing.T) {
	doc, err := (&semgrep.PlatformDecoder{}).Decode(t.Context(), bytes.NewReader(read(t, "platform-findings.json")))
	require.NoError(t, err)
	assert.Equal(t, semgrep.PlatformFormat, doc.Source.Format)
	require.Len(t, doc.Findings, 2)
	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSAST, f.Kind)
	assert.Equal(t, "javascript.express.security.audit.xss.direct-response-write", f.Rule)
	assert.Equal(t, "Detected user input flowing into a response.", f.Title)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, "medium", f.Confidence)
	assert.Equal(t, []int{79}, f.CWEs)
	assert.Equal(t, aspm.StatusFalsePositive, f.Status)
	assert.Equal(t, []string{"A03:2021 - Injection", "Cross-Site-Scripting (XSS)", "security"}, f.Tags)
	assert.Equal(t, &aspm.Region{StartLine: 30, StartColumn: 3, EndLine: 30, EndColumn: 40}, f.Locations[0].Region)
	assert.Equal(t, map[string]string{"semgrep-finding-id": "4242", "semgrep-match-based-id": "9f3e_0"}, f.Fingerprints)
	assert.Equal(t, `{"name":"shop","url":"https://github.com/example/shop"}`, f.Properties["repository"])
	assert.Equal(t, aspm.StatusOpen, doc.Findings[1].Status)
	assert.Equal(t, aspm.SeverityLow, doc.Findings[1].Severity)
}

func TestDecodeEmpty(t *testing.T) {
	doc, err := (&semgrep.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "empty.json")))
	require.NoError(t, err)
	assert.Empty(t, doc.Findings)
	doc, err = (&semgrep.PlatformDecoder{}).Decode(t.Context(), bytes.NewReader([]byte(`{"findings": []}`)))
	require.NoError(t, err)
	assert.Empty(t, doc.Findings)
}

func TestBadRecord(t *testing.T) {
	doc, err := (&semgrep.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "bad-record.json")))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1)
	assert.Equal(t, "a.b.d", doc.Findings[0].Rule)
	assert.Equal(t, aspm.SeverityLow, doc.Findings[0].Severity)
	assert.Equal(t, "/results/1", doc.Findings[0].Provenance.Pointer)
	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, aspm.DiagError, doc.Diagnostics[0].Level)
	assert.Equal(t, "/results/0", doc.Diagnostics[0].Pointer)
}

func TestErrors(t *testing.T) {
	ctx := t.Context()
	_, err := (&semgrep.Decoder{}).Decode(ctx, bytes.NewReader(read(t, "truncated.json")))
	require.Error(t, err)
	assert.NotErrorIs(t, err, decode.ErrNotFormat)

	for _, in := range []string{`{"findings": []}`, `{"results": {"a": 1}}`, `[1, 2]`} {
		_, err = (&semgrep.Decoder{}).Decode(ctx, bytes.NewReader([]byte(in)))
		assert.ErrorIs(t, err, decode.ErrNotFormat, in)
	}
	for _, in := range []string{`{"results": []}`, `{"findings": {}}`} {
		_, err = (&semgrep.PlatformDecoder{}).Decode(ctx, bytes.NewReader([]byte(in)))
		assert.ErrorIs(t, err, decode.ErrNotFormat, in)
	}
}
