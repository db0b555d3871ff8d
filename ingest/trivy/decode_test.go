package trivy_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/trivy"
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
	var d trivy.Decoder
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
		{"image report", string(readFixture(t, "image-two-vulns.json")), true},
		{"filesystem report", string(readFixture(t, "filesystem-config-secret-license.json")), true},
		{"cluster report", string(readFixture(t, "k8s-cluster.json")), true},
		{"legacy array", string(readFixture(t, "legacy-array.json")), true},
		{"cut head", `{"SchemaVersion": 2, "ArtifactName": "x", "Results": [{"Tar`, true},
		{"k8s summary lists", `{"ClusterName": "c", "Vulnerabilities": [], "Misconfigurations": []}`, true},
		{"grype", `{"matches": [], "source": {"type": "image"}, "descriptor": {"name": "grype"}}`, false},
		{"snyk", `{"vulnerabilities": [], "ok": true, "packageManager": "npm"}`, false},
		{"sarif", `{"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": []}`, false},
		{"cyclonedx", `{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": []}`, false},
		{"trivy operator", `{"apiVersion": "aquasecurity.github.io/v1alpha1", "kind": "VulnerabilityReport"}`, false},
		{"null", `null`, false},
		{"xml", `<?xml version="1.0"?><report/>`, false},
	}
	var d trivy.Decoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, d.Detect([]byte(tt.head)))
		})
	}
}

