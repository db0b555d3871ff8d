package cyclonedx_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/export/cyclonedx"
	"github.com/posturekit/posture/export/exporttest"
	"github.com/posturekit/posture/internal/golden"
	"github.com/posturekit/posture/internal/testenv"
)

func encode(t *testing.T, e *cyclonedx.Encoder, r *aspm.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, e.Encode(t.Context(), &buf, r))
	return buf.Bytes()
}

var encoders = []struct {
	name string
	enc  cyclonedx.Encoder
}{
	{"decisions.cdx.json", cyclonedx.Encoder{}},
	{"all.cdx.json", cyclonedx.Encoder{IncludeOpen: true}},
}

func TestEncodeGolden(t *testing.T) {
	for _, tt := range encoders {
		t.Run(tt.name, func(t *testing.T) {
			golden.Assert(t, tt.name, encode(t, &tt.enc, exporttest.Result()))
		})
	}
}

func TestSchema(t *testing.T) {
	schema := filepath.Join(testenv.Schemas(t), "cyclonedx", "bom-1.6.schema.json")
	for name, r := range map[string]*aspm.Result{"fixture": exporttest.Result(), "hostile": exporttest.Hostile(), "empty": {}, "large": exporttest.Large(60)} {
		for _, tt := range encoders {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				exporttest.Validate(t, schema, encode(t, &tt.enc, r))
			})
		}
	}
}

type bom struct {
	SpecVersion     string `json:"specVersion"`
	Vulnerabilities []struct {
		ID       string `json:"id"`
		Analysis struct {
			State         string   `json:"state"`
			Justification string   `json:"justification"`
			Response      []string `json:"response"`
			Detail        string   `json:"detail"`
		} `json:"analysis"`
		Affects []struct{ Ref string } `json:"affects"`
	} `json:"vulnerabilities"`
}

func TestAnalysis(t *testing.T) {
	var b bom
	require.NoError(t, json.Unmarshal(encode(t, &cyclonedx.Encoder{}, exporttest.Result()), &b))
	assert.Equal(t, "1.6", b.SpecVersion)
	require.Len(t, b.Vulnerabilities, 1)
	v := b.Vulnerabilities[0]
	assert.Equal(t, "GHSA-35jh-r3h4-6jhm", v.ID)
	assert.Equal(t, "not_affected", v.Analysis.State)
	assert.Equal(t, "code_not_reachable", v.Analysis.Justification)
	assert.Equal(t, "pkg:npm/lodash@4.17.20", v.Affects[0].Ref)

	r := exporttest.Result()
	r.Issues[1].Triage = nil
	require.NoError(t, json.Unmarshal(encode(t, &cyclonedx.Encoder{}, r), &b))
	assert.Equal(t, "exploitable", b.Vulnerabilities[0].Analysis.State)
	assert.Equal(t, []string{"will_not_fix"}, b.Vulnerabilities[0].Analysis.Response)
}

func TestHostile(t *testing.T) {
	out := string(encode(t, &cyclonedx.Encoder{}, exporttest.Hostile()))
	assert.NotContains(t, out, "<script")
	assert.NotContains(t, out, "\\u001b")
	assert.NotContains(t, out, "\\r")
}

func TestEncodeErrors(t *testing.T) {
	assert.Error(t, (&cyclonedx.Encoder{}).Encode(t.Context(), &bytes.Buffer{}, nil))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	assert.ErrorIs(t, (&cyclonedx.Encoder{}).Encode(ctx, &bytes.Buffer{}, exporttest.Result()), context.Canceled)
}
