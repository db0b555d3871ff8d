package npmaudit_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/npmaudit"
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
		name   string
		head   string
		v6, v7 bool
	}{
		{"v6 fixture", string(read(t, "v6-two-versions.json")), true, false},
		{"v6 old advisory", string(read(t, "v6-nodesecurity.json")), true, false},
		{"v7 fixture", string(read(t, "v7-two-packages.json")), false, true},
		{"v6 cut inside actions", `{"actions":[{"action":"install","module":"a","target":"1.0.0","isMajor":false,"resolves":[{"id":1,"path":"a>b"`, true, false},
		{"registry answer", `{"advisories":{"1":{"module_name":"x","findings":[]}}}`, true, false},
		{"gitlab report", `{"version":"15.0.0","vulnerabilities":[],"remediations":[]}`, false, false},
		{"cyclonedx", `{"bomFormat":"CycloneDX","specVersion":"1.5","vulnerabilities":[]}`, false, false},
		{"pip-audit", `{"dependencies":[{"name":"x","version":"1","vulns":[]}]}`, false, false},
		{"snyk", `{"vulnerabilities":[],"ok":true,"advisories":3}`, false, false},
		{"array", `[{"advisories":{}}]`, false, false},
		{"npm error", `{"error":{"code":"ENOLOCK","summary":"no lockfile"}}`, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.v6, (&npmaudit.V6Decoder{}).Detect([]byte(tt.head)), "v6")
			assert.Equal(t, tt.v7, (&npmaudit.V7Decoder{}).Detect([]byte(tt.head)), "v7")
		})
	}
}

func TestDecodeV6(t *testing.T) {
	doc, err := (&npmaudit.V6Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "v6-two-versions.json")))
	require.NoError(t, err)
	assert.Equal(t, npmaudit.FormatV6, doc.Source.Format)
	assert.Equal(t, "npm audit", doc.Source.Tool.Name)
	assert.Empty(t, doc.Diagnostics)
	require.Len(t, doc.Findings, 2, "one finding per installed version")

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSCA, f.Kind)
	assert.Equal(t, "1001", f.Rule)
	assert.Equal(t, "Prototype Pollution in @acme/parser", f.Title)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, "high", f.ToolSeverity)
	assert.Equal(t, []int{915, 1321}, f.CWEs)
	assert.Equal(t, []aspm.Vuln{{ID: "GHSA-c2qf-rxjj-qqgw", Aliases: []string{"CVE-2021-1111", "CVE-2021-2222"}}}, f.Vulns)
	require.NotNil(t, f.Component)
	assert.Equal(t, "pkg:npm/%40acme/parser@1.2.0", f.Component.PURL.String())
	assert.Equal(t, aspm.ScopeDirect, f.Component.Scope)
	assert.Equal(t, []string{"1.4.2", "2.0.1"}, f.FixedVersions)
	assert.Equal(t, []aspm.CVSS{{Source: "ghsa", Version: "3.1", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", Score: 7.5}}, f.CVSS)
	assert.Equal(t, []string{
		"https://github.com/advisories/GHSA-c2qf-rxjj-qqgw",
		"https://github.com/acme/parser/issues/7",
		"https://github.com/acme/parser/pull/8",
	}, f.References)
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/advisories/1001/findings/0"}, f.Provenance)
	assert.Equal(t, `["@acme/parser","tool>@acme/parser"]`, f.Properties["dependency_paths"])
	assert.Equal(t, "<1.4.2 || >=2.0.0 <2.0.1", f.Properties["vulnerable_versions"])
	assert.Equal(t, "Upgrade to 1.4.2 or later", f.Properties["recommendation"])
	assert.Equal(t, `["install @acme/cli@2.0.0 (major)"]`, f.Properties["actions"])
	assert.NotContains(t, f.Properties, "metadata", "nulls are left out")
	assert.NotContains(t, f.Properties, "dev")

	g := doc.Findings[1]
	assert.Equal(t, "pkg:npm/%40acme/parser@1.4.1", g.Component.PURL.String())
	assert.Equal(t, aspm.ScopeTransitive, g.Component.Scope)
	assert.Equal(t, "true", g.Properties["dev"])
	assert.Equal(t, "/advisories/1001/findings/1", g.Provenance.Pointer)
	assert.Equal(t, 1, g.Provenance.Index)
}

func TestDecodeV6OldAdvisory(t *testing.T) {
	doc, err := (&npmaudit.V6Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "v6-nodesecurity.json")))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1)
	f := doc.Findings[0]
	assert.Nil(t, f.Vulns, "no GHSA and no CVE: the npm number is the rule, not a vulnerability id")
	assert.Equal(t, "48", f.Rule)
	assert.Equal(t, []int{400}, f.CWEs)
	assert.Equal(t, aspm.SeverityMedium, f.Severity)
	assert.Nil(t, f.FixedVersions, "<0.0.0 means no patch")
	assert.Equal(t, "pkg:npm/punycode@0.0.1", f.Component.PURL.String())
}

