package gosec_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/gosec"
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
		{"no issues", string(read(t, "no-issues.json")), true},
		{"issues and stats", `{"Issues": [], "Stats": {}}`, true},
		{"bandit", `{"errors": [], "generated_at": "x", "metrics": {}, "results": []}`, false},
		{"other Issues", `{"Issues": [{"title": "x"}]}`, false},
		{"array", `[{"rule_id": "G101"}]`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, (&gosec.Decoder{}).Detect([]byte(tt.head)))
		})
	}
}

func TestDecode(t *testing.T) {
	doc, err := (&gosec.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "two-issues.json")))
	require.NoError(t, err)
	assert.Equal(t, gosec.Format, doc.Source.Format)
	assert.Equal(t, aspm.Tool{Name: "gosec", Vendor: "securego", Version: "2.19.0"}, doc.Source.Tool)
	require.Len(t, doc.Findings, 2)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSAST, f.Kind)
	assert.Equal(t, "G201", f.Rule)
	assert.Equal(t, "SQL string formatting", f.Title)
	assert.Equal(t, aspm.SeverityMedium, f.Severity)
	assert.Equal(t, "MEDIUM", f.ToolSeverity)
	assert.Equal(t, "HIGH", f.Confidence)
	assert.Equal(t, []int{89}, f.CWEs)
	assert.Equal(t, []string{"https://cwe.mitre.org/data/definitions/89.html"}, f.References)
	loc := f.Locations[0]
	assert.Equal(t, "/src/app/db.go", loc.File)
	assert.Equal(t, &aspm.Region{StartLine: 41, StartColumn: 7, EndLine: 42}, loc.Region)
	assert.Equal(t, "\tq := fmt.Sprintf(\"SELECT * FROM users WHERE id = %s\",\n\t\tid)", loc.Snippet)
	assert.Equal(t, aspm.SnippetHash(loc.Snippet), loc.SnippetHash)
	assert.Contains(t, f.Properties["code"], "43: ")
	assert.Empty(t, f.Status)
	assert.NotContains(t, f.Properties, "suppressions", "null members are not kept")

	g := doc.Findings[1]
	assert.Equal(t, aspm.StatusSuppressed, g.Status)
	assert.Equal(t, "s.ListenAndServe()", g.Locations[0].Snippet)
	assert.NotContains(t, g.Properties, "code")
	assert.Contains(t, g.Properties["suppressions"], "server exits anyway")

	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, aspm.DiagInfo, doc.Diagnostics[0].Level)
	assert.Contains(t, doc.Diagnostics[0].Message, "/src/app/broken.go")
}

func TestDecodeNoIssues(t *testing.T) {
	doc, err := (&gosec.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "no-issues.json")))
	require.NoError(t, err)
	assert.Empty(t, doc.Findings)
	assert.Empty(t, doc.Diagnostics)
}

func TestBadRecord(t *testing.T) {
	doc, err := (&gosec.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "bad-record.json")))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 2)
	assert.Equal(t, "/b.go", doc.Findings[0].Locations[0].File)
	assert.Equal(t, 12, doc.Findings[0].Locations[0].Region.StartLine, "a line given as a number is read too")
	assert.Equal(t, "/c.go", doc.Findings[1].Locations[0].File)
	assert.Nil(t, doc.Findings[1].Locations[0].Region)
	assert.Equal(t, aspm.Provenance{Index: 1, Pointer: "/Issues/2"}, doc.Findings[1].Provenance)
	require.Len(t, doc.Diagnostics, 2)
	assert.Equal(t, aspm.DiagError, doc.Diagnostics[0].Level)
	assert.Equal(t, "/Issues/0", doc.Diagnostics[0].Pointer)
	assert.Equal(t, aspm.DiagWarning, doc.Diagnostics[1].Level)
	assert.Equal(t, "/Issues/2", doc.Diagnostics[1].Pointer)
}

func TestErrors(t *testing.T) {
	_, err := (&gosec.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "truncated.json")))
	require.Error(t, err)
	assert.NotErrorIs(t, err, decode.ErrNotFormat)
	for _, in := range []string{`{"results": []}`, `[]`, `{"Issues": {}}`} {
		_, err := (&gosec.Decoder{}).Decode(t.Context(), bytes.NewReader([]byte(in)))
		assert.ErrorIs(t, err, decode.ErrNotFormat, in)
	}
}
