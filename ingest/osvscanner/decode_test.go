package osvscanner_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/osvscanner"
	"github.com/posturekit/posture/internal/decode"
)

func decodeFile(t *testing.T, name string) (*aspm.Document, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return new(osvscanner.Decoder).Decode(t.Context(), bytes.NewReader(data))
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"osv-scanner", `{"results":[{"source":{"path":"go.mod","type":"lockfile"},"packages":[]}]}`, true},
		{"packages first", `{"results":[{"packages":[],"source":{}}]}`, true},
		{"empty results with config", `{"results":[],"experimental_config":{}}`, true},
		{"empty results alone", `{"results":[]}`, false},
		{"semgrep", `{"errors":[],"results":[{"check_id":"x","path":"a.py"}],"paths":{}}`, false},
		{"semgrep results first", `{"results":[{"check_id":"x","path":"a.py","extra":{"source":"packages"}}]}`, false},
		{"bandit", `{"errors":[],"generated_at":"x","metrics":{},"results":[]}`, false},
		{"trivy", `{"SchemaVersion":2,"Results":[{"Target":"x"}]}`, false},
		{"array", `[{"results":[]}]`, false},
		{"cut head", `{"results":[{"source":{"path":"go.m`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, new(osvscanner.Decoder).Detect([]byte(tt.head)))
		})
	}
	for _, name := range []string{"lockfile-grouped.json", "image-docker.json", "no-groups-go.json", "bad-record.json", "empty-results.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		require.NoError(t, err)
		assert.True(t, new(osvscanner.Decoder).Detect(data), name)
	}
}

func TestDecodeLockfileGrouped(t *testing.T) {
	doc, err := decodeFile(t, "lockfile-grouped.json")
	require.NoError(t, err)
	assert.Equal(t, osvscanner.Format, doc.Source.Format)
	assert.Equal(t, "osv-scanner", doc.Source.Tool.Name)
	assert.Empty(t, doc.Diagnostics)
	require.Len(t, doc.Findings, 3)

	lodash := doc.Findings[0]
	assert.Equal(t, aspm.KindSCA, lodash.Kind)
	assert.Equal(t, "GHSA-35jh-r3h4-6jhm", lodash.Rule)
	assert.Equal(t, "Command Injection in lodash", lodash.Title)
	require.Len(t, lodash.Vulns, 1)
	assert.Equal(t, "GHSA-35jh-r3h4-6jhm", lodash.Vulns[0].ID)
	assert.Equal(t, []string{"CVE-2021-23337"}, lodash.Vulns[0].Aliases)
	assert.Equal(t, []string{"CVE-2020-28500"}, lodash.Vulns[0].Related)
	require.NotNil(t, lodash.Component)
	assert.Equal(t, "pkg:npm/lodash@4.17.20", lodash.Component.PURL.String())
	assert.Equal(t, []string{"web/package-lock.json"}, lodash.Component.Paths)
	assert.Equal(t, []aspm.Location{{File: "web/package-lock.json"}}, lodash.Locations)
	assert.Equal(t, []string{"4.17.21"}, lodash.FixedVersions, "only the affected entry of this package")
	assert.Equal(t, aspm.SeverityHigh, lodash.Severity)
	assert.Equal(t, "7.2", lodash.ToolSeverity)
	assert.Equal(t, []int{77, 94}, lodash.CWEs)
	assert.Equal(t, []aspm.CVSS{
		{Source: "osv", Version: "3.1", Vector: "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H"},
		{Source: "osv", Version: "2.0", Vector: "AV:N/AC:L/Au:S/C:P/I:P/A:P"},
	}, lodash.CVSS)
	assert.Len(t, lodash.References, 2)
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/results/0/packages/0/groups/0"}, lodash.Provenance)
	assert.Equal(t, "lockfile", lodash.Properties["source_type"])
	assert.Equal(t, `["prod"]`, lodash.Properties["dependency_groups"])
	assert.Equal(t, "2021-05-06T16:05:51Z", lodash.Properties["osv_published"])

	lic := doc.Findings[1]
	assert.Equal(t, aspm.KindLicense, lic.Kind)
	assert.Equal(t, "WTFPL", lic.Rule)
	assert.Equal(t, "pkg:npm/left-pad@1.3.0", lic.Component.PURL.String())
	assert.Equal(t, "/results/0/packages/1/license_violations/0", lic.Provenance.Pointer)

	jinja := doc.Findings[2]
	assert.Equal(t, "pkg:pypi/jinja2@2.11.2", jinja.Component.PURL.String())
	assert.Equal(t, []string{"2.11.3"}, jinja.FixedVersions, "PyPI names match case-insensitively")
	assert.Equal(t, []string{"CVE-2020-28493", "GHSA-g3rq-g295-4j3m"}, jinja.Vulns[0].Aliases)
	assert.Equal(t, aspm.SeverityMedium, jinja.Severity, "from the numeric CVSS score")
	assert.Equal(t, "This affects the package jinja2 from 0.0.0 and before 2.11.3.", jinja.Title)
	assert.Equal(t, 2, jinja.Provenance.Index)
}

