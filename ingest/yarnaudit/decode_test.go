package yarnaudit_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/yarnaudit"
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
		{"classic", string(read(t, "classic-two-versions.jsonl")), true},
		{"classic advisory first", string(read(t, "classic-bad-record.jsonl")), true},
		{"berry", string(read(t, "berry.jsonl")), true},
		{"failed audit", string(read(t, "error-only.jsonl")), true},
		{"yarn install log", `{"type":"warning","data":"package.json: No license field"}` + "\n" + `{"type":"success","data":"Saved lockfile."}`, false},
		{"npm v6 report", `{"actions":[],"advisories":{},"muted":[],"metadata":{}}`, false},
		{"other NDJSON", `{"type":"finding","data":{"rule":"x"}}`, false},
		{"three keys", `{"type":"auditAdvisory","data":{},"extra":1}`, false},
		{"array", `[{"type":"auditAdvisory","data":{}}]`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, (&yarnaudit.Decoder{}).Detect([]byte(tt.head)))
		})
	}
}

func TestDecodeClassic(t *testing.T) {
	doc, err := (&yarnaudit.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "classic-two-versions.jsonl")))
	require.NoError(t, err)
	assert.Equal(t, yarnaudit.Format, doc.Source.Format)
	assert.Equal(t, "yarn audit", doc.Source.Tool.Name)
	require.Len(t, doc.Findings, 3, "one finding per advisory and installed version, not per resolution line")

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSCA, f.Kind)
	assert.Equal(t, "1028029", f.Rule)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, []aspm.Vuln{{ID: "GHSA-r683-j2x4-v87g", Aliases: []string{"CVE-2022-0235"}}}, f.Vulns)
	assert.Equal(t, []int{173, 200}, f.CWEs)
	assert.Equal(t, "pkg:npm/node-fetch@2.6.5", f.Component.PURL.String())
	assert.Equal(t, aspm.ScopeTransitive, f.Component.Scope)
	assert.Equal(t, []string{"2.6.7"}, f.FixedVersions)
	require.Len(t, f.CVSS, 1)
	assert.Equal(t, "3.0", f.CVSS[0].Version)
	assert.Equal(t, `["app>node-fetch","lib>node-fetch"]`, f.Properties["dependency_paths"])
	assert.NotContains(t, f.Properties, "dev", "one of its resolutions is not a dev dependency")
	assert.Equal(t, "/1/data/advisory/findings/0", f.Provenance.Pointer)
	assert.Contains(t, f.References, "https://nvd.nist.gov/vuln/detail/CVE-2022-0235")

	g := doc.Findings[1]
	assert.Equal(t, "pkg:npm/node-fetch@1.7.3", g.Component.PURL.String())
	assert.Equal(t, "true", g.Properties["dev"])
	assert.Equal(t, 1, g.Provenance.Index)

	h := doc.Findings[2]
	assert.Equal(t, []aspm.Vuln{{ID: "CVE-2021-3803"}}, h.Vulns)
	assert.Equal(t, aspm.ScopeDirect, h.Component.Scope)
	assert.Equal(t, []int{1333}, h.CWEs)
	assert.Equal(t, aspm.SeverityMedium, h.Severity)

	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, aspm.DiagInfo, doc.Diagnostics[0].Level)
}

func TestDecodeBerry(t *testing.T) {
	doc, err := (&yarnaudit.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "berry.jsonl")))
	require.NoError(t, err)
	assert.Equal(t, "yarn npm audit", doc.Source.Tool.Name)
	require.Len(t, doc.Findings, 3, "one finding per record and tree version")

	dep := doc.Findings[0]
	assert.Equal(t, "@babel/plugin-proposal-class-properties (deprecation)", dep.Rule)
	assert.Equal(t, "true", dep.Properties["deprecation"])
	assert.Nil(t, dep.Vulns)
	assert.Equal(t, "pkg:npm/%40babel/plugin-proposal-class-properties@7.18.6", dep.Component.PURL.String())

	f := doc.Findings[1]
	assert.Equal(t, "1101088", f.Rule)
	assert.Equal(t, []aspm.Vuln{{ID: "GHSA-c2qf-rxjj-qqgw"}}, f.Vulns)
	assert.Equal(t, "pkg:npm/semver@6.3.0", f.Component.PURL.String())
	assert.Equal(t, []string{"6.3.1", "7.5.2"}, f.FixedVersions)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, `["app@workspace:.","lib@npm:1.0.0"]`, f.Properties["dependents"])
	assert.Equal(t, "/1/children/Tree Versions/0", f.Provenance.Pointer)
	assert.Equal(t, "pkg:npm/semver@7.5.1", doc.Findings[2].Component.PURL.String())
	assert.Equal(t, 2, doc.Findings[2].Provenance.Index)
}

func TestDecodeBadRecord(t *testing.T) {
	doc, err := (&yarnaudit.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "classic-bad-record.jsonl")))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1)
	assert.Equal(t, "2", doc.Findings[0].Rule)
	var levels []aspm.DiagnosticLevel
	for _, d := range doc.Diagnostics {
		levels = append(levels, d.Level)
	}
	assert.Equal(t, []aspm.DiagnosticLevel{aspm.DiagError, aspm.DiagInfo, aspm.DiagError}, levels)
	assert.Equal(t, "/0", doc.Diagnostics[0].Pointer)
}

func TestDecodeErrors(t *testing.T) {
	d := &yarnaudit.Decoder{}
	_, err := d.Decode(t.Context(), bytes.NewReader(read(t, "truncated.jsonl")))
	var se *decode.SyntaxError
	require.ErrorAs(t, err, &se)
	assert.Greater(t, se.Offset, int64(40), "the offset counts from the start of the input")

	_, err = d.Decode(t.Context(), bytes.NewReader(read(t, "error-only.jsonl")))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "did not run")
	assert.NotErrorIs(t, err, decode.ErrNotFormat)

	_, err = d.Decode(t.Context(), bytes.NewReader([]byte(`{"actions":[],"advisories":{}}`)))
	assert.ErrorIs(t, err, decode.ErrNotFormat)
	_, err = d.Decode(t.Context(), bytes.NewReader([]byte(`[1,2,3]`)))
	assert.ErrorIs(t, err, decode.ErrNotFormat)
	_, err = d.Decode(t.Context(), bytes.NewReader([]byte(`{"type":"success","data":"done"}`)))
	assert.ErrorIs(t, err, decode.ErrNotFormat)
}
