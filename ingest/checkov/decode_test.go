package checkov_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/checkov"
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
		{"single report", string(read(t, "terraform-failed-and-skipped.json")), true},
		{"array of reports", string(read(t, "multiple-check-types.json")), true},
		{"bare summary", string(read(t, "nothing-scanned.json")), true},
		{"kics", `{"kics_version":"1.7","files_scanned":1,"queries":[]}`, false},
		{"tfsec", `{"results":[{"rule_id":"AVD-AWS-0086"}]}`, false},
		{"terrascan", `{"results":{"violations":[],"scan_summary":{}}}`, false},
		{"cfn_nag", `[{"filename":"a.yaml","file_results":{"failure_count":0,"violations":[]}}]`, false},
		{"sarif", `{"version":"2.1.0","runs":[]}`, false},
		{"xml", `<checkov/>`, false},
	}
	var d checkov.Decoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, d.Detect([]byte(tt.head)))
		})
	}
}

func TestDecodeFailedAndSkipped(t *testing.T) {
	var d checkov.Decoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "terraform-failed-and-skipped.json")))
	require.NoError(t, err)
	assert.Equal(t, aspm.Tool{Name: "Checkov", Version: "3.2.10"}, doc.Source.Tool)
	require.Len(t, doc.Findings, 3, "two failed checks and one skipped; the bad one is a diagnostic")

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindIaC, f.Kind)
	assert.Equal(t, "CKV_AWS_18", f.Rule)
	assert.Equal(t, "Ensure the S3 bucket has access logging enabled", f.Title)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, "HIGH", f.ToolSeverity)
	assert.Empty(t, f.Status)
	require.Len(t, f.Locations, 1)
	loc := f.Locations[0]
	assert.Equal(t, "/s3.tf", loc.File)
	assert.Equal(t, &aspm.Region{StartLine: 1, EndLine: 3}, loc.Region)
	assert.Equal(t, &aspm.Resource{Type: "aws_s3_bucket", Name: "aws_s3_bucket.logs"}, loc.Resource)
	assert.Contains(t, loc.Snippet, `bucket = "logs"`)
	assert.Equal(t, aspm.SnippetHash("resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n"), loc.SnippetHash)
	assert.Equal(t, []string{"https://docs.prismacloud.io/en/enterprise-edition/policy-reference/aws-policies/s3-policies/s3-13-enable-logging"}, f.References)
	assert.Equal(t, "BC_AWS_S3_13", f.Properties["bc_check_id"])
	assert.Equal(t, "checkov.terraform.checks.resource.aws.S3AccessLogs", f.Properties["check_class"])
	assert.Equal(t, `{"result":"FAILED","evaluated_keys":["logging"]}`, f.Properties["check_result"])
	assert.Equal(t, "terraform", f.Properties["check_type"])
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/results/failed_checks/0"}, f.Provenance)

	f = doc.Findings[1]
	assert.Equal(t, aspm.SeverityUnknown, f.Severity)
	assert.Equal(t, &aspm.Resource{Type: "aws_s3_bucket", Name: "module.store.aws_s3_bucket.data"}, f.Locations[0].Resource)
	assert.Empty(t, f.Locations[0].Snippet)

	f = doc.Findings[2]
	assert.Equal(t, aspm.StatusSuppressed, f.Status)
	assert.Equal(t, "CKV_AWS_21", f.Rule)
	assert.Equal(t, "/results/skipped_checks/0", f.Provenance.Pointer)
	assert.Equal(t, 2, f.Provenance.Index)

	require.Len(t, doc.Diagnostics, 2)
	assert.Equal(t, aspm.DiagError, doc.Diagnostics[0].Level)
	assert.Equal(t, "/results/failed_checks/2", doc.Diagnostics[0].Pointer)
	assert.Equal(t, aspm.DiagWarning, doc.Diagnostics[1].Level)
	assert.Contains(t, doc.Diagnostics[1].Message, "/broken.tf")
}

func TestDecodeMultipleCheckTypes(t *testing.T) {
	var d checkov.Decoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "multiple-check-types.json")))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 2)
	assert.Equal(t, "2.0.209", doc.Source.Tool.Version)

	cfn := doc.Findings[0]
	assert.Equal(t, &aspm.Resource{Type: "AWS::SQS::Queue", Name: "AWS::SQS::Queue.Queue"}, cfn.Locations[0].Resource)
	assert.Equal(t, "/0/results/failed_checks/0", cfn.Provenance.Pointer)

	docker := doc.Findings[1]
	assert.Equal(t, &aspm.Resource{Type: "Dockerfile", Name: "/app/Dockerfile."}, docker.Locations[0].Resource)
	assert.Nil(t, docker.Locations[0].Region, "line range [0,0] means the whole file")
	assert.Equal(t, "/1/results/failed_checks/0", docker.Provenance.Pointer)
	assert.Equal(t, 1, docker.Provenance.Index)
}

func TestDecodeNothingScanned(t *testing.T) {
	var d checkov.Decoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "nothing-scanned.json")))
	require.NoError(t, err)
	assert.Empty(t, doc.Findings)
	assert.Equal(t, "3.2.10", doc.Source.Tool.Version)
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		is    error
	}{
		{"truncated", string(read(t, "truncated.json")), nil},
		{"not an object", `"checkov"`, decode.ErrNotFormat},
		{"other object", `{"runs":[]}`, decode.ErrNotFormat},
		{"too deep", strings.Repeat("[", 600) + strings.Repeat("]", 600), decode.ErrTooDeep},
	}
	var d checkov.Decoder
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
