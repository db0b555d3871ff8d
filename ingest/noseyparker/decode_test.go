package noseyparker_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/noseyparker"
	"github.com/posturekit/posture/internal/decode"
)

const (
	keyID     = "AKIAV3X9Q2W8E7R6T5Y4"
	secretKey = "Zq9Lm2Xc7Vb4Nn1Kk8Jh5Gf3Dd6Ss0Aa2Pp9Oo4U"
	keyID2    = "AKIAJ8H7G6F5D4S3A2Q1"
	apiKey    = "32ui1ffdasfhu239b4df2ac6609a9919"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func decodeFile(t *testing.T, name string) *aspm.Document {
	t.Helper()
	doc, err := (&noseyparker.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, name)))
	require.NoError(t, err)
	return doc
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"v0.22 lines", string(read(t, "v0.22-findings.jsonl")), true},
		{"v0.16 lines", string(read(t, "v0.16-finding.jsonl")), true},
		{"array", string(read(t, "report-array.json")), true},
		{"empty object", `{}`, false},
		{"yarn audit lines", `{"type":"warning","data":"package.json: No license field"}`, false},
		{"trufflehog", `{"SourceMetadata": {}, "DetectorName": "AWS"}`, false},
		{"semgrep platform", `{"findings": [{"rule_name": "x"}]}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, (&noseyparker.Decoder{}).Detect([]byte(tt.head)))
		})
	}
}

func TestDecodeV022(t *testing.T) {
	doc := decodeFile(t, "v0.22-findings.jsonl")
	assert.Equal(t, noseyparker.Format, doc.Source.Format)
	assert.Equal(t, "Nosey Parker", doc.Source.Tool.Name)
	require.Len(t, doc.Findings, 2)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSecret, f.Kind)
	assert.Equal(t, "np.aws.6", f.Rule)
	assert.Equal(t, "AWS API Credentials", f.RuleName)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, &aspm.Secret{Type: "AWS API Credentials", Hash: aspm.SecretHash(keyID), Redacted: "AKIA…Y4",
		Commit: "43d6429098e4d3acdf6938dfc159172c4dd99220", Author: "Jane Doe", Date: "2023-03-09T23:33:36+01:00"}, f.Secret)
	assert.Equal(t, []aspm.Location{
		{File: "docs/aws.adoc", Region: &aspm.Region{StartLine: 25, StartColumn: 19, EndLine: 27}},
		{File: "config/aws.ini", Region: &aspm.Region{StartLine: 2, StartColumn: 19, EndLine: 3, EndColumn: 61}},
	}, f.Locations)
	assert.Equal(t, map[string]string{"noseyparker-finding-id": "84d871b9aec92b82245f7b687d7bf64048d3c68e"}, f.Fingerprints)
	assert.Equal(t, aspm.StatusFalsePositive, f.Status)
	assert.Equal(t, "2", f.Properties["num_matches"])
	assert.Equal(t, "test fixture keys", f.Properties["comment"])
	assert.NotEmpty(t, f.Properties["snippets_length"])
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "line 1"}, f.Provenance)

	assert.Equal(t, aspm.SecretHash(keyID2), doc.Findings[1].Secret.Hash)
}

func TestDecodeV016(t *testing.T) {
	doc := decodeFile(t, "v0.16-finding.jsonl")
	require.Len(t, doc.Findings, 1)
	f := doc.Findings[0]
	assert.Equal(t, "Generic API Key", f.Rule)
	assert.Equal(t, aspm.SecretHash(apiKey), f.Secret.Hash)
	assert.Equal(t, "0ee84b84c29924b210e3576fe9d1e8632948bedc", f.Secret.Commit)
	assert.Equal(t, "Princess Leia", f.Secret.Author)
	assert.Equal(t, "2023-05-31T01:07:36Z", f.Secret.Date)
	assert.Equal(t, []aspm.Location{{File: "app/config.py", Region: &aspm.Region{StartLine: 16, StartColumn: 17, EndLine: 16, EndColumn: 59}}}, f.Locations,
		"the file and the commit name the same place once")
}

func TestDecodeArray(t *testing.T) {
	doc := decodeFile(t, "report-array.json")
	require.Len(t, doc.Findings, 1)
	assert.Equal(t, "/0", doc.Findings[0].Provenance.Pointer)
	assert.Equal(t, "config/other.ini", doc.Findings[0].Locations[0].File)
}

func TestDecodeEmpty(t *testing.T) {
	doc := decodeFile(t, "empty.jsonl")
	assert.Empty(t, doc.Findings)
	assert.Empty(t, doc.Diagnostics)
}

// TestNoSecretLeaks checks that no secret value of the fixtures, plain or
// in base64, nor any e-mail address, appears in the decoded documents.
func TestNoSecretLeaks(t *testing.T) {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	for _, tt := range []struct {
		file   string
		values []string
	}{
		{"v0.22-findings.jsonl", []string{keyID, secretKey, keyID2, b64(keyID), b64(secretKey), "jane@example.com"}},
		{"v0.16-finding.jsonl", []string{apiKey, "leia@example.com"}},
		{"bad-record.jsonl", []string{"xoxb-5555555555-6666666666-zyxwvutsrqponmlkjihgfedc", "xoxb-7777777777-8888888888-zyxwvutsrqponmlkjihgfedc"}},
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
	f := doc.Findings[0]
	assert.Equal(t, []aspm.Location{{File: "b.txt", Region: &aspm.Region{StartLine: 1, StartColumn: 1, EndLine: 1, EndColumn: 50}}}, f.Locations)
	assert.Equal(t, "also seen: xoxb…dc", f.Properties["comment"])
	require.Len(t, doc.Diagnostics, 2)
	assert.Equal(t, aspm.DiagError, doc.Diagnostics[0].Level)
	assert.Equal(t, "line 1", doc.Diagnostics[0].Pointer)
	assert.Equal(t, aspm.DiagWarning, doc.Diagnostics[1].Level)
	assert.Equal(t, "line 2/matches/1", doc.Diagnostics[1].Pointer)
}

func TestErrors(t *testing.T) {
	_, err := (&noseyparker.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "truncated.jsonl")))
	require.Error(t, err)
	assert.NotErrorIs(t, err, decode.ErrNotFormat)
	for _, in := range []string{"{\"type\":\"warning\",\"data\":\"x\"}\n", "[1]\n", "\"text\"\n"} {
		_, err := (&noseyparker.Decoder{}).Decode(t.Context(), bytes.NewReader([]byte(in)))
		assert.ErrorIs(t, err, decode.ErrNotFormat, in)
	}
}
