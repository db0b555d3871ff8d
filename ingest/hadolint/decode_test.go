package hadolint_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/hadolint"
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
		{"report", string(read(t, "two-dockerfiles.json")), true},
		{"empty array", `[]`, false},
		{"cfn_nag", `[{"filename":"a.yaml","file_results":{}}]`, false},
		{"nuclei array", `[{"template-id":"x","info":{},"type":"http"}]`, false},
		{"object", `{"code":"DL3008","level":"warning","line":1,"file":"Dockerfile"}`, false},
	}
	var d hadolint.Decoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, d.Detect([]byte(tt.head)))
		})
	}
}

func TestDecode(t *testing.T) {
	var d hadolint.Decoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "two-dockerfiles.json")))
	require.NoError(t, err)
	assert.Equal(t, "Hadolint", doc.Source.Tool.Name)
	require.Len(t, doc.Findings, 4)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindIaC, f.Kind)
	assert.Equal(t, "DL3008", f.Rule)
	assert.True(t, strings.HasPrefix(f.Title, "Pin versions in apt get install."))
	assert.Equal(t, aspm.SeverityMedium, f.Severity)
	assert.Equal(t, "warning", f.ToolSeverity)
	assert.Equal(t, []aspm.Location{{
		File:     "docker/Dockerfile.web",
		Region:   &aspm.Region{StartLine: 9, StartColumn: 1},
		Resource: &aspm.Resource{Type: "Dockerfile", Name: "docker/Dockerfile.web"},
	}}, f.Locations)
	assert.Equal(t, []string{"https://github.com/hadolint/hadolint/wiki/DL3008"}, f.References)
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/0"}, f.Provenance)

	assert.Equal(t, aspm.SeverityInfo, doc.Findings[1].Severity)
	assert.Equal(t, []string{"https://www.shellcheck.net/wiki/SC2086"}, doc.Findings[1].References)
	assert.Equal(t, aspm.SeverityHigh, doc.Findings[2].Severity)
	assert.Equal(t, aspm.SeverityInfo, doc.Findings[3].Severity, "style")

	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, "/4", doc.Diagnostics[0].Pointer)
	assert.Equal(t, aspm.DiagError, doc.Diagnostics[0].Level)
}

func TestDecodeEmpty(t *testing.T) {
	var d hadolint.Decoder
	doc, err := d.Decode(t.Context(), strings.NewReader("[]"))
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
		{"object", `{"results": []}`, decode.ErrNotFormat},
		{"array of other objects", `[{"filename": "a", "file_results": {}}]`, decode.ErrNotFormat},
		{"too deep", strings.Repeat("[", 600) + strings.Repeat("]", 600), decode.ErrTooDeep},
	}
	var d hadolint.Decoder
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
