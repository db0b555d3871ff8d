package snyk_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/snyk"
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
	var d snyk.Decoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(readFixture(t, name)))
	require.NoError(t, err)
	require.NotNil(t, doc)
	return doc
}

func TestDetect(t *testing.T) {
	long := `{"vulnerabilities": [{"id": "SNYK-JS-X-1", "description": "` + strings.Repeat("x", 200<<10) + `"}]}`
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"project", string(readFixture(t, "npm-project.json")), true},
		{"all projects", string(readFixture(t, "all-projects.json")), true},
		{"container", string(readFixture(t, "container.json")), true},
		{"project keys past the head", `{"vulnerabilities": [{"id": "SNYK-JS-X-1", "from": [], "upgradePath": [], "isUpgradable": false, "name": "x"`, true},
		{"cut in a long description", long[:128<<10], false},
		{"snyk code sarif", `{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [], "vulnerabilities": []}`, false},
		{"cyclonedx vex", `{"bomFormat": "CycloneDX", "specVersion": "1.5", "vulnerabilities": []}`, false},
		{"npm audit 7", `{"auditReportVersion": 2, "vulnerabilities": {}, "metadata": {}}`, false},
		{"gitlab", `{"version": "15.0.0", "vulnerabilities": [], "scan": {}}`, false},
		{"grype", `{"matches": [], "source": {}}`, false},
	}
	var d snyk.Decoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, d.Detect([]byte(tt.head)))
		})
	}
}

func TestDecodeProject(t *testing.T) {
	doc := decodeFixture(t, "npm-project.json")
	assert.Equal(t, snyk.Format, doc.Source.Format)
	assert.Equal(t, "Snyk", doc.Source.Tool.Name)
	assert.Equal(t, &aspm.Target{Kind: aspm.TargetManifest, Name: "web/package-lock.json"}, doc.Source.Target)
	require.Len(t, doc.Findings, 3, "one finding per dependency path")

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSCA, f.Kind)
	assert.Equal(t, "SNYK-JS-LODASH-1040724", f.Rule)
	assert.Equal(t, "Command Injection", f.Title)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, []aspm.Vuln{{ID: "SNYK-JS-LODASH-1040724", Aliases: []string{"CVE-2021-23337", "GHSA-35jh-r3h4-6jhm"}}}, f.Vulns)
	assert.Equal(t, []int{78}, f.CWEs)
	assert.Equal(t, &aspm.Component{
		PURL:    aspm.MustParsePURL("pkg:npm/lodash@4.17.20"),
		Name:    "lodash",
		Version: "4.17.20",
		Paths:   []string{"web/package-lock.json"},
	}, f.Component)
	assert.Equal(t, []string{"4.17.21"}, f.FixedVersions)
	assert.Equal(t, []aspm.CVSS{
		{Source: "snyk", Version: "3.1", Vector: "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H/E:P/RL:U/RC:R", Score: 7.2},
		{Source: "nvd", Version: "3.1", Vector: "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", Score: 7.2},
	}, f.CVSS)
	assert.Equal(t, []aspm.Location{{File: "web/package-lock.json"}}, f.Locations)
	assert.Equal(t, []string{"https://github.com/lodash/lodash/commit/3469357cff396a26c363f8c1b5a91dde28ba4b1c"}, f.References)
	assert.Equal(t, `["web-app@1.0.0","express-utils@2.0.0","lodash@4.17.20"]`, f.Properties["from"])
	assert.Equal(t, `[false,"express-utils@2.1.0","lodash@4.17.21"]`, f.Properties["upgradePath"])
	assert.Equal(t, "true", f.Properties["isUpgradable"])
	assert.Equal(t, "false", f.Properties["isPatchable"])
	assert.Equal(t, "Proof of Concept", f.Properties["exploit"])
	assert.Equal(t, "web-app", f.Properties["project.name"])
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/vulnerabilities/0"}, f.Provenance)

	assert.Equal(t, `["web-app@1.0.0","lodash@4.17.20"]`, doc.Findings[1].Properties["from"])

	lic := doc.Findings[2]
	assert.Equal(t, aspm.KindLicense, lic.Kind)
	assert.Equal(t, "snyk:lic:npm:@scope/gpl-thing:GPL-3.0", lic.Rule)
	assert.Equal(t, "GPL-3.0", lic.RuleName)
	assert.Empty(t, lic.Vulns)
	assert.Equal(t, "pkg:npm/%40scope/gpl-thing@2.0.0", lic.Component.PURL.String())
	assert.Equal(t, []string{"GPL-3.0"}, lic.Component.Licenses)
	assert.Equal(t, aspm.SeverityMedium, lic.Severity)
}