func TestDecodeImage(t *testing.T) {
	doc := decodeFixture(t, "image-two-vulns.json")
	assert.Equal(t, trivy.Format, doc.Source.Format)
	assert.Equal(t, aspm.Tool{Name: "Trivy", Version: "0.52.0", Vendor: "Aqua Security"}, doc.Source.Tool)
	assert.Equal(t, "2024-05-01T10:00:00.5Z", doc.Source.ScanTime.Format("2006-01-02T15:04:05.999Z07:00"))
	assert.Equal(t, &aspm.Target{
		Kind:   aspm.TargetImage,
		Name:   "example/app:1.0",
		Digest: "sha256:2222222222222222222222222222222222222222222222222222222222222222",
		OS:     "debian 12.5",
	}, doc.Source.Target)
	assert.Empty(t, doc.Diagnostics)

	require.Len(t, doc.Components, 2)
	assert.Equal(t, "libssl3@3.0.11-1", doc.Components[0].Ref)
	assert.Equal(t, "pkg:deb/debian/libssl3@3.0.11-1?arch=amd64&distro=debian-12.5", doc.Components[0].PURL.String())
	assert.Equal(t, "pkg:deb/debian/libc6@2.36-9?distro=debian-12.5", doc.Components[1].PURL.String(), "built from the OS family and release")
	assert.Equal(t, []aspm.Relationship{{From: "libssl3@3.0.11-1", To: "libc6@2.36-9", Type: aspm.RelDependsOn}}, doc.Relationships)

	require.Len(t, doc.Findings, 3)
	f := doc.Findings[0]
	assert.Equal(t, aspm.KindContainer, f.Kind)
	assert.Equal(t, "CVE-2024-0727", f.Rule)
	assert.Equal(t, "openssl: denial of service via null dereference", f.Title)
	assert.Equal(t, aspm.SeverityMedium, f.Severity)
	assert.Equal(t, "MEDIUM", f.ToolSeverity)
	assert.Equal(t, []int{476}, f.CWEs)
	assert.Equal(t, []aspm.Vuln{{ID: "CVE-2024-0727", Aliases: []string{"GHSA-9v9h-cgj8-h64p"}, Related: []string{"DSA-5600-1"}}}, f.Vulns,
		"a GHSA names the same vulnerability, a Debian advisory may bundle several")
	require.NotNil(t, f.Component)
	assert.Equal(t, "pkg:deb/debian/libssl3@3.0.11-1?distro=debian-12.5", f.Component.PURL.String())
	assert.Empty(t, f.Component.Paths, "an OS package result names the image, not a file")
	assert.Equal(t, []string{"3.0.13-1", "3.0.14-1"}, f.FixedVersions)
	assert.Equal(t, []aspm.CVSS{
		{Source: "nvd", Version: "2.0", Vector: "AV:N/AC:L/Au:N/C:N/I:N/A:P", Score: 5},
		{Source: "nvd", Version: "3.1", Vector: "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H", Score: 5.5},
		{Source: "redhat", Version: "3.1", Vector: "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H", Score: 5.5},
	}, f.CVSS)
	assert.Equal(t, []aspm.Location{{Image: "example/app:1.0", Layer: "sha256:3333"}}, f.Locations)
	assert.Equal(t, []string{"https://avd.aquasec.com/nvd/cve-2024-0727", "https://www.openssl.org/news/secadv/20240125.txt"}, f.References)
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/Results/0/Vulnerabilities/0"}, f.Provenance)
	assert.Equal(t, "fixed", f.Properties["Status"])
	assert.Equal(t, "nvd", f.Properties["SeveritySource"])
	assert.Equal(t, "2024-01-26T09:15:07Z", f.Properties["PublishedDate"])
	assert.Equal(t, `{"nvd":2,"redhat":1}`, f.Properties["VendorSeverity"])
	assert.Equal(t, "os-pkgs", f.Properties["result_class"])
	assert.Nil(t, f.VEX, "Trivy's fixed means a fix exists, not that the image is fixed")

	g := doc.Findings[1]
	assert.Equal(t, aspm.SeverityHigh, g.Severity, "UNKNOWN falls back to the CVSS score")
	assert.Equal(t, "UNKNOWN", g.ToolSeverity)
	assert.Equal(t, "CVE-2023-4911 in libc6", g.Title)
	assert.Equal(t, &aspm.VEXAnalysis{State: aspm.VEXNotAffected}, g.VEX)
	assert.Equal(t, "sha256:5555", g.Locations[0].Layer, "the diff ID when there is no digest")

	h := doc.Findings[2]
	assert.Equal(t, aspm.KindContainer, h.Kind, "language packages in an image are container findings")
	assert.Equal(t, "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", h.Component.PURL.String())
	assert.Equal(t, []string{"app/lib/log4j-core-2.14.1.jar"}, h.Component.Paths)
	assert.Equal(t, []aspm.Location{{File: "app/lib/log4j-core-2.14.1.jar", Image: "example/app:1.0", Layer: "sha256:6666"}}, h.Locations)
	assert.Equal(t, map[string]string{"trivy": "sha256:abcdef"}, h.Fingerprints)
	assert.Equal(t, []aspm.CVSS{
		{Source: "ghsa", Version: "3.1", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", Score: 10},
		{Source: "ghsa", Version: "4.0", Vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", Score: 10},
	}, h.CVSS)
}

func TestDecodeFilesystem(t *testing.T) {
	doc := decodeFixture(t, "filesystem-config-secret-license.json")
	assert.Equal(t, &aspm.Target{Kind: aspm.TargetRepository, Name: "./repo"}, doc.Source.Target)
	require.Len(t, doc.Findings, 5, "the passed check is not a finding")

	iac := doc.Findings[0]
	assert.Equal(t, aspm.KindIaC, iac.Kind)
	assert.Equal(t, "AVD-AWS-0086", iac.Rule)
	assert.Equal(t, "S3 Access block should block public ACL", iac.RuleName)
	assert.Equal(t, aspm.SeverityHigh, iac.Severity)
	assert.Equal(t, "No public access block so not blocking public acls\n\nS3 buckets should block public ACLs on buckets and any objects they contain.", iac.Description)
	require.Len(t, iac.Locations, 1)
	loc := iac.Locations[0]
	assert.Equal(t, "infra/main.tf", loc.File)
	assert.Equal(t, &aspm.Region{StartLine: 3, EndLine: 5}, loc.Region)
	assert.Equal(t, &aspm.Resource{Name: "aws_s3_bucket.logs", Provider: "aws"}, loc.Resource)
	snippet := "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}"
	assert.Equal(t, snippet, loc.Snippet)
	assert.Equal(t, aspm.SnippetHash(snippet), loc.SnippetHash)
	assert.Equal(t, "Enable blocking any PUT calls with a public ACL specified", iac.Properties["Resolution"])
	assert.Equal(t, "s3", iac.Properties["CauseMetadata.Service"])
	assert.NotContains(t, iac.Properties, "AVDID", "the same as ID")

	sec := doc.Findings[1]
	assert.Equal(t, aspm.KindSecret, sec.Kind)
	assert.Equal(t, "aws-access-key-id", sec.Rule)
	assert.Equal(t, aspm.SeverityCritical, sec.Severity)
	assert.Equal(t, &aspm.Secret{Type: "aws-access-key-id", Redacted: "AWS_ACCESS_KEY_ID=********************"}, sec.Secret)
	assert.Equal(t, []aspm.Location{{File: "config/settings.env", Region: &aspm.Region{StartLine: 2, EndLine: 2}}}, sec.Locations)
	assert.Equal(t, "AWS", sec.Properties["Category"])
	out, err := json.Marshal(doc)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "NEVER-KEEP-THIS", "the code lines around a secret are never kept")

	lic := doc.Findings[2]
	assert.Equal(t, aspm.KindLicense, lic.Kind)
	assert.Equal(t, "LGPL-2.1", lic.Rule)
	assert.Equal(t, "License LGPL-2.1 (restricted) in chardet", lic.Title)
	assert.Equal(t, &aspm.Component{Name: "chardet", Licenses: []string{"LGPL-2.1"}}, lic.Component)

	sca := doc.Findings[3]
	assert.Equal(t, aspm.KindSCA, sca.Kind)
	assert.Equal(t, "pkg:pypi/requests@2.25.0", sca.Component.PURL.String(), "PEP 503 name")
	assert.Equal(t, []aspm.Location{{File: "requirements.txt"}}, sca.Locations)

	sup := doc.Findings[4]
	assert.Equal(t, "CVE-2024-35195", sup.Rule)
	assert.Equal(t, aspm.StatusSuppressed, sup.Status)
	assert.Equal(t, &aspm.VEXAnalysis{State: aspm.VEXNotAffected, Justification: "vulnerable_code_not_in_execute_path"}, sup.VEX)
	assert.Equal(t, ".vex/openvex.json", sup.Properties["suppression_source"])
	assert.Equal(t, "/Results/3/ModifiedFindings/0/Finding", sup.Provenance.Pointer)
	assert.Equal(t, 4, sup.Provenance.Index)
}

func TestDecodeCluster(t *testing.T) {
	doc := decodeFixture(t, "k8s-cluster.json")
	assert.Equal(t, &aspm.Target{Kind: aspm.TargetCluster, Name: "prod"}, doc.Source.Target)
	require.Len(t, doc.Findings, 3)
	workload := &aspm.Resource{Type: "Deployment", Name: "shop/web", Provider: "kubernetes"}

	os := doc.Findings[0]
	assert.Equal(t, aspm.KindContainer, os.Kind)
	assert.Equal(t, "pkg:apk/alpine/libssl3@3.1.4-r5?distro=alpine-3.19.1", os.Component.PURL.String())
	assert.Equal(t, []aspm.Location{{Image: "nginx:1.25", Resource: workload}}, os.Locations)
	assert.Equal(t, "/Resources/0/Results/0/Vulnerabilities/0", os.Provenance.Pointer)

	gobin := doc.Findings[1]
	assert.Equal(t, aspm.KindContainer, gobin.Kind)
	assert.Equal(t, []aspm.Vuln{{ID: "GO-2024-2687", Aliases: []string{"CVE-2023-45288", "GHSA-4v7x-pqxf-cx7m"}}}, gobin.Vulns)
	assert.Equal(t, "pkg:golang/golang.org/x/net@v0.17.0", gobin.Component.PURL.String())
	assert.Equal(t, []aspm.Location{{File: "usr/local/bin/app", Image: "nginx:1.25", Resource: workload}}, gobin.Locations,
		"a language result belongs to the image of the OS result before it")

	iac := doc.Findings[2]
	assert.Equal(t, aspm.KindIaC, iac.Kind)
	assert.Equal(t, "KSV001", iac.Rule)
	assert.Equal(t, "AVD-KSV-0001", iac.Properties["AVDID"])
	assert.Equal(t, []aspm.Location{{Region: &aspm.Region{StartLine: 10, EndLine: 20}, Resource: workload}}, iac.Locations)

	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, aspm.DiagWarning, doc.Diagnostics[0].Level)
	assert.Contains(t, doc.Diagnostics[0].Message, "forbidden")
}

