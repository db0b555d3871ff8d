package detectsecrets_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/detectsecrets"
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
	doc, err := (&detectsecrets.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, name)))
	require.NoError(t, err)
	return doc
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"baseline", string(read(t, "baseline.json")), true},
		{"empty baseline", string(read(t, "empty.json")), true},
		{"results and generated_at", `{"generated_at": "x", "results": {"a": [{"hashed_secret": "y"}]}}`, true},
		{"bandit", `{"errors": [], "generated_at": "x", "metrics": {}, "results": []}`, false},
		{"semgrep", `{"results": [], "errors": []}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, (&detectsecrets.Decoder{}).Detect([]byte(tt.head)))
		})
	}
}

func TestDecode(t *testing.T) {
	doc := decodeFile(t, "baseline.json")
	assert.Equal(t, detectsecrets.Format, doc.Source.Format)
	assert.Equal(t, aspm.Tool{Name: "detect-secrets", Vendor: "Yelp", Version: "1.4.0"}, doc.Source.Tool)
	assert.Equal(t, time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC), doc.Source.ScanTime)
	require.Len(t, doc.Findings, 3)

	basic := doc.Findings[0] // docs/ sorts before src/
	assert.Equal(t, "Basic Auth Credentials", basic.Rule)
	assert.Equal(t, aspm.StatusFalsePositive, basic.Status)
	assert.Equal(t, "/results/docs~1example.md/0", basic.Provenance.Pointer)

	f := doc.Findings[1]
	assert.Equal(t, aspm.KindSecret, f.Kind)
	assert.Equal(t, "Secret Keyword", f.Rule)
	assert.Equal(t, "Secret Keyword", f.Title)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, &aspm.Secret{Type: "Secret Keyword"}, f.Secret, "a SHA-1 is no SHA-256: no Hash")
	assert.Equal(t, map[string]string{"detect-secrets-sha1": "e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4"}, f.Fingerprints)
	assert.Equal(t, []aspm.Location{{File: "src/settings.py", Region: &aspm.Region{StartLine: 12}}}, f.Locations)
	assert.Empty(t, f.Status)
	assert.Equal(t, aspm.Provenance{Index: 1, Pointer: "/results/src~1settings.py/0"}, f.Provenance)

	aws := doc.Findings[2]
	assert.True(t, aws.Secret.Verified)
	assert.Equal(t, aspm.StatusOpen, aws.Status)
	assert.Equal(t, "true", aws.Properties["is_secret"])
}

// TestNoSecretLeaks checks that the secret behind a hash in the fixture
// appears nowhere: a baseline never holds it, and posture adds nothing.
func TestNoSecretLeaks(t *testing.T) {
	b, err := json.Marshal(decodeFile(t, "baseline.json"))
	require.NoError(t, err)
	assert.NotContains(t, string(b), "hunter2") // SHA-1 e5e9fa1b…
}

func TestDecodeEmpty(t *testing.T) {
	doc := decodeFile(t, "empty.json")
	assert.Empty(t, doc.Findings)
	assert.Empty(t, doc.Diagnostics)
}

func TestBadRecord(t *testing.T) {
	doc := decodeFile(t, "bad-record.json")
	require.Len(t, doc.Findings, 1)
	assert.Equal(t, "c.py", doc.Findings[0].Locations[0].File)
	assert.Equal(t, 0, doc.Findings[0].Provenance.Index)
	require.Len(t, doc.Diagnostics, 3)
	assert.Equal(t, aspm.DiagWarning, doc.Diagnostics[0].Level, "the unreadable time")
	assert.Equal(t, "/results/a.py/0", doc.Diagnostics[1].Pointer)
	assert.Equal(t, "/results/b.py", doc.Diagnostics[2].Pointer)
}

func TestErrors(t *testing.T) {
	_, err := (&detectsecrets.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "truncated.json")))
	require.Error(t, err)
	assert.NotErrorIs(t, err, decode.ErrNotFormat)
	for _, in := range []string{`{"plugins_used": []}`, `[]`, `{"results": []}`} {
		_, err := (&detectsecrets.Decoder{}).Decode(t.Context(), bytes.NewReader([]byte(in)))
		assert.ErrorIs(t, err, decode.ErrNotFormat, in)
	}
}