func TestDecodeAllProjects(t *testing.T) {
	doc := decodeFixture(t, "all-projects.json")
	assert.Equal(t, &aspm.Target{Kind: aspm.TargetRepository, Name: "/src/repo"}, doc.Source.Target)
	require.Len(t, doc.Findings, 2)
	mvn := doc.Findings[0]
	assert.Equal(t, "pkg:maven/org.apache.santuario/xmlsec@2.1.1", mvn.Component.PURL.String())
	assert.Equal(t, []aspm.Location{{File: "app/pom.xml"}}, mvn.Locations)
	assert.Equal(t, "/0/vulnerabilities/0", mvn.Provenance.Pointer)

	py := doc.Findings[1]
	assert.Equal(t, "pkg:pypi/requests@2.25.0", py.Component.PURL.String())
	assert.Equal(t, []aspm.Vuln{{ID: "SNYK-PYTHON-REQUESTS-5595532", Aliases: []string{"CVE-2023-32681", "PVE-2023-55782"}}}, py.Vulns)
	assert.Equal(t, []aspm.CVSS{{Source: "snyk", Score: 6.1}}, py.CVSS)
	assert.Equal(t, "/1/vulnerabilities/0", py.Provenance.Pointer)
	assert.Equal(t, 1, py.Provenance.Index)

	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, aspm.DiagWarning, doc.Diagnostics[0].Level)
	assert.Equal(t, "/2", doc.Diagnostics[0].Pointer)
	assert.Contains(t, doc.Diagnostics[0].Message, "Could not find a lockfile")
}

func TestDecodeContainer(t *testing.T) {
	doc := decodeFixture(t, "container.json")
	assert.Equal(t, &aspm.Target{Kind: aspm.TargetImage, Name: "example/app:1.0"}, doc.Source.Target)
	require.Len(t, doc.Findings, 3, "the application found in the image counts too")

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindContainer, f.Kind)
	assert.Equal(t, "pkg:deb/debian/libc6@2.36-9%2Bdeb12u1?distro=debian-12", f.Component.PURL.String(), "the binary package of source/binary")
	assert.Equal(t, "libc6", f.Component.Name)
	assert.Equal(t, []aspm.Location{{Image: "example/app:1.0"}}, f.Locations)
	assert.Equal(t, "0.7", f.Properties["epss"])
	assert.Equal(t, "0.98", f.Properties["epss_percentile"])
	assert.Equal(t, "v2023.03.01", f.Properties["epssDetails.modelVersion"])
	assert.Contains(t, f.CVSS, aspm.CVSS{Source: "redhat", Version: "3.1", Vector: "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", Score: 7.8})

	suse := doc.Findings[1]
	assert.Equal(t, []aspm.Vuln{{ID: "SNYK-SLES153-PERMISSIONS-2648113", Related: []string{"SUSE-SU-2022:0141-1"}}}, suse.Vulns,
		"a vendor advisory fixes several vulnerabilities: related")
	assert.Equal(t, "pkg:rpm/sles/permissions@20181225-23.6.1", suse.Component.PURL.String(), "the distro from the Snyk id")
	assert.Equal(t, []string{"20181225-23.12.1"}, suse.FixedVersions)
	assert.Empty(t, suse.CVSS)
	assert.Equal(t, aspm.SeverityLow, suse.Severity)

	app := doc.Findings[2]
	assert.Equal(t, aspm.KindContainer, app.Kind)
	assert.Equal(t, "pkg:golang/golang.org/x/net@v0.9.0", app.Component.PURL.String())
	assert.Equal(t, []aspm.Location{{File: "/usr/local/bin/app", Image: "example/app:1.0"}}, app.Locations)
	assert.Equal(t, "/applications/0/vulnerabilities/0", app.Provenance.Pointer)
}

func TestDecodeBadRecords(t *testing.T) {
	doc := decodeFixture(t, "bad-record.json")
	require.Len(t, doc.Findings, 1, "decoding goes on past bad records")
	assert.Equal(t, "SNYK-JS-MINIMIST-559764", doc.Findings[0].Rule)
	require.Len(t, doc.Diagnostics, 2)
	assert.Equal(t, "/vulnerabilities/0", doc.Diagnostics[0].Pointer)
	assert.Equal(t, "/vulnerabilities/1", doc.Diagnostics[1].Pointer)
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		is    error
	}{
		{"truncated", string(readFixture(t, "truncated.json")), nil},
		{"sarif", `{"version": "2.1.0", "runs": []}`, decode.ErrNotFormat},
		{"no vulnerabilities", `{"matches": []}`, decode.ErrNotFormat},
		{"string", `"x"`, decode.ErrNotFormat},
		{"too deep", strings.Repeat("[", 600) + strings.Repeat("]", 600), decode.ErrTooDeep},
	}
	var d snyk.Decoder
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

func TestDecodeFailedTest(t *testing.T) {
	var d snyk.Decoder
	doc, err := d.Decode(t.Context(), strings.NewReader(`{"ok": false, "error": "Could not detect supported target files", "path": "."}`))
	require.NoError(t, err)
	assert.Empty(t, doc.Findings)
	require.Len(t, doc.Diagnostics, 1)
	assert.Contains(t, doc.Diagnostics[0].Message, "Could not detect")
}

func TestDecodeBaseImageDistro(t *testing.T) {
	const input = `{"vulnerabilities": [{"id": "SNYK-LINUX-ZLIB-1", "severity": "low", "packageManager": "deb",
	    "name": "zlib/zlib1g", "version": "1:1.2.13.dfsg-1", "from": ["docker-image|app@1", "zlib/zlib1g@1:1.2.13.dfsg-1"]}],
	  "ok": false, "packageManager": "deb", "docker": {"baseImage": "debian:12"}, "projectName": "docker-image|app"}`
	var d snyk.Decoder
	doc, err := d.Decode(t.Context(), strings.NewReader(input))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1)
	assert.Equal(t, "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?distro=debian-12", doc.Findings[0].Component.PURL.String(),
		"the base image names the distro when the package manager does not")
	assert.Equal(t, []aspm.Location{{Image: "app:1"}}, doc.Findings[0].Locations)
}
