package gitleaks_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/gitleaks"
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
	doc, err := (&gitleaks.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, name)))
	require.NoError(t, err)
	return doc
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"v8", string(read(t, "v8-leaks.json")), true},
		{"v7", string(read(t, "v7-leaks.json")), true},
		{"empty array", `[]`, false},
		{"null", `null`, false},
		{"trufflehog3", `[{"rule": {"id": "x"}, "path": "a", "secret": "s"}]`, false},
		{"trufflehog v2", `{"branch": "main", "reason": "High Entropy", "stringsFound": ["x"], "printDiff": ""}`, false},
		{"object", `{"RuleID": "x", "Secret": "y"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, (&gitleaks.Decoder{}).Detect([]byte(tt.head)))
		})
	}
}

func TestDecodeV8(t *testing.T) {
	const token = "ghp_9fK2mQ7xL4vB8nR1tY6wE3zU5cJ0aS2dH7gP"
	doc := decodeFile(t, "v8-leaks.json")
	assert.Equal(t, gitleaks.Format, doc.Source.Format)
	assert.Equal(t, "Gitleaks", doc.Source.Tool.Name)
	require.Len(t, doc.Findings, 3)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSecret, f.Kind)
	assert.Equal(t, "github-pat", f.Rule)
	assert.Equal(t, "GitHub Personal Access Token", f.RuleName)
	assert.Equal(t, "GitHub Personal Access Token", f.Title)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Empty(t, f.ToolSeverity)
	assert.Equal(t, []string{"github", "key"}, f.Tags)
	assert.Equal(t, []aspm.Location{{File: "ci/deploy.env", Region: &aspm.Region{StartLine: 4, StartColumn: 11, EndLine: 4, EndColumn: 50}}}, f.Locations)
	assert.Equal(t, &aspm.Secret{
		Type: "github-pat", Hash: aspm.SecretHash(token), Redacted: "ghp_…gP",
		Commit: "3f1c2a9e8d7b6c5a4f3e2d1c0b9a8f7e6d5c4b3a", Author: "Jane Doe", Date: "2024-02-01T09:30:00Z",
	}, f.Secret)
	assert.Equal(t, "3f1c2a9e8d7b6c5a4f3e2d1c0b9a8f7e6d5c4b3a:ci/deploy.env:github-pat:4", f.Fingerprints["gitleaks-fingerprint"])
	assert.Equal(t, "GH_TOKEN=ghp_…gP", f.Properties["Match"])
	assert.Equal(t, "add deploy token ghp_…gP by mistake", f.Properties["Message"])
	assert.Equal(t, "4.7", f.Properties["Entropy"])
	assert.NotContains(t, f.Properties, "Email")
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/0"}, f.Provenance)

	pem := doc.Findings[1]
	assert.Empty(t, pem.Secret.Hash, "a PEM armour line identifies no key")
	assert.Equal(t, "----…--", pem.Secret.Redacted)

	red := doc.Findings[2]
	assert.Empty(t, red.Secret.Hash)
	assert.Empty(t, red.Secret.Redacted)
	assert.Equal(t, "true", red.Properties["secret_redacted_by_tool"])
}

func TestDecodeV7(t *testing.T) {
	const hook = "https://hooks.slack.com/services/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"
	doc := decodeFile(t, "v7-leaks.json")
	require.Len(t, doc.Findings, 1)
	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSecret, f.Kind)
	assert.Equal(t, "Slack Webhook", f.Rule)
	assert.Equal(t, []string{"Slack", "key"}, f.Tags)
	assert.Equal(t, []aspm.Location{{File: "scripts/notify.sh", Region: &aspm.Region{StartLine: 12}}}, f.Locations)
	assert.Equal(t, aspm.SecretHash(hook), f.Secret.Hash)
	assert.Equal(t, "John Roe", f.Secret.Author)
	assert.Equal(t, "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", f.Secret.Commit)
	assert.Equal(t, `export SLACK_WEBHOOK="http…eF"`, f.Properties["line"])
	assert.Equal(t, "shop", f.Properties["repo"])
	assert.NotContains(t, f.Properties, "email")
}

// TestNoSecretLeaks checks that no secret value of the fixtures, nor any
// e-mail address, appears anywhere in the decoded documents.
func TestNoSecretLeaks(t *testing.T) {
	for _, tt := range []struct {
		file   string
		values []string
	}{
		{"v8-leaks.json", []string{"ghp_9fK2mQ7xL4vB8nR1tY6wE3zU5cJ0aS2dH7gP", "9fK2mQ7xL4vB8nR1tY6wE3zU5cJ0aS2dH7gP", "jane@example.com"}},
		{"v7-leaks.json", []string{"https://hooks.slack.com/services/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", "q8Wk2LmN5pRt7VxZ9aBc3DeF", "john@example.com"}},
		{"bad-record.json", []string{"AKIAIOSFODNN7EXAMPLE"}},
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
	assert.Equal(t, "b.tf", doc.Findings[0].Locations[0].File)
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/2"}, doc.Findings[0].Provenance)
	require.Len(t, doc.Diagnostics, 3)
	for i, p := range []string{"/0", "/1", "/3"} {
		assert.Equal(t, aspm.DiagError, doc.Diagnostics[i].Level)
		assert.Equal(t, p, doc.Diagnostics[i].Pointer)
	}
}

func TestErrors(t *testing.T) {
	_, err := (&gitleaks.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "truncated.json")))
	require.Error(t, err)
	assert.NotErrorIs(t, err, decode.ErrNotFormat)
	_, err = (&gitleaks.Decoder{}).Decode(t.Context(), bytes.NewReader([]byte(`{"RuleID": "x"}`)))
	assert.ErrorIs(t, err, decode.ErrNotFormat)
	doc, err := (&gitleaks.Decoder{}).Decode(t.Context(), bytes.NewReader([]byte(`null`)))
	require.NoError(t, err, "Gitleaks writes null when it finds nothing")
	assert.Empty(t, doc.Findings)
}
