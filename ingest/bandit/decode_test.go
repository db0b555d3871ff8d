package bandit_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/bandit"
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
		name string
		head string
		want bool
	}{
		{"report", string(read(t, "two-issues.json")), true},
		{"empty report", string(read(t, "empty.json")), true},
		{"metrics before results", `{"errors": [], "generated_at": "2024-01-01T00:00:00Z", "metrics": {"_totals": {"SEVERITY.HIGH": 0.0`, true},
		{"results only", `{"results": [{"test_id": "B101", "issue_severity": "LOW"}]}`, true},
		{"semgrep", `{"results": [{"check_id": "a"}], "errors": []}`, false},
		{"gosec", `{"Issues": [], "Stats": {}}`, false},
		{"array", `[{"test_id": "B101"}]`, false},
		{"xml", `<report/>`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, (&bandit.Decoder{}).Detect([]byte(tt.head)))
		})
	}
}

func TestDecode(t *testing.T) {
	doc, err := (&bandit.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "two-issues.json")))
	require.NoError(t, err)
	assert.Equal(t, bandit.Format, doc.Source.Format)
	assert.Equal(t, "Bandit", doc.Source.Tool.Name)
	assert.Equal(t, time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC), doc.Source.ScanTime)
	require.Len(t, doc.Findings, 2)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSAST, f.Kind)
	assert.Equal(t, "B602", f.Rule)
	assert.Equal(t, "subprocess_popen_with_shell_equals_true", f.RuleName)
	assert.Equal(t, "subprocess call with shell=True identified, security issue.", f.Title)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, "HIGH", f.ToolSeverity)
	assert.Equal(t, "HIGH", f.Confidence)
	assert.Equal(t, []int{78}, f.CWEs)
	assert.Equal(t, []string{
		"https://bandit.readthedocs.io/en/1.7.8/plugins/b602_subprocess_popen_with_shell_equals_true.html",
		"https://cwe.mitre.org/data/definitions/78.html",
	}, f.References)
	loc := f.Locations[0]
	assert.Equal(t, "app/tasks.py", loc.File)
	assert.Equal(t, &aspm.Region{StartLine: 11, StartColumn: 12, EndLine: 11, EndColumn: 44}, loc.Region)
	assert.Equal(t, "    return subprocess.Popen(cmd, shell=True)", loc.Snippet)
	assert.Equal(t, aspm.SnippetHash("return subprocess.Popen(cmd, shell=True)"), loc.SnippetHash)
	assert.Contains(t, f.Properties["code"], "10 def run(cmd):")
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/results/0"}, f.Provenance)

	g := doc.Findings[1]
	assert.Equal(t, aspm.SeverityLow, g.Severity)
	assert.Nil(t, g.CWEs)
	assert.Equal(t, &aspm.Region{StartLine: 27, EndLine: 28}, g.Locations[0].Region)
	assert.Equal(t, "    except Exception:\n        pass", g.Locations[0].Snippet)

	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, aspm.DiagInfo, doc.Diagnostics[0].Level)
	assert.Contains(t, doc.Diagnostics[0].Message, "broken.py")
}

func TestDecodeEmpty(t *testing.T) {
	doc, err := (&bandit.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "empty.json")))
	require.NoError(t, err)
	assert.Empty(t, doc.Findings)
}

func TestBadRecord(t *testing.T) {
	doc, err := (&bandit.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "bad-record.json")))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1)
	assert.Equal(t, "b.py", doc.Findings[0].Locations[0].File)
	assert.Equal(t, "assert x", doc.Findings[0].Locations[0].Snippet)
	assert.Equal(t, 0, doc.Findings[0].Provenance.Index)
	assert.Equal(t, "/results/1", doc.Findings[0].Provenance.Pointer)
	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, aspm.DiagError, doc.Diagnostics[0].Level)
	assert.Equal(t, "/results/0", doc.Diagnostics[0].Pointer)
}

func TestErrors(t *testing.T) {
	_, err := (&bandit.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "truncated.json")))
	require.Error(t, err)
	assert.NotErrorIs(t, err, decode.ErrNotFormat)
	for _, in := range []string{`{"Issues": []}`, `[{"test_id": "B101"}]`, `{"results": {"x": 1}}`} {
		_, err := (&bandit.Decoder{}).Decode(t.Context(), bytes.NewReader([]byte(in)))
		assert.ErrorIs(t, err, decode.ErrNotFormat, in)
	}
}
