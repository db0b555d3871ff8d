package grype_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/grype"
	"github.com/posturekit/posture/internal/decode"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func decodeFixture(t *testing.T, name string) *aspm.Document {
	t.Helper()
	var d grype.Decoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(readFixture(t, name)))
	require.NoError(t, err)
	require.NotNil(t, doc)
	return doc
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"image report", string(readFixture(t, "image-matches.json")), true},
		{"directory report", string(readFixture(t, "directory-advisory.json")), true},
		{"grype 0.7", string(readFixture(t, "legacy-0.7.json")), true},
		{"matches only", `{"matches": [{"vulnerability": {"id": "GHSA-x"}, "relatedVulnerabilities": [], "artifact": {"name": "x"}}]}`, true},
		{"other matches", `{"matches": [{"rule": "x", "file": "y"}]}`, false},
		{"trivy", `{"SchemaVersion": 2, "ArtifactName": "x", "Results": []}`, false},
		{"snyk", `{"vulnerabilities": [], "ok": true, "packageManager": "npm"}`, false},
		{"array", `[{"matches": [], "source": {}}]`, false},
	}
	var d grype.Decoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, d.Detect([]byte(tt.head)))
		})
	}
}

func TestDecodeImage(t *testing.T) {
	doc := decodeFixture(t, "image-matches.json")
	assert.Equal(t, grype.Format, doc.Source.Format)
	assert.Equal(t, aspm.Tool{Name: "Grype", Version: "0.79.0", Vendor: "Anchore"}, doc.Source.Tool)
	assert.Equal(t, &aspm.Target{Kind: aspm.TargetImage, Name: "example/app:1.0", Digest: "sha256:3333", OS: "debian 12"}, doc.Source.Target)
	assert.Equal(t, "2024-06-02T08:00:00Z", doc.Source.ScanTime.Format("2006-01-02T15:04:05Z07:00"))
	assert.Empty(t, doc.Diagnostics)
	require.Len(t, doc.Findings, 3)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindContainer, f.Kind)
	assert.Equal(t, "CVE-2023-4911", f.Rule)
	assert.Equal(t, "CVE-2023-4911 in libc6 2.36-9+deb12u1", f.Title)
	assert.Equal(t, "A buffer overflow was discovered in the GNU C Library's dynamic loader ld.so.", f.Description, "the related vulnerability's description")
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, []aspm.Vuln{{ID: "CVE-2023-4911", Related: []string{"DSA-5514-1"}}}, f.Vulns, "the NVD record of the same CVE adds no alias")
	assert.Equal(t, []int{787}, f.CWEs)
	assert.Equal(t, []string{"2.36-9+deb12u3"}, f.FixedVersions)
	assert.Equal(t, []aspm.CVSS{
		{Source: "nvd", Version: "3.1", Vector: "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", Score: 7.8},
		{Source: "redhat", Version: "3.1", Vector: "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", Score: 7.8},
	}, f.CVSS)
	require.NotNil(t, f.Component)
	assert.Equal(t, "pkg:deb/debian/libc6@2.36-9%2Bdeb12u1?arch=amd64&distro=debian-12", f.Component.PURL.String())
	assert.Equal(t, []string{"GPL-2", "LGPL-2.1"}, f.Component.Licenses)
	assert.Equal(t, "cpe:2.3:a:libc6:libc6:2.36-9+deb12u1:*:*:*:*:*:*:*", f.Component.CPE)
	assert.Equal(t, []string{"/var/lib/dpkg/status", "/usr/share/doc/libc6/copyright"}, f.Component.Paths)
	assert.Equal(t, []aspm.Location{
		{File: "/var/lib/dpkg/status", Image: "example/app:1.0", Layer: "sha256:aaaa"},
		{File: "/usr/share/doc/libc6/copyright", Image: "example/app:1.0", Layer: "sha256:bbbb"},
	}, f.Locations)
	assert.Contains(t, f.References, "https://security-tracker.debian.org/tracker/DSA-5514-1")
	assert.Equal(t, "0.7", f.Properties["epss"])
	assert.Equal(t, "0.98", f.Properties["epss_percentile"])
	assert.Equal(t, "true", f.Properties["kev"])
	assert.Equal(t, "fixed", f.Properties["fix.state"])
	assert.Equal(t, "62.5", f.Properties["risk"])
	assert.Equal(t, "debian:distro:debian:12", f.Properties["namespace"])
	assert.Equal(t, `[{"name":"glibc"}]`, f.Properties["artifact.upstreams"])
	assert.Contains(t, f.Properties["matchDetails"], "dpkg-matcher")
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/matches/0"}, f.Provenance)

	g := doc.Findings[1]
	assert.Equal(t, []aspm.Vuln{{ID: "GHSA-j8r2-6x86-q33q", Aliases: []string{"CVE-2023-32681"}}}, g.Vulns, "Grype relates a GHSA to its CVE: the same advisory")
	assert.Equal(t, "pkg:pypi/requests@2.25.0", g.Component.PURL.String(), "built from the type when Grype gives no purl")
	assert.Equal(t, []string{"Apache-2.0"}, g.Component.Licenses)
	assert.Equal(t, []aspm.CVSS{{Source: "ghsa", Version: "3.1", Vector: "CVSS:3.1/AV:N/AC:H/PR:H/UI:R/S:C/C:H/I:N/A:N", Score: 6.1}}, g.CVSS,
		"an entry without a source is the namespace's")

	h := doc.Findings[2]
	assert.Equal(t, aspm.StatusSuppressed, h.Status, "an ignored match")
	assert.Equal(t, aspm.SeverityLow, h.Severity, "Negligible")
	assert.Equal(t, "/ignoredMatches/0", h.Provenance.Pointer)
	assert.Contains(t, h.Properties["appliedIgnores"], "not exploitable")
	assert.Equal(t, []aspm.Location{{Image: "example/app:1.0"}}, h.Locations)
}