func TestDecodeV6BadRecord(t *testing.T) {
	doc, err := (&npmaudit.V6Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "v6-bad-advisory.json")))
	require.NoError(t, err)
	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, aspm.DiagError, doc.Diagnostics[0].Level)
	assert.Equal(t, "/advisories/7", doc.Diagnostics[0].Pointer)
	require.Len(t, doc.Findings, 1)
	assert.Equal(t, "9", doc.Findings[0].Rule)
	assert.Equal(t, []string{"3.0.1"}, doc.Findings[0].FixedVersions)
	assert.Equal(t, 0, doc.Findings[0].Provenance.Index)
}

func TestDecodeV7(t *testing.T) {
	doc, err := (&npmaudit.V7Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, "v7-two-packages.json")))
	require.NoError(t, err)
	assert.Equal(t, npmaudit.FormatV7, doc.Source.Format)
	require.Len(t, doc.Findings, 2, "advisories deduplicated by source; a package vulnerable only via another makes none")

	f := doc.Findings[0]
	assert.Equal(t, "1001", f.Rule)
	assert.Equal(t, []aspm.Vuln{{ID: "GHSA-c2qf-rxjj-qqgw"}}, f.Vulns)
	assert.Equal(t, []int{1321}, f.CWEs)
	assert.Equal(t, "pkg:npm/%40acme/parser", f.Component.PURL.String(), "npm 7 gives no installed version")
	assert.Empty(t, f.Component.Version)
	assert.Equal(t, aspm.ScopeTransitive, f.Component.Scope)
	assert.Equal(t, []string{"node_modules/@acme/parser", "node_modules/tool/node_modules/@acme/parser"}, f.Component.Paths)
	assert.Equal(t, []string{"1.4.2", "2.0.1"}, f.FixedVersions)
	require.Len(t, f.CVSS, 1)
	assert.Equal(t, "3.1", f.CVSS[0].Version)
	assert.Equal(t, "/vulnerabilities/@acme~1parser/via/0", f.Provenance.Pointer)
	assert.Equal(t, "<=1.4.1", f.Properties["range"])
	assert.Equal(t, `["@acme/cli"]`, f.Properties["effects"])
	assert.Equal(t, `["minimist"]`, f.Properties["via"])
	assert.Equal(t, `{"name":"@acme/cli","version":"2.0.0","isSemVerMajor":true}`, f.Properties["fix_available"])

	g := doc.Findings[1]
	assert.Equal(t, "1002", g.Rule)
	assert.Equal(t, aspm.SeverityMedium, g.Severity)
	assert.Nil(t, g.CVSS, "a zero score without a vector is no score")
	assert.Nil(t, g.FixedVersions, "<=1.0.0 names no fixed version")
	assert.Equal(t, 1, g.Provenance.Index)
}

func TestDecodeErrors(t *testing.T) {
	v6, v7 := &npmaudit.V6Decoder{}, &npmaudit.V7Decoder{}
	_, err := v6.Decode(t.Context(), bytes.NewReader(read(t, "truncated.json")))
	assert.Error(t, err)
	_, err = v7.Decode(t.Context(), bytes.NewReader(read(t, "truncated.json")))
	assert.Error(t, err)

	_, err = v7.Decode(t.Context(), bytes.NewReader(read(t, "v7-version-3.json")))
	assert.ErrorIs(t, err, decode.ErrUnsupported)

	_, err = v6.Decode(t.Context(), bytes.NewReader(read(t, "v7-two-packages.json")))
	assert.ErrorIs(t, err, decode.ErrNotFormat)
	_, err = v7.Decode(t.Context(), bytes.NewReader(read(t, "v6-two-versions.json")))
	assert.ErrorIs(t, err, decode.ErrNotFormat)
	_, err = v6.Decode(t.Context(), bytes.NewReader([]byte(`{"runs":[]}`)))
	assert.ErrorIs(t, err, decode.ErrNotFormat)
	_, err = v6.Decode(t.Context(), bytes.NewReader([]byte(`{"advisories":[]}`)))
	assert.ErrorIs(t, err, decode.ErrNotFormat)
	_, err = v7.Decode(t.Context(), bytes.NewReader([]byte(`[1,2]`)))
	assert.Error(t, err)
}

func TestDecodeDeterministic(t *testing.T) {
	for _, name := range []string{"v6-two-versions.json", "v6-bad-advisory.json"} {
		a, err := (&npmaudit.V6Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, name)))
		require.NoError(t, err)
		for range 5 {
			b, err := (&npmaudit.V6Decoder{}).Decode(t.Context(), bytes.NewReader(read(t, name)))
			require.NoError(t, err)
			assert.Equal(t, a, b)
		}
	}
}
