package cfnnag_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/cfnnag"
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
		{"scan report", string(read(t, "two-templates.json")), true},
		{"single template report", string(read(t, "single-template.json")), true},
		{"CloudFormation JSON template is input", string(read(t, "template-input.json")), false},
		{"CloudFormation YAML template is input", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n", false},
		{"hadolint", `[{"line":1,"code":"DL3008","message":"m","column":1,"file":"Dockerfile","level":"warning"}]`, false},
		{"checkov array", `[{"check_type":"terraform","results":{}}]`, false},
	}
	var d cfnnag.Decoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, d.Detect([]byte(tt.head)))
		})
	}
}

func TestDecode(t *testing.T) {
	var d cfnnag.Decoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "two-templates.json")))
	require.NoError(t, err)
	assert.Equal(t, "cfn_nag", doc.Source.Tool.Name)
	require.Len(t, doc.Findings, 3, "W48 on two resources, F3 on one")

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindIaC, f.Kind)
	assert.Equal(t, "W48", f.Rule)
	assert.Equal(t, "SqsQueueKmsMasterKeyIdRule", f.RuleName)
	assert.Equal(t, "SQS Queue should specify KmsMasterKeyId property", f.Title)
	assert.Equal(t, aspm.SeverityMedium, f.Severity)
	assert.Equal(t, "WARN", f.ToolSeverity)
	assert.Equal(t, []aspm.Location{{
		File:     "./templates/queue.yaml",
		Region:   &aspm.Region{StartLine: 5},
		Resource: &aspm.Resource{Name: "Queue", Provider: "aws"},
	}}, f.Locations)
	assert.Equal(t, map[string]string{"element_type": "resource"}, f.Properties)
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/0/file_results/violations/0"}, f.Provenance)

	f = doc.Findings[1]
	assert.Equal(t, "DeadLetterQueue", f.Locations[0].Resource.Name)
	assert.Equal(t, 12, f.Locations[0].Region.StartLine)
	assert.Equal(t, 1, f.Provenance.Index)

	f = doc.Findings[2]
	assert.Equal(t, "F3", f.Rule)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Nil(t, f.Locations[0].Region, "line -1 is unknown")
	assert.Nil(t, f.Properties)

	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, "/0/file_results/violations/2", doc.Diagnostics[0].Pointer)
}

func TestDecodeSingleTemplate(t *testing.T) {
	var d cfnnag.Decoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "single-template.json")))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1)
	assert.Equal(t, "Bucket", doc.Findings[0].Locations[0].Resource.Name)
	assert.Equal(t, "/violations/0", doc.Findings[0].Provenance.Pointer)
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		is    error
	}{
		{"truncated", string(read(t, "truncated.json")), nil},
		{"template", string(read(t, "template-input.json")), decode.ErrNotFormat},
		{"string", `"x"`, decode.ErrNotFormat},
		{"array of others", `[{"check_type": "x"}]`, decode.ErrNotFormat},
		{"too deep", strings.Repeat("[", 600) + strings.Repeat("]", 600), decode.ErrTooDeep},
	}
	var d cfnnag.Decoder
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