func TestDecodeDirectory(t *testing.T) {
	doc := decodeFixture(t, "directory-advisory.json")
	assert.Equal(t, &aspm.Target{Kind: aspm.TargetRepository, Name: "./repo", OS: "amzn 2"}, doc.Source.Target)
	require.Len(t, doc.Findings, 2)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSCA, f.Kind)
	assert.Equal(t, []aspm.Vuln{{ID: "ALAS-2023-1234", Related: []string{"CVE-2023-0001", "CVE-2023-0002"}}}, f.Vulns,
		"a vendor advisory fixes several CVEs: related, never aliases")
	assert.Equal(t, aspm.SeverityHigh, f.Severity, "Unknown falls back to the CVSS score")
	assert.Equal(t, "pkg:rpm/amazon/openssl-libs@1:1.0.2k-24.amzn2", f.Component.PURL.String())

	g := doc.Findings[1]
	assert.Equal(t, []aspm.Location{{File: "web/package-lock.json"}}, g.Locations)
	assert.Empty(t, g.FixedVersions)
	assert.Equal(t, "not-fixed", g.Properties["fix.state"])
}

func TestDecodeLegacy(t *testing.T) {
	doc := decodeFixture(t, "legacy-0.7.json")
	require.Len(t, doc.Findings, 1)
	f := doc.Findings[0]
	assert.Equal(t, []aspm.CVSS{
		{Version: "2.0", Vector: "AV:L/AC:L/Au:N/C:C/I:C/A:C", Score: 7.2},
		{Version: "3.1", Vector: "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", Score: 7.8},
	}, f.CVSS)
	assert.Equal(t, []string{"https://security-tracker.debian.org/tracker/CVE-2019-18276"}, f.References)
	assert.Empty(t, f.Component.CPE, "CPE objects stay in the properties")
	assert.Contains(t, f.Properties["artifact.cpes"], `"Product":"bash"`)
	assert.Contains(t, f.Properties["matchDetails"], "matchedOn")
	assert.Equal(t, &aspm.Target{Kind: aspm.TargetImage, Name: "debian:10", Digest: "sha256:ffff", OS: "debian 10"}, doc.Source.Target)
}

func TestDecodeBadRecords(t *testing.T) {
	doc := decodeFixture(t, "bad-record.json")
	require.Len(t, doc.Findings, 1, "decoding goes on past bad records")
	assert.Equal(t, "CVE-2022-0001", doc.Findings[0].Rule)
	assert.Equal(t, "pkg:npm/left-pad@1.0.0", doc.Findings[0].Component.PURL.String())
	require.Len(t, doc.Diagnostics, 3)
	assert.Equal(t, "/matches/0", doc.Diagnostics[0].Pointer)
	assert.Equal(t, "/matches/1", doc.Diagnostics[1].Pointer)
	assert.Equal(t, "/matches/2", doc.Diagnostics[2].Pointer)
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		is    error
	}{
		{"truncated", string(readFixture(t, "truncated.json")), nil},
		{"no matches", `{"SchemaVersion": 2, "Results": []}`, decode.ErrNotFormat},
		{"array", `[{"matches": []}]`, decode.ErrNotFormat},
		{"too deep", strings.Repeat("[", 600) + strings.Repeat("]", 600), decode.ErrTooDeep},
	}
	var d grype.Decoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := d.Decode(t.Context(), strings.NewReader(tt.input))
			require.Error(t, err)
			assert.Nil(t, doc)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
		})
	}
}

func TestDecodeNoMatches(t *testing.T) {
	var d grype.Decoder
	doc, err := d.Decode(t.Context(), strings.NewReader(`{"matches": [], "source": {"type": "image", "target": {"userInput": "scratch"}}}`))
	require.NoError(t, err)
	assert.Empty(t, doc.Findings)
	assert.Equal(t, "scratch", doc.Source.Target.Name)
}
