package kics_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/kics"
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
		{"current", string(read(t, "terraform-three-matches.json")), true},
		{"legacy without version", string(read(t, "no-findings-legacy.json")), true},
		{"checkov", `{"check_type":"terraform","results":{}}`, false},
		{"tfsec", `{"results":null}`, false},
		{"semgrep", `{"results":[],"errors":[]}`, false},
		{"array", `[{"queries":[]}]`, false},
	}
	var d kics.Decoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, d.Detect([]byte(tt.head)))
		})
	}
}

func TestDecode(t *testing.T) {
	var d kics.Decoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "terraform-three-matches.json")))
	require.NoError(t, err)
	assert.Equal(t, aspm.Tool{Name: "KICS", Version: "1.7.13"}, doc.Source.Tool)
	assert.Equal(t, time.Date(2024, 3, 1, 9, 0, 0, 123456000, time.UTC), doc.Source.ScanTime)
	require.Len(t, doc.Findings, 3)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindIaC, f.Kind)
	assert.Equal(t, "568a4d22-3517-44a6-a7ad-6a7eed88722c", f.Rule)
	assert.Equal(t, "S3 Bucket Without Versioning", f.Title)
	assert.Equal(t, "S3 bucket should have versioning enabled", f.Description)
	assert.Equal(t, aspm.SeverityMedium, f.Severity)
	assert.Equal(t, "MEDIUM", f.ToolSeverity)
	assert.Equal(t, []int{710}, f.CWEs)
	assert.Equal(t, map[string]string{kics.FingerprintSimilarityID: "9a4a3b1e4cd2ab5b0bd5f1b6c0a25d7d"}, f.Fingerprints)
	require.Len(t, f.Locations, 1)
	assert.Equal(t, aspm.Location{
		File:     "infra/s3.tf",
		Region:   &aspm.Region{StartLine: 4},
		Logical:  "aws_s3_bucket[logs]",
		Resource: &aspm.Resource{Type: "aws_s3_bucket", Name: "logs", Provider: "aws"},
	}, f.Locations[0])
	assert.Equal(t, "Terraform", f.Properties["platform"])
	assert.Equal(t, "MissingAttribute", f.Properties["issue_type"])
	assert.Equal(t, "'versioning' should be true", f.Properties["expected_value"])
	assert.Equal(t, "/queries/0/files/0", f.Provenance.Pointer)

	assert.Equal(t, "infra/data.tf", doc.Findings[1].Locations[0].File, "backslashes become slashes")

	f = doc.Findings[2]
	assert.Equal(t, []int{798}, f.CWEs)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Nil(t, f.Locations[0].Resource)
	assert.Equal(t, 2, f.Provenance.Index)
	assert.Equal(t, "/queries/1/files/0", f.Provenance.Pointer)

	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, "/queries/0/files/2", doc.Diagnostics[0].Pointer)
	assert.Equal(t, aspm.DiagError, doc.Diagnostics[0].Level)
}

func TestDecodeNoFindings(t *testing.T) {
	var d kics.Decoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "no-findings-legacy.json")))
	require.NoError(t, err)
	assert.Empty(t, doc.Findings)
	assert.Empty(t, doc.Source.Tool.Version)
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		is    error
	}{
		{"truncated", string(read(t, "truncated.json")), nil},
		{"array", `[1, 2]`, decode.ErrNotFormat},
		{"no queries", `{"files_scanned": 1}`, decode.ErrNotFormat},
		{"too deep", `{"queries":` + strings.Repeat("[", 600) + strings.Repeat("]", 600) + `}`, decode.ErrTooDeep},
	}
	var d kics.Decoder
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