func TestDecodeImage(t *testing.T) {
	doc, err := decodeFile(t, "image-docker.json")
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1)
	f := doc.Findings[0]
	assert.Equal(t, aspm.KindContainer, f.Kind)
	assert.Equal(t, "pkg:deb/debian/openssl@1.1.1n-0%2Bdeb11u3?distro=debian-11", f.Component.PURL.String())
	assert.Equal(t, []aspm.Location{{Image: "debian:11", Layer: "sha256:abc"}}, f.Locations)
	assert.Equal(t, aspm.SeverityUnknown, f.Severity, "vectors only: the scoring stage computes them")
	assert.Equal(t, []string{"CVE-2023-0286"}, f.Vulns[0].Related)
	assert.Equal(t, []string{"1.1.1n-0+deb11u4"}, f.FixedVersions)
	require.NotNil(t, f.Reachability)
	assert.Equal(t, aspm.ReachUnreachable, f.Reachability.Level)
	assert.Equal(t, "true", f.Properties["unimportant"])
	require.NotNil(t, doc.Source.Target)
	assert.Equal(t, aspm.TargetImage, doc.Source.Target.Kind)
}

func TestDecodeWithoutGroups(t *testing.T) {
	doc, err := decodeFile(t, "no-groups-go.json")
	require.NoError(t, err)
	require.Len(t, doc.Findings, 2)
	assert.Equal(t, "pkg:golang/golang.org/x/text@0.3.5", doc.Findings[0].Component.PURL.String())
	assert.Equal(t, []string{"0.3.7"}, doc.Findings[0].FixedVersions)
	assert.Equal(t, "/results/0/packages/0/vulnerabilities/1", doc.Findings[1].Provenance.Pointer)
	assert.Equal(t, aspm.SeverityMedium, doc.Findings[1].Severity)
	assert.Equal(t, "MODERATE", doc.Findings[1].ToolSeverity)
}

func TestDecodeBadRecords(t *testing.T) {
	doc, err := decodeFile(t, "bad-record.json")
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1)
	assert.Equal(t, "RUSTSEC-2021-0003", doc.Findings[0].Rule)
	assert.Equal(t, aspm.SeverityCritical, doc.Findings[0].Severity)
	assert.Equal(t, "pkg:cargo/smallvec@1.6.0", doc.Findings[0].Component.PURL.String())
	var pointers []string
	for _, d := range doc.Diagnostics {
		pointers = append(pointers, d.Pointer)
	}
	assert.Equal(t, []string{
		"/results/0/packages/0",
		"/results/0/packages/1",
		"/results/0/packages/2/groups/0",
		"/results/1",
	}, pointers)
}

func TestDecodeEmptyResults(t *testing.T) {
	doc, err := decodeFile(t, "empty-results.json")
	require.NoError(t, err)
	assert.Empty(t, doc.Findings)
}

func TestDecodeErrors(t *testing.T) {
	_, err := decodeFile(t, "truncated.json")
	require.Error(t, err)

	for _, in := range []string{`{"runs":[]}`, `["a"]`, `{"results":{}}`} {
		_, err := new(osvscanner.Decoder).Decode(t.Context(), bytes.NewReader([]byte(in)))
		assert.ErrorIs(t, err, decode.ErrNotFormat, in)
	}
}

func TestDecodeRecordLimit(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "lockfile-grouped.json"))
	require.NoError(t, err)
	ctx := decode.WithLimits(t.Context(), decode.Limits{MaxRecords: 1})
	_, err = new(osvscanner.Decoder).Decode(ctx, bytes.NewReader(data))
	assert.ErrorIs(t, err, decode.ErrTooManyRecords)
}

func TestDecodeDeterministic(t *testing.T) {
	a, err := decodeFile(t, "lockfile-grouped.json")
	require.NoError(t, err)
	b, err := decodeFile(t, "lockfile-grouped.json")
	require.NoError(t, err)
	assert.Equal(t, a, b)
}
