package trufflehog3_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/trufflehog3"
	"github.com/posturekit/posture/internal/decode"
)

const token = "ghp_7Hq2Wm9Xr4Lk8Vn1Tz6Yc3Bp5Fj0Ds2Ge4Ua"

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func decodeFile(t *testing.T, name string) *aspm.Document {
	t.Helper()
	doc, err := (&trufflehog3.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, name)))
	require.NoError(t, err)
	return doc
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"current", string(read(t, "current.json")), true},
		{"legacy", string(read(t, "legacy.json")), true},
		{"empty", `[]`, false},
		{"trufflehog v2 array", `[{"branch": "main", "diff": "x", "reason": "r", "stringsFound": ["x"], "printDiff": "x"}]`, false},
		{"trufflehog v2 line", `{"branch": "main", "reason": "r", "stringsFound": ["x"], "printDiff": "x"}`, false},
		{"gitleaks", `[{"RuleID": "x", "Secret": "y", "StartLine": 1}]`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, (&trufflehog3.Decoder{}).Detect([]byte(tt.head)))
		})
	}
}

func TestDecodeCurrent(t *testing.T) {
	doc := decodeFile(t, "current.json")
	assert.Equal(t, trufflehog3.Format, doc.Source.Format)
	require.Len(t, doc.Findings, 2)
	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSecret, f.Kind)
	assert.Equal(t, "github-token", f.Rule)
	assert.Equal(t, "GitHub Token", f.Title)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, "HIGH", f.ToolSeverity)
	assert.Equal(t, []aspm.Location{{File: "deploy/.env", Region: &aspm.Region{StartLine: 3}}}, f.Locations)
	assert.Equal(t, &aspm.Secret{Type: "github-token", Hash: aspm.SecretHash(token), Redacted: "ghp_…Ua",
		Commit: "9c3f4d641d14eba2740febccd902cde300218a8d", Author: "Jane Doe", Date: "2021-10-08T20:14:27+02:00"}, f.Secret)
	assert.Equal(t, map[string]string{"trufflehog3-id": "6ac0ab3b-5f34-3d2a-886c-08424de77b23"}, f.Fingerprints)
	assert.Contains(t, f.Properties["context"], "GITHUB_TOKEN=ghp_…Ua")
	assert.Contains(t, f.Properties["context"], "REGION=eu-west-1")
	assert.Equal(t, "add deploy env\n\nSigned-off-by: Jane Doe <[e-mail]>", f.Properties["message"])
	assert.Equal(t, "main", f.Properties["branch"])

	g := doc.Findings[1]
	assert.Equal(t, aspm.SeverityLow, g.Severity)
	assert.Empty(t, g.Secret.Commit)
	assert.Empty(t, g.Secret.Author)
}

func TestDecodeLegacy(t *testing.T) {
	doc := decodeFile(t, "legacy.json")
	require.Len(t, doc.Findings, 1)
	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSecret, f.Kind)
	assert.Equal(t, "High entropy", f.Rule)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, &aspm.Secret{Type: "High entropy", Commit: "288f35ed2e73145e3578207e896a4cf1600bea45", Date: "2021-01-30 19:50:09"}, f.Secret)
	assert.Equal(t, []aspm.Location{{File: "test_all.py"}}, f.Locations)
	assert.Equal(t, "2", f.Properties["stringsFound_count"])
	assert.Equal(t, "Fixed tests\n\nCo-authored-by: John Roe <[e-mail]>", f.Properties["commit"])
}

// TestNoSecretLeaks checks that no secret value of the fixtures, nor any
// e-mail address, appears in the decoded documents.
func TestNoSecretLeaks(t *testing.T) {
	for _, tt := range []struct {
		file   string
		values []string
	}{
		{"current.json", []string{token, token[4:], "44c45225cf94e58d0c86f0a31051eb7c52c8f78f", "jane@example.com"}},
		{"legacy.json", []string{"9ed54617547cfca783e0f81f8dc5c927e3d1e345", "d15627104d07846ac2914a976e8e347a663bbd9b", "john@example.com"}},
		{"bad-record.json", []string{"AKIAZZZZZZZZZZZZZZZZ", "AKIAYYYYYYYYYYYYYYYY"}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			b, err := json.Marshal(decodeFile(t, tt.file))
			require.NoError(t, err)
			for _, v := range tt.values {
				assert.NotContains(t, string(b), v)
			}
		})
	}
}

func TestBadRecord(t *testing.T) {
	doc := decodeFile(t, "bad-record.json")
	require.Len(t, doc.Findings, 1)
	f := doc.Findings[0]
	assert.Equal(t, "b.cfg", f.Locations[0].File)
	assert.Nil(t, f.Locations[0].Region)
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/1"}, f.Provenance)
	require.Len(t, doc.Diagnostics, 3)
	assert.Equal(t, aspm.DiagError, doc.Diagnostics[0].Level)
	assert.Equal(t, "/0", doc.Diagnostics[0].Pointer)
	assert.Equal(t, aspm.DiagError, doc.Diagnostics[1].Level)
	assert.Equal(t, "/2", doc.Diagnostics[1].Pointer)
	assert.Equal(t, aspm.DiagWarning, doc.Diagnostics[2].Level, "the unreadable line")
}

func TestErrors(t *testing.T) {
	_, err := (&trufflehog3.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "truncated.json")))
	require.Error(t, err)
	assert.NotErrorIs(t, err, decode.ErrNotFormat)
	_, err = (&trufflehog3.Decoder{}).Decode(t.Context(), bytes.NewReader([]byte(`{"rule": {}}`)))
	assert.ErrorIs(t, err, decode.ErrNotFormat)
	doc, err := (&trufflehog3.Decoder{}).Decode(t.Context(), bytes.NewReader([]byte(`[]`)))
	require.NoError(t, err)
	assert.Empty(t, doc.Findings)
}
