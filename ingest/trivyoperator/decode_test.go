package trivyoperator_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/trivyoperator"
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
	var d trivyoperator.Decoder
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
		{"one report", string(readFixture(t, "vulnerabilityreport.json")), true},
		{"kubectl list", string(readFixture(t, "list-mixed.json")), true},
		{"compliance", string(readFixture(t, "compliance.json")), true},
		{"map of lists", string(readFixture(t, "reports-by-resource.json")), true},
		{"array of reports", `[{"apiVersion": "aquasecurity.github.io/v1alpha1", "kind": "ConfigAuditReport"}]`, true},
		{"other kubernetes list", `{"apiVersion": "v1", "items": [{"apiVersion": "apps/v1", "kind": "Deployment"}], "kind": "List"}`, false},
		{"other kubernetes object", `{"apiVersion": "apps/v1", "kind": "Deployment"}`, false},
		{"trivy", `{"SchemaVersion": 2, "ArtifactName": "x", "Results": []}`, false},
		{"trivy k8s", `{"ClusterName": "c", "Resources": []}`, false},
		{"grype", `{"matches": [], "source": {}}`, false},
		{"empty", ``, false},
	}
	var d trivyoperator.Decoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, d.Detect([]byte(tt.head)))
		})
	}
}

func TestDecodeVulnerabilityReport(t *testing.T) {
	doc := decodeFixture(t, "vulnerabilityreport.json")
	assert.Equal(t, trivyoperator.Format, doc.Source.Format)
	assert.Equal(t, "Trivy Operator", doc.Source.Tool.Name)
	assert.Equal(t, "2024-03-01T12:00:00Z", doc.Source.ScanTime.Format("2006-01-02T15:04:05Z07:00"))
	image := "index.docker.io/library/nginx:1.25@sha256:8888"
	assert.Equal(t, &aspm.Target{Kind: aspm.TargetImage, Name: image, Digest: "sha256:8888", OS: "debian 12.4"}, doc.Source.Target)
	assert.Empty(t, doc.Diagnostics)
	require.Len(t, doc.Findings, 2)
	workload := &aspm.Resource{Type: "ReplicaSet", Name: "shop/web-6d4cf56db6", Provider: "kubernetes"}

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindContainer, f.Kind)
	assert.Equal(t, aspm.Tool{Name: "Trivy", Version: "0.49.1", Vendor: "Aqua Security"}, f.Tool)
	assert.Equal(t, "CVE-2023-52425", f.Rule)
	assert.Equal(t, []aspm.Vuln{{ID: "CVE-2023-52425"}}, f.Vulns)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, "pkg:deb/debian/libexpat1@2.5.0-1?distro=debian-12.4", f.Component.PURL.String())
	assert.Equal(t, []string{"2.5.0-1+deb12u1", "2.6.0-1"}, f.FixedVersions)
	assert.Equal(t, []aspm.CVSS{{Source: "nvd", Version: "3.1", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", Score: 7.5}}, f.CVSS,
		"the score is the nvd V3 score already listed")
	assert.Equal(t, []aspm.Location{{Image: image, Resource: workload}}, f.Locations)
	assert.Equal(t, []string{"https://avd.aquasec.com/nvd/cve-2023-52425", "https://github.com/libexpat/libexpat/pull/789"}, f.References)
	assert.Equal(t, "nginx", f.Properties["container"])
	assert.Equal(t, "2024-02-04T20:15:46Z", f.Properties["publishedDate"])
	assert.NotContains(t, f.Properties, "lastModifiedDate", "empty strings say nothing")
	assert.Equal(t, "/report/vulnerabilities/0", f.Provenance.Pointer)

	g := doc.Findings[1]
	assert.Equal(t, "pkg:golang/stdlib@1.21.5", g.Component.PURL.String())
	assert.Equal(t, []string{"usr/local/bin/app"}, g.Component.Paths)
	assert.Equal(t, []aspm.CVSS{{Score: 6.1}}, g.CVSS)
	assert.Equal(t, "usr/local/bin/app", g.Locations[0].File)
	assert.Equal(t, 1, g.Provenance.Index)
}

func TestDecodeList(t *testing.T) {
	doc := decodeFixture(t, "list-mixed.json")
	require.Len(t, doc.Findings, 2, "passed checks are not findings; broken records are diagnostics")

	iac := doc.Findings[0]
	assert.Equal(t, aspm.KindIaC, iac.Kind)
	assert.Equal(t, "KSV014", iac.Rule)
	assert.Equal(t, "Root file system is not read-only", iac.Title)
	assert.Equal(t, "Container 'web' should set 'securityContext.readOnlyRootFilesystem' to true\n\nAn immutable root file system prevents tampering.", iac.Description)
	assert.Equal(t, aspm.SeverityHigh, iac.Severity)
	assert.Equal(t, []aspm.Location{{Resource: &aspm.Resource{Type: "Deployment", Name: "shop/web", Provider: "kubernetes"}}}, iac.Locations)
	assert.Equal(t, "Set readOnlyRootFilesystem to true.", iac.Properties["remediation"])
	assert.Equal(t, "ConfigAuditReport", iac.Properties["report_kind"])
	assert.Equal(t, "/items/0/report/checks/0", iac.Provenance.Pointer)

	sec := doc.Findings[1]
	assert.Equal(t, aspm.KindSecret, sec.Kind)
	assert.Equal(t, "github-pat", sec.Rule)
	assert.Equal(t, aspm.SeverityCritical, sec.Severity)
	assert.Equal(t, &aspm.Secret{Type: "github-pat", Redacted: `GITHUB_TOKEN="****************************************"`}, sec.Secret)
	assert.Equal(t, []aspm.Location{{
		File:     "/app/.env",
		Image:    "ghcr.io/acme/app:2.0",
		Resource: &aspm.Resource{Type: "ReplicaSet", Name: "shop/web-1", Provider: "kubernetes"},
	}}, sec.Locations)

	require.Len(t, doc.Diagnostics, 2)
	assert.Equal(t, "/items/2/report/vulnerabilities/0", doc.Diagnostics[0].Pointer)
	assert.Equal(t, "/items/2/report/vulnerabilities/1", doc.Diagnostics[1].Pointer)
	assert.Equal(t, &aspm.Target{Kind: aspm.TargetImage, Name: "ghcr.io/acme/app:2.0"}, doc.Source.Target, "the only image of the list")
}

func TestDecodeCompliance(t *testing.T) {
	doc := decodeFixture(t, "compliance.json")
	assert.Equal(t, "0.19.0", doc.Source.Tool.Version)
	require.Len(t, doc.Findings, 1)
	f := doc.Findings[0]
	assert.Equal(t, aspm.KindIaC, f.Kind)
	assert.Equal(t, "AVD-KSV-0041", f.Rule)
	assert.Equal(t, aspm.SeverityHigh, f.Severity, "an empty check severity takes the control's")
	assert.Equal(t, []aspm.Location{{Resource: &aspm.Resource{Name: "clusterrole-admin", Provider: "kubernetes"}}}, f.Locations)
	assert.Equal(t, "k8s-cis-1.23", f.Properties["compliance"])
	assert.Equal(t, "5.1.2", f.Properties["control_id"])
	assert.Equal(t, "Minimize access to secrets", f.Properties["control_name"])
	assert.Equal(t, "/status/detailReport/results/1/checks/0", f.Provenance.Pointer)
}

func TestDecodeReportsByResource(t *testing.T) {
	doc := decodeFixture(t, "reports-by-resource.json")
	require.Len(t, doc.Findings, 1)
	f := doc.Findings[0]
	assert.Equal(t, "KSV012", f.Rule)
	assert.Equal(t, []aspm.Location{{Resource: &aspm.Resource{Type: "Pod", Name: "data/db", Provider: "kubernetes"}}}, f.Locations,
		"the owner names the workload when the labels do not")
	assert.Equal(t, "/configauditreports.aquasecurity.github.io/0/report/checks/0", f.Provenance.Pointer)

	require.Len(t, doc.Components, 2)
	assert.Equal(t, "img", doc.Components[0].Ref)
	assert.Equal(t, "pkg:deb/debian/libpq5@16.2-1?distro=debian-12.5", doc.Components[1].PURL.String())
	assert.Equal(t, []string{"PostgreSQL"}, doc.Components[1].Licenses)
	assert.Equal(t, []aspm.Relationship{{From: "img", To: "pkg:deb/debian/libpq5@16.2-1?distro=debian-12.5", Type: aspm.RelDependsOn}}, doc.Relationships)
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		is    error
	}{
		{"truncated", string(readFixture(t, "truncated.json")), nil},
		{"other kubernetes object", `{"apiVersion": "apps/v1", "kind": "Deployment"}`, decode.ErrNotFormat},
		{"string", `"text"`, decode.ErrNotFormat},
		{"too deep", strings.Repeat("[", 600) + strings.Repeat("]", 600), decode.ErrTooDeep},
	}
	var d trivyoperator.Decoder
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

func TestDecodeEmptyList(t *testing.T) {
	var d trivyoperator.Decoder
	doc, err := d.Decode(t.Context(), strings.NewReader(`{"apiVersion": "v1", "kind": "List", "items": []}`))
	require.NoError(t, err)
	assert.Empty(t, doc.Findings)
}

func TestDecodeSummaryCompliance(t *testing.T) {
	const input = `{"apiVersion": "aquasecurity.github.io/v1alpha1", "kind": "ClusterComplianceReport",
	  "metadata": {"name": "nsa"}, "spec": {"reportType": "summary"},
	  "status": {"summaryReport": {"id": "k8s-nsa-1.0", "controlCheck": [
	    {"id": "1.0", "name": "Non-root containers", "severity": "MEDIUM", "totalFail": 3},
	    {"id": "1.1", "name": "Immutable container file systems", "severity": "LOW", "totalFail": 0}]}}}`
	var d trivyoperator.Decoder
	doc, err := d.Decode(t.Context(), strings.NewReader(input))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1, "one finding per failing control")
	f := doc.Findings[0]
	assert.Equal(t, "1.0", f.Rule)
	assert.Equal(t, "Non-root containers", f.Title)
	assert.Equal(t, aspm.SeverityMedium, f.Severity)
	assert.Equal(t, "3", f.Properties["totalFail"])
	assert.Equal(t, "k8s-nsa-1.0", f.Properties["compliance"])
}

