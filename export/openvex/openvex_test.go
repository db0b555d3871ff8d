package openvex_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/export/exporttest"
	"github.com/posturekit/posture/export/openvex"
	"github.com/posturekit/posture/internal/golden"
	"github.com/posturekit/posture/internal/testenv"
)

func encode(t *testing.T, e *openvex.Encoder, r *aspm.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, e.Encode(t.Context(), &buf, r))
	return buf.Bytes()
}

var encoders = []struct {
	name string
	enc  openvex.Encoder
}{
	{"decisions.openvex.json", openvex.Encoder{}},
	{"all.openvex.json", openvex.Encoder{IncludeOpen: true, Author: "security@example.com", ID: "https://example.com/vex/1"}},
}

func TestEncodeGolden(t *testing.T) {
	for _, tt := range encoders {
		t.Run(tt.name, func(t *testing.T) {
			golden.Assert(t, tt.name, encode(t, &tt.enc, exporttest.Result()))
		})
	}
}

func TestSchema(t *testing.T) {
	schema := filepath.Join(testenv.Schemas(t), "openvex_json_schema.json")
	for name, r := range map[string]*aspm.Result{"fixture": exporttest.Result(), "hostile": exporttest.Hostile(), "large": exporttest.Large(60)} {
		for _, tt := range encoders {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				exporttest.Validate(t, schema, encode(t, &tt.enc, r))
			})
		}
	}
}

type doc struct {
	Statements []struct {
		Vulnerability struct {
			Name    string
			Aliases []string
		}
		Products []struct {
			ID string `json:"@id"`
		}
		Status          string
		Justification   string
		ImpactStatement string `json:"impact_statement"`
		ActionStatement string `json:"action_statement"`
	}
}

func TestStatements(t *testing.T) {
	var d doc
	require.NoError(t, json.Unmarshal(encode(t, &openvex.Encoder{}, exporttest.Result()), &d))
	require.Len(t, d.Statements, 1, "only the triaged lodash issue has a decision")
	st := d.Statements[0]
	assert.Equal(t, "GHSA-35jh-r3h4-6jhm", st.Vulnerability.Name)
	assert.Equal(t, []string{"CVE-2021-23337"}, st.Vulnerability.Aliases)
	assert.Equal(t, "pkg:npm/lodash@4.17.20", st.Products[0].ID)
	assert.Equal(t, "not_affected", st.Status)
	assert.Equal(t, "vulnerable_code_not_in_execute_path", st.Justification)

	require.NoError(t, json.Unmarshal(encode(t, &openvex.Encoder{IncludeOpen: true}, exporttest.Result()), &d))
	require.Len(t, d.Statements, 2)
	assert.Equal(t, "affected", d.Statements[0].Status)
	assert.Equal(t, "Upgrade log4j-core to 2.17.1", d.Statements[0].ActionStatement)
}

func TestExceptionWithoutTriage(t *testing.T) {
	r := exporttest.Result()
	r.Issues[1].Triage = nil
	var d doc
	require.NoError(t, json.Unmarshal(encode(t, &openvex.Encoder{}, r), &d))
	require.Len(t, d.Statements, 1)
	assert.Equal(t, "affected", d.Statements[0].Status)
	assert.Equal(t, "Excepted by policy: no-high-in-prod (EXC-12): excepted until 2027-01-31", d.Statements[0].ActionStatement)
}

func TestHostile(t *testing.T) {
	out := string(encode(t, &openvex.Encoder{}, exporttest.Hostile()))
	assert.NotContains(t, out, "<script")
	assert.NotContains(t, out, "\\u001b")
	assert.NotContains(t, out, "\\r")
}

func TestEncodeErrors(t *testing.T) {
	var buf bytes.Buffer
	assert.ErrorIs(t, (&openvex.Encoder{}).Encode(t.Context(), &buf, &aspm.Result{}), openvex.ErrNoStatements)
	assert.Zero(t, buf.Len())
	assert.Error(t, (&openvex.Encoder{}).Encode(t.Context(), &bytes.Buffer{}, nil))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	assert.ErrorIs(t, (&openvex.Encoder{}).Encode(ctx, &bytes.Buffer{}, exporttest.Result()), context.Canceled)
}
