package pipaudit_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/pipaudit"
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
		{"object form", string(read(t, "new-two-vulns.json")), true},
		{"old list", string(read(t, "old-list.json")), true},
		{"skipped first", `[{"name":"x","skip_reason":"not on PyPI"}]`, true},
		{"no vulns anywhere", `{"dependencies":[]}`, false},
		{"empty array", `[]`, false},
		{"dependency-check", `{"reportSchema":"1.1","scanInfo":{},"dependencies":[{"vulnerabilities":[]}]}`, false},
		{"npm audit", `{"auditReportVersion":2,"vulnerabilities":{}}`, false},
		{"other array", `[{"name":"x","version":"1","severity":"high"}]`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, (&pipaudit.Decoder{}).Detect([]byte(tt.head)))
		})
	}
}

func TestDecode(t *testing.T) {
	doc, err := (&pipaudit.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "new-two-vulns.json")))
	require.NoError(t, err)
	assert.Equal(t, pipaudit.Format, doc.Source.Format)
	assert.Equal(t, "pip-audit", doc.Source.Tool.Name)
	require.Len(t, doc.Findings, 2)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSCA, f.Kind)
	assert.Equal(t, "PYSEC-2021-439", f.Rule)
	assert.Equal(t, "PYSEC-2021-439 in Django 3.2.9", f.Title)
	assert.Equal(t, aspm.SeverityUnknown, f.Severity)
	assert.Equal(t, []aspm.Vuln{{ID: "PYSEC-2021-439", Aliases: []string{"CVE-2021-44420", "GHSA-v6rh-hp5x-86rv"}}}, f.Vulns)
	require.NotNil(t, f.Component)
	assert.Equal(t, "pkg:pypi/django@3.2.9", f.Component.PURL.String())
	assert.Equal(t, "Django", f.Component.Name)
	assert.Equal(t, []string{"2.2.25", "3.1.14", "3.2.10"}, f.FixedVersions)
	assert.Equal(t, "3.2.10", f.Properties["fix_applied"])
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/dependencies/0/vulns/0"}, f.Provenance)

	g := doc.Findings[1]
	assert.Nil(t, g.FixedVersions)
	assert.Equal(t, "2024-01-02", g.Properties["published"])
	assert.Equal(t, 1, g.Provenance.Index)

	require.Len(t, doc.Components, 2, "every audited dependency with a version")
	assert.Equal(t, "pkg:pypi/requests@2.31.0", doc.Components[1].PURL.String())
	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, aspm.DiagInfo, doc.Diagnostics[0].Level)
	assert.Equal(t, "/dependencies/2", doc.Diagnostics[0].Pointer)
}

func TestDecodeOldList(t *testing.T) {
	doc, err := (&pipaudit.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "old-list.json")))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1)
	assert.Equal(t, "pkg:pypi/jinja2@2.10", doc.Findings[0].Component.PURL.String())
	assert.Equal(t, "/0/vulns/0", doc.Findings[0].Provenance.Pointer)
}

func TestDecodeBadRecord(t *testing.T) {
	doc, err := (&pipaudit.Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "bad-record.json")))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1)
	assert.Equal(t, []aspm.Vuln{{ID: "PYSEC-2018-66", Aliases: []string{"CVE-2018-1000656"}}}, doc.Findings[0].Vulns)
	require.Len(t, doc.Diagnostics, 3)
	for _, d := range doc.Diagnostics {
		assert.Equal(t, aspm.DiagError, d.Level)
	}
	assert.Equal(t, "/dependencies/0", doc.Diagnostics[0].Pointer)
	assert.Equal(t, "/dependencies/1/vulns/0", doc.Diagnostics[1].Pointer)
}

func TestDecodeErrors(t *testing.T) {
	d := &pipaudit.Decoder{}
	_, err := d.Decode(t.Context(), bytes.NewReader(read(t, "truncated.json")))
	assert.Error(t, err)
	_, err = d.Decode(t.Context(), bytes.NewReader([]byte(`{"runs":[]}`)))
	assert.ErrorIs(t, err, decode.ErrNotFormat)
	_, err = d.Decode(t.Context(), bytes.NewReader([]byte(`{"dependencies":{}}`)))
	assert.ErrorIs(t, err, decode.ErrNotFormat)

	doc, err := d.Decode(t.Context(), bytes.NewReader([]byte(`[]`)))
	require.NoError(t, err, "an empty result read with this decoder is no error")
	assert.Empty(t, doc.Findings)
}