func TestDecodeSeveralImages(t *testing.T) {
	const input = `[
	  {"apiVersion": "aquasecurity.github.io/v1alpha1", "kind": "VulnerabilityReport", "metadata": {"name": "a"},
	   "report": {"artifact": {"repository": "a", "tag": "1"}, "vulnerabilities": []}},
	  {"apiVersion": "aquasecurity.github.io/v1alpha1", "kind": "VulnerabilityReport", "metadata": {"name": "b"},
	   "report": {"artifact": {"repository": "b", "tag": "1"}, "vulnerabilities": []}}]`
	var d trivyoperator.Decoder
	doc, err := d.Decode(t.Context(), strings.NewReader(input))
	require.NoError(t, err)
	assert.Nil(t, doc.Source.Target, "several images: no single target")
}

func TestDecodeTypedList(t *testing.T) {
	const input = `{"apiVersion": "aquasecurity.github.io/v1alpha1", "kind": "ConfigAuditReportList", "items": [
	  {"apiVersion": "aquasecurity.github.io/v1alpha1", "kind": "ConfigAuditReport", "metadata": {"name": "a"},
	   "report": {"checks": [{"checkID": "KSV012", "title": "Runs as root user", "severity": "MEDIUM", "success": false}]}}]}`
	var d trivyoperator.Decoder
	assert.True(t, d.Detect([]byte(input)))
	doc, err := d.Decode(t.Context(), strings.NewReader(input))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1)
	assert.Equal(t, "/items/0/report/checks/0", doc.Findings[0].Provenance.Pointer)
}
