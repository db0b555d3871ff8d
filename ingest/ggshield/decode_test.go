package ggshield_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/ggshield"
	"github.com/posturekit/posture/internal/decode"
)

const (
	stripeKey    = "sk_live_51Hx9aQ2eZvKYlo2C0c7dWq3Rt8Yu"
	oktaClientID = "0oa4x8c2b7ZQ9Rk1L5d7"
	oktaSecret   = "Jx7Qv2Lm9Zr4Tk8Wn1Bc6Hs3Pd0Fy5Ga2Ue7Io4"
	masked       = "&dtzi36g3***************-*****+**********ljel3*ji5"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func decodeFile(t *testing.T, name string) *aspm.Document {
	t.Helper()
	doc, err := (&ggshield.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, name)))
	require.NoError(t, err)
	return doc
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"path scan", string(read(t, "path-scan.json")), true},
		{"commit range", string(read(t, "commit-range.json")), true},
		{"commit range cut", `{"id": "54c2", "type": "commit-range", "scans": [{"id": "03a2", "type": "commit", "entities_with_incidents": [`, true},
		{"no incident", `{"id": "x", "type": "path_scan", "total_incidents": 0, "total_occurrences": 0}`, true},
		{"other scans", `{"type": "other", "scans": []}`, false},
		{"detect-secrets", `{"version": "1.4.0", "plugins_used": [], "results": {}}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, (&ggshield.Decoder{}).Detect([]byte(tt.head)))
		})
	}
}

func TestDecodePathScan(t *testing.T) {
	doc := decodeFile(t, "path-scan.json")
	assert.Equal(t, ggshield.Format, doc.Source.Format)
	assert.Equal(t, "ggshield", doc.Source.Tool.Name)
	require.Len(t, doc.Findings, 2)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSecret, f.Kind)
	assert.Equal(t, "Stripe Keys", f.Rule)
	assert.Equal(t, "Stripe Keys", f.Title)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, &aspm.Secret{Type: "Stripe Keys", Hash: aspm.SecretHash(stripeKey), Redacted: "sk_l…Yu", Verified: true}, f.Secret,
		"a match shown whole is the value")
	assert.Equal(t, []aspm.Location{
		{File: "deploy/settings.py", Region: &aspm.Region{StartLine: 12, EndLine: 12}},
		{File: "deploy/settings.py", Region: &aspm.Region{StartLine: 40, EndLine: 40}},
	}, f.Locations)
	assert.Equal(t, map[string]string{"ggshield-ignore-sha": "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12"}, f.Fingerprints)
	assert.Equal(t, "2.110.0", f.Properties["secrets_engine_version"])
	assert.Equal(t, "FILE", f.Properties["mode"])
	assert.Equal(t, "true", f.Properties["known_secret"])
	assert.Contains(t, f.Properties["occurrences"], `"match_length":37`)
	assert.Empty(t, f.Status)
	assert.Equal(t, "/entities_with_incidents/0/incidents/0", f.Provenance.Pointer)

	okta := doc.Findings[1]
	assert.Empty(t, okta.Secret.Hash, "a two-part secret has no single value")
	assert.Equal(t, aspm.StatusSuppressed, okta.Status)
	assert.False(t, okta.Secret.Verified)
}

func TestDecodeCommitRange(t *testing.T) {
	doc := decodeFile(t, "commit-range.json")
	require.Len(t, doc.Findings, 1)
	f := doc.Findings[0]
	assert.Equal(t, "Django Secret Key", f.Rule)
	assert.Equal(t, &aspm.Secret{Type: "Django Secret Key", Redacted: "&dtz…i5",
		Commit: "03a2bf6cba491559f8b760a2c9bf8dd9f53916a0", Author: "Jane Doe", Date: "Sat Mar 13 17:42:00 2021 +0530"}, f.Secret,
		"a masked match is not the value")
	assert.Equal(t, []aspm.Location{{File: "wapf/settings.py", Region: &aspm.Region{StartLine: 23, EndLine: 23}}}, f.Locations)
	assert.Equal(t, "NEW", f.Properties["mode"])
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/scans/0/entities_with_incidents/0/incidents/0"}, f.Provenance)
}

// TestNoSecretLeaks checks that no matched text of the fixtures, shown or
// masked, nor any e-mail address, appears in the decoded documents.
func TestNoSecretLeaks(t *testing.T) {
	for _, tt := range []struct {
		file   string
		values []string
	}{
		{"path-scan.json", []string{stripeKey, oktaClientID, oktaSecret}},
		{"commit-range.json", []string{masked, "jane@example.com"}},
		{"bad-record.json", []string{"Pa55w0rd-Pa55w0rd!"}},
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
	assert.Equal(t, []aspm.Location{{File: "a.env"}}, f.Locations, "an occurrence with unreadable lines still names the file")
	assert.Equal(t, "/entities_with_incidents/0/incidents/1", f.Provenance.Pointer)
	require.Len(t, doc.Diagnostics, 2)
	assert.Equal(t, "/entities_with_incidents/0/incidents/0", doc.Diagnostics[0].Pointer)
	assert.Equal(t, "/entities_with_incidents/1", doc.Diagnostics[1].Pointer)
}

func TestErrors(t *testing.T) {
	_, err := (&ggshield.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "truncated.json")))
	require.Error(t, err)
	assert.NotErrorIs(t, err, decode.ErrNotFormat)
	for _, in := range []string{`{"results": []}`, `[]`, `{"scans": {}}`} {
		_, err := (&ggshield.Decoder{}).Decode(t.Context(), bytes.NewReader([]byte(in)))
		assert.ErrorIs(t, err, decode.ErrNotFormat, in)
	}
}