func TestDecodeLegacy(t *testing.T) {
	doc := decodeFixture(t, "legacy-array.json")
	require.Len(t, doc.Findings, 2)
	assert.Equal(t, "pkg:apk/alpine/openssl@1.1.1c-r0?distro=alpine-3.10.2", doc.Findings[0].Component.PURL.String())
	assert.Equal(t, []aspm.Location{{Image: "alpine:3.10", Layer: "sha256:7777"}}, doc.Findings[0].Locations)
	assert.Equal(t, "/0/Vulnerabilities/0", doc.Findings[0].Provenance.Pointer)
	npm := doc.Findings[1]
	assert.Equal(t, "pkg:npm/%40babel/traverse@7.22.0", npm.Component.PURL.String())
	assert.Equal(t, []aspm.Vuln{{ID: "GHSA-p6mc-m468-83gw"}}, npm.Vulns)
	assert.Equal(t, aspm.SeverityCritical, npm.Severity)
}

func TestDecodeBadRecords(t *testing.T) {
	doc := decodeFixture(t, "bad-record.json")
	require.Len(t, doc.Findings, 1, "decoding goes on past bad records")
	assert.Equal(t, "CVE-2021-23337", doc.Findings[0].Rule)
	assert.Equal(t, "/Results/0/Vulnerabilities/2", doc.Findings[0].Provenance.Pointer)
	require.Len(t, doc.Diagnostics, 3)
	for _, d := range doc.Diagnostics {
		assert.Equal(t, aspm.DiagError, d.Level)
	}
	assert.Equal(t, "/Results/0/Vulnerabilities/0", doc.Diagnostics[0].Pointer)
	assert.Equal(t, "/Results/0/Vulnerabilities/1", doc.Diagnostics[1].Pointer)
	assert.Equal(t, "/Results/1", doc.Diagnostics[2].Pointer)
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		is    error // nil: any error
	}{
		{"truncated", string(readFixture(t, "truncated.json")), nil},
		{"wrong shape", `{"matches": []}`, decode.ErrNotFormat},
		{"not an object", `"text"`, decode.ErrNotFormat},
		{"array of strings", `["a", "b"]`, decode.ErrNotFormat},
		{"future schema", `{"SchemaVersion": 3, "ArtifactName": "x", "Results": []}`, decode.ErrUnsupported},
		{"too deep", strings.Repeat("[", 600) + strings.Repeat("]", 600), decode.ErrTooDeep},
	}
	var d trivy.Decoder
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

func TestDecodeNull(t *testing.T) {
	var d trivy.Decoder
	doc, err := d.Decode(t.Context(), strings.NewReader("null\n"))
	require.NoError(t, err, "Trivy before 0.20 writes null when it finds nothing")
	assert.Empty(t, doc.Findings)
}

func TestDecodeRecordLimit(t *testing.T) {
	ctx := decode.WithLimits(t.Context(), decode.Limits{MaxRecords: 2})
	var d trivy.Decoder
	_, err := d.Decode(ctx, bytes.NewReader(readFixture(t, "image-two-vulns.json")))
	assert.ErrorIs(t, err, decode.ErrTooManyRecords)
}
