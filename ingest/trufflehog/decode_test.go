package trufflehog_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/trufflehog"
	"github.com/posturekit/posture/internal/decode"
)

const (
	githubToken = "ghp_4vN8qR2mX7kL1pT9wZ3yB6cF0hJ5sD8gA2eU"
	awsKeyID    = "AKIAQWERTYUIOPASDF12"
	awsSecret   = "w8Jq2LmZ5vXr7TnB9cKd3FhA6sPe1GyU4oWi0Rt"
	v2Secret1   = "secret = 'f3a9c2e7b1d04a6e8c5b9f2d7e1a3c6b'"
	v2Secret2   = "api_token = 'Zx81LmQp0RtY7vWk3NsB5aHc'"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func decodeFile(t *testing.T, name string) *aspm.Document {
	t.Helper()
	doc, err := (&trufflehog.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, name)))
	require.NoError(t, err)
	return doc
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"v3", string(read(t, "v3-results.jsonl")), true},
		{"v2", string(read(t, "v2-results.jsonl")), true},
		{"v2 array", `[{"branch": "main", "reason": "High Entropy", "stringsFound": ["x"], "printDiff": "x"}]`, true},
		{"trufflehog3 legacy", `[{"branch": "main", "commitHash": "x", "reason": "High entropy", "stringsFound": ["+x"]}]`, false},
		{"trufflehog3", `[{"rule": {"id": "x"}, "path": "a", "secret": "s"}]`, false},
		{"gitleaks", `[{"RuleID": "x", "Secret": "y", "StartLine": 1}]`, false},
		{"log line", `{"level":"info-0","msg":"running source"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, (&trufflehog.Decoder{}).Detect([]byte(tt.head)))
		})
	}
}

func TestDecodeV3(t *testing.T) {
	doc := decodeFile(t, "v3-results.jsonl")
	assert.Equal(t, trufflehog.Format, doc.Source.Format)
	assert.Equal(t, "TruffleHog", doc.Source.Tool.Name)
	require.Len(t, doc.Findings, 2)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSecret, f.Kind)
	assert.Equal(t, "Github", f.Rule)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, &aspm.Secret{
		Type: "Github", Hash: aspm.SecretHash(githubToken), Redacted: "ghp_…eU", Verified: true,
		Commit: "4e1d8c0f9a7b6e5d4c3b2a1908f7e6d5c4b3a291", Author: "Jane Doe", Date: "2024-02-01 09:30:00 +0000",
	}, f.Secret)
	assert.Equal(t, []aspm.Location{{File: "deploy/.env", Region: &aspm.Region{StartLine: 7}}}, f.Locations)
	assert.Equal(t, "Git", f.Properties["source"])
	assert.Equal(t, "https://github.com/example/shop.git", f.Properties["Git.repository"])
	assert.Equal(t, "PLAIN", f.Properties["DecoderName"])
	assert.Equal(t, "40", f.Properties["Raw_length"])
	assert.Contains(t, f.Properties["ExtraData"], "token ghp_…eU")
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "line 1"}, f.Provenance)

	aws := doc.Findings[1]
	assert.Equal(t, aspm.SecretHash(awsKeyID), aws.Secret.Hash, "base64 Raw of early v3 releases is decoded")
	assert.Equal(t, "AKIA…12", aws.Secret.Redacted)
	assert.False(t, aws.Secret.Verified)
	assert.Equal(t, aspm.SecretHash(awsKeyID+awsSecret), aws.Fingerprints["trufflehog-rawv2-sha256"])
	assert.Equal(t, "config/aws.ini", aws.Locations[0].File)

	require.Len(t, doc.Diagnostics, 1, "the log line is skipped")
	assert.Equal(t, "line 3", doc.Diagnostics[0].Pointer)
}

func TestDecodeV2(t *testing.T) {
	doc := decodeFile(t, "v2-results.jsonl")
	require.Len(t, doc.Findings, 3, "one finding per string found")
	for i, want := range []string{v2Secret1, v2Secret2} {
		f := doc.Findings[i]
		assert.Equal(t, aspm.KindSecret, f.Kind)
		assert.Equal(t, "Generic Secret", f.Rule)
		assert.Equal(t, aspm.SecretHash(want), f.Secret.Hash)
		assert.Equal(t, "7c9e2b1a0f3d4e5c6b7a8f9e0d1c2b3a4f5e6d7c", f.Secret.Commit)
		assert.Equal(t, "2021-01-30 19:50:09", f.Secret.Date)
		assert.Equal(t, []aspm.Location{{File: "app/config.py"}}, f.Locations)
		assert.Equal(t, "origin/main", f.Properties["branch"])
		assert.NotContains(t, f.Properties, "diff")
		assert.NotContains(t, f.Properties, "printDiff")
		assert.NotEmpty(t, f.Properties["diff_length"])
		assert.Equal(t, "2", f.Properties["stringsFound_count"])
	}
	assert.Equal(t, "line 1/stringsFound/1", doc.Findings[1].Provenance.Pointer)
	assert.Empty(t, doc.Findings[2].Secret.Hash, "a PEM armour line identifies no key")
}

// TestNoSecretLeaks checks that no secret value of the fixtures, in any
// encoding, nor any e-mail address, appears in the decoded documents.
func TestNoSecretLeaks(t *testing.T) {
	for _, tt := range []struct {
		file   string
		values []string
	}{
		{"v3-results.jsonl", []string{githubToken, githubToken[4:], awsKeyID, awsSecret, "QUtJQVFXRVJUWVVJT1BBU0RGMTI=", "jane@example.com"}},
		{"v2-results.jsonl", []string{v2Secret1, v2Secret2, "f3a9c2e7b1d04a6e8c5b9f2d7e1a3c6b", "Zx81LmQp0RtY7vWk3NsB5aHc", "jane@example.com"}},
		{"bad-record.jsonl", []string{"xoxb-1111111111-2222222222-abcdefghijklmnopqrstuvwx", "xoxb-3333333333-4444444444-abcdefghijklmnopqrstuvwx"}},
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
	doc := decodeFile(t, "bad-record.jsonl")
	require.Len(t, doc.Findings, 1)
	assert.Equal(t, "b.txt", doc.Findings[0].Locations[0].File)
	assert.Equal(t, "line 2", doc.Findings[0].Provenance.Pointer)
	assert.Contains(t, doc.Findings[0].Properties["ExtraData"], "xoxb…wx", "the bad record's secret is redacted too")
	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, aspm.DiagError, doc.Diagnostics[0].Level)
	assert.Equal(t, "line 1", doc.Diagnostics[0].Pointer)
}

func TestErrors(t *testing.T) {
	_, err := (&trufflehog.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "truncated.jsonl")))
	require.Error(t, err)
	assert.NotErrorIs(t, err, decode.ErrNotFormat)
	for _, in := range []string{"[1, 2]\n", "\"text\"\n"} {
		_, err = (&trufflehog.Decoder{}).Decode(t.Context(), bytes.NewReader([]byte(in)))
		assert.ErrorIs(t, err, decode.ErrNotFormat, in)
	}
	doc, err := (&trufflehog.Decoder{}).Decode(t.Context(), bytes.NewReader([]byte("{\"level\": \"info-0\", \"msg\": \"no results\"}\n")))
	require.NoError(t, err, "a log line alone is a run with no result")
	assert.Empty(t, doc.Findings)
}
