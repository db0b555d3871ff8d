package tfsec_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/tfsec"
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
		{"v1", string(read(t, "v1-three-results.json")), true},
		{"legacy", string(read(t, "legacy-one-result.json")), true},
		{"legacy null", string(read(t, "legacy-no-results.json")), true},
		{"head cut inside the first result", `{"results":[{"rule_id":"AVD-AWS-0086","long_id":"x","rule_description":"y","location":{"filename":"a.tf"`, true},
		{"empty array is ambiguous", `{"results": []}`, false},
		{"osv-scanner", `{"results":[{"source":{"path":"go.mod"},"packages":[]}]}`, false},
		{"terrascan", `{"results":{"violations":null,"scan_summary":{}}}`, false},
		{"semgrep", `{"results":[{"check_id":"x","path":"a.py"}],"errors":[]}`, false},
		{"kics", `{"kics_version":"1","queries":[]}`, false},
	}
	var d tfsec.Decoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, d.Detect([]byte(tt.head)))
		})
	}
}

func TestDecodeV1(t *testing.T) {
	var d tfsec.Decoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "v1-three-results.json")))
	require.NoError(t, err)
	assert.Equal(t, "tfsec", doc.Source.Tool.Name)
	require.Len(t, doc.Findings, 2, "the passed result is not a finding, the bad one is a diagnostic")

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindIaC, f.Kind)
	assert.Equal(t, "AVD-AWS-0086", f.Rule)
	assert.Equal(t, "S3 Access block should block public ACL", f.Title)
	assert.Equal(t, "No public access block so not blocking public acls", f.Description)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Empty(t, f.Status)
	assert.Equal(t, []aspm.Location{{
		File:     "infra/s3.tf",
		Region:   &aspm.Region{StartLine: 1, EndLine: 4},
		Resource: &aspm.Resource{Type: "aws_s3_bucket", Name: "aws_s3_bucket.logs", Provider: "aws"},
	}}, f.Locations)
	assert.Len(t, f.References, 2)
	assert.Equal(t, "aws-s3-block-public-acls", f.Properties["long_id"])
	assert.Equal(t, "s3", f.Properties["rule_service"])
	assert.Equal(t, "Enable blocking any PUT calls with a public ACL specified", f.Properties["resolution"])
	assert.Equal(t, "/results/0", f.Provenance.Pointer)

	f = doc.Findings[1]
	assert.Equal(t, aspm.StatusSuppressed, f.Status, "status 2 is ignored")
	assert.Equal(t, "aws_s3_bucket", f.Locations[0].Resource.Type)
	assert.Equal(t, 1, f.Provenance.Index)

	require.Len(t, doc.Diagnostics, 2)
	assert.Equal(t, "/results/3", doc.Diagnostics[0].Pointer)
	assert.Equal(t, aspm.DiagError, doc.Diagnostics[0].Level)
	assert.Equal(t, aspm.DiagInfo, doc.Diagnostics[1].Level)
	assert.Contains(t, doc.Diagnostics[1].Message, "1 passed")
}

func TestDecodeLegacy(t *testing.T) {
	var d tfsec.Decoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "legacy-one-result.json")))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1)
	f := doc.Findings[0]
	assert.Equal(t, "GEN003", f.Rule)
	assert.Equal(t, aspm.SeverityMedium, f.Severity)
	assert.Equal(t, "WARNING", f.ToolSeverity)
	assert.Equal(t, []string{"https://tfsec.dev/docs/general/GEN003/"}, f.References)
	assert.Equal(t, "tf/identity.tf", f.Locations[0].File)
	assert.Equal(t, &aspm.Region{StartLine: 226, EndLine: 226}, f.Locations[0].Region)
	assert.Nil(t, f.Locations[0].Resource)

	doc, err = d.Decode(t.Context(), bytes.NewReader(read(t, "legacy-no-results.json")))
	require.NoError(t, err)
	assert.Empty(t, doc.Findings)
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		is    error
	}{
		{"truncated", string(read(t, "truncated.json")), nil},
		{"array", `[{"results": []}]`, decode.ErrNotFormat},
		{"no results", `{"runs": []}`, decode.ErrNotFormat},
		{"results is an object", `{"results": {"violations": []}}`, decode.ErrNotFormat},
		{"too deep", `{"results":` + strings.Repeat("[", 600) + strings.Repeat("]", 600) + `}`, decode.ErrTooDeep},
	}
	var d tfsec.Decoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := d.Decode(t.Context(), strings.NewReader(tt.input))
			require.Error(t, err)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
		})
	}
}
