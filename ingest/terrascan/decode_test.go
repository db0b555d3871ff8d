package terrascan_test

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
	"github.com/posturekit/posture/ingest/terrascan"
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
		{"violations", string(read(t, "two-violations-one-skipped.json")), true},
		{"none", string(read(t, "no-violations.json")), true},
		{"tfsec", `{"results":null}`, false},
		{"tfsec results", `{"results":[{"rule_id":"x","location":{}}]}`, false},
		{"other results object", `{"results":{"items":[]}}`, false},
		{"two members", `{"results":{"violations":[]},"errors":[]}`, false},
	}
	var d terrascan.Decoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, d.Detect([]byte(tt.head)))
		})
	}
}

func TestDecode(t *testing.T) {
	var d terrascan.Decoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "two-violations-one-skipped.json")))
	require.NoError(t, err)
	assert.Equal(t, "Terrascan", doc.Source.Tool.Name)
	assert.Equal(t, &aspm.Target{Kind: aspm.TargetRepository, Name: "/src/infra"}, doc.Source.Target)
	assert.Equal(t, time.Date(2021, 5, 19, 13, 17, 4, 67888000, time.UTC), doc.Source.ScanTime)
	require.Len(t, doc.Findings, 3)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindIaC, f.Kind)
	assert.Equal(t, "accurics.gcp.NS.109", f.Rule)
	assert.Equal(t, "gkeControlPlaneNotPublic", f.RuleName)
	assert.Equal(t, "Ensure GKE Control Plane is not public.", f.Title)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, []aspm.Location{{
		File:     "gke/cluster.tf",
		Region:   &aspm.Region{StartLine: 52},
		Resource: &aspm.Resource{Type: "google_container_cluster", Name: "k8s_cluster"},
	}}, f.Locations)
	assert.Equal(t, map[string]string{"category": "Infrastructure Security", "module_name": "root", "plan_root": "./"}, f.Properties)
	assert.Equal(t, "/results/violations/0", f.Provenance.Pointer)

	f = doc.Findings[2]
	assert.Equal(t, aspm.StatusSuppressed, f.Status)
	assert.Equal(t, "dev database, SSL terminates at the proxy", f.Properties["skip_comment"])
	assert.Equal(t, "/results/skipped_violations/0", f.Provenance.Pointer)
	assert.Equal(t, 2, f.Provenance.Index)

	require.Len(t, doc.Diagnostics, 2)
	assert.Equal(t, aspm.DiagWarning, doc.Diagnostics[0].Level)
	assert.Contains(t, doc.Diagnostics[0].Message, "no helm charts")
	assert.Equal(t, aspm.DiagError, doc.Diagnostics[1].Level)
	assert.Equal(t, "/results/violations/2", doc.Diagnostics[1].Pointer)
}

func TestDecodeNoViolations(t *testing.T) {
	var d terrascan.Decoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "no-violations.json")))
	require.NoError(t, err)
	assert.Empty(t, doc.Findings)
	assert.Equal(t, time.Date(2021, 5, 19, 11, 17, 4, 67888000, time.UTC), doc.Source.ScanTime)
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		is    error
	}{
		{"truncated", string(read(t, "truncated.json")), nil},
		{"array", `[]`, decode.ErrNotFormat},
		{"no results", `{"violations": []}`, decode.ErrNotFormat},
		{"results is an array", `{"results": []}`, decode.ErrNotFormat},
		{"too deep", `{"results":` + strings.Repeat("[", 600) + strings.Repeat("]", 600) + `}`, decode.ErrTooDeep},
	}
	var d terrascan.Decoder
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
