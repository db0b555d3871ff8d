package gitlab_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/gitlab"
	"github.com/posturekit/posture/internal/decode"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

// decoder is the part of ingest.Decoder that these tests use.
type decoder interface {
	Format() aspm.Format
	Detect(head []byte) bool
	Decode(ctx context.Context, r io.Reader) (*aspm.Document, error)
}

var decoders = []decoder{&gitlab.DependencyScanningDecoder{}, &gitlab.ContainerScanningDecoder{}, &gitlab.SASTDecoder{}, &gitlab.SecretDetectionDecoder{}}

// detected returns the formats whose decoder accepts head.
func detected(head []byte) []aspm.Format {
	var out []aspm.Format
	for _, d := range decoders {
		if d.Detect(head) {
			out = append(out, d.Format())
		}
	}
	return out
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		head string
		want []aspm.Format
	}{
		{"dependency, scan last", string(read(t, "dependency-v15.json")), []aspm.Format{gitlab.FormatDependencyScanning}},
		{"container by category", string(read(t, "container-v14.json")), []aspm.Format{gitlab.FormatContainerScanning}},
		{"sast without markers", string(read(t, "sast-v15-no-markers.json")), []aspm.Format{gitlab.FormatSAST}},
		{"secret", string(read(t, "secret-v14.json")), []aspm.Format{gitlab.FormatSecretDetection}},
		{"cluster image scanning", `{"version":"15.0.0","vulnerabilities":[],"scan":{"type":"cluster_image_scanning"}}`, []aspm.Format{gitlab.FormatContainerScanning}},
		{"schema url", `{"version":"15.0.0","schema":"https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v15.0.0/dist/secret-detection-report-format.json","vulnerabilities":[]`, []aspm.Format{gitlab.FormatSecretDetection}},
		{"head cut: image", `{"version":"15.0.0","vulnerabilities":[{"id":"1","identifiers":[],"location":{"dependency":{"package":{"name":"zlib"}},"operating_system":"debian:11","image":"app:1"}}`, []aspm.Format{gitlab.FormatContainerScanning}},
		{"head cut: package", `{"version":"15.0.0","vulnerabilities":[{"id":"1","identifiers":[],"location":{"file":"go.sum","dependency":{"package":{"name":"x"}}}}`, []aspm.Format{gitlab.FormatDependencyScanning}},
		{"head cut: commit", `{"version":"15.0.0","vulnerabilities":[{"id":"1","identifiers":[],"location":{"file":"a","commit":{"sha":"0"}}}`, []aspm.Format{gitlab.FormatSecretDetection}},
		{"empty sast", `{"version":"2.3","vulnerabilities":[],"remediations":[]}`, []aspm.Format{gitlab.FormatSAST}},
		{"dast", string(read(t, "dast.json")), nil},
		{"cyclonedx", `{"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"vulnerabilities":[{"id":"CVE-1","identifiers":[]}]}`, nil},
		{"version later", `{"remediations":[],"vulnerabilities":[{"id":"1","identifiers":[{"type":"cve"}],"location":{"file":"a.py","start_line":1}}],"version":"15.0.0"}`, []aspm.Format{gitlab.FormatSAST}},
		{"numeric version", `{"version":1,"vulnerabilities":[],"remediations":[]}`, nil},
		{"snyk", `{"vulnerabilities":[{"id":"SNYK-1","identifiers":{"CVE":[]}}],"ok":false,"packageManager":"npm"}`, nil},
		{"npm 7", `{"auditReportVersion":2,"vulnerabilities":{}}`, nil},
		{"array", `[{"version":"1","vulnerabilities":[]}]`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, detected([]byte(tt.head)))
		})
	}
}

func decodeWith(t *testing.T, d decoder, name string) *aspm.Document {
	t.Helper()
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, name)))
	require.NoError(t, err)
	return doc
}

func TestDecodeDependency(t *testing.T) {
	doc := decodeWith(t, &gitlab.DependencyScanningDecoder{}, "dependency-v15.json")
	assert.Equal(t, gitlab.FormatDependencyScanning, doc.Source.Format)
	assert.Equal(t, aspm.Tool{Name: "Gemnasium", Version: "4.1.0", Vendor: "GitLab"}, doc.Source.Tool)
	assert.Equal(t, "2024-01-02T03:04:05Z", doc.Source.ScanTime.Format("2006-01-02T15:04:05Z07:00"))
	require.Len(t, doc.Diagnostics, 1, "the scan's warning")
	assert.Equal(t, aspm.DiagWarning, doc.Diagnostics[0].Level)
	require.Len(t, doc.Components, 2)
	assert.Equal(t, "pkg:npm/left-pad@1.3.0", doc.Components[1].PURL.String())
	assert.Equal(t, aspm.ScopeDirect, doc.Components[1].Scope)
	require.Len(t, doc.Findings, 2)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSCA, f.Kind)
	assert.Equal(t, "0a1b", f.Rule, "the gemnasium identifier is the scanner's rule")
	assert.Equal(t, "Prototype pollution", f.Title)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, "High", f.ToolSeverity)
	assert.Equal(t, []aspm.Vuln{{ID: "CVE-2022-25883", Aliases: []string{"GHSA-c2qf-rxjj-qqgw"}}}, f.Vulns)
	assert.Equal(t, []int{1321}, f.CWEs)
	require.NotNil(t, f.Component)
	assert.Equal(t, "pkg:npm/%40acme/parser@1.2.0", f.Component.PURL.String())
	assert.Equal(t, aspm.ScopeTransitive, f.Component.Scope)
	assert.Equal(t, []string{"web/package-lock.json"}, f.Component.Paths)
	assert.Equal(t, []string{"1.4.2", "2.0.1"}, f.FixedVersions)
	assert.Equal(t, []aspm.Location{{File: "web/package-lock.json"}}, f.Locations)
	assert.Equal(t, map[string]string{"gitlab/id": "a1b2c3", "gitlab/scope_offset": "web/package-lock.json|@acme/parser[0]:1"}, f.Fingerprints)
	assert.Equal(t, []string{"https://nvd.nist.gov/vuln/detail/CVE-2022-25883", "https://github.com/acme/parser/issues/7"}, f.References)
	assert.Equal(t, "Upgrade @acme/parser", f.Properties["remediation"])
	assert.Equal(t, "Gemnasium 4.1.0", f.Properties["analyzer"])
	assert.Equal(t, "Upgrade to versions 1.4.2, 2.0.1 or above.", f.Properties["solution"])
	assert.Equal(t, "12", f.Properties["location.dependency.iid"])
	assert.Equal(t, "false", f.Properties["location.dependency.direct"])
	assert.Contains(t, f.Properties["details"], "vulnerable_package")
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/vulnerabilities/0"}, f.Provenance)

	g := doc.Findings[1]
	assert.Equal(t, []aspm.Vuln{{ID: "GMS-2022-1234"}}, g.Vulns, "a Gemnasium advisory without CVE keeps its GMS id")
	assert.Equal(t, "pkg:gem/rack@2.2.3", g.Component.PURL.String(), "ecosystem from the lockfile name")
	assert.Equal(t, aspm.ScopeDirect, g.Component.Scope)
	assert.Nil(t, g.FixedVersions)
}

func TestDecodeContainer(t *testing.T) {
	doc := decodeWith(t, &gitlab.ContainerScanningDecoder{}, "container-v14.json")
	assert.Equal(t, gitlab.FormatContainerScanning, doc.Source.Format)
	assert.Equal(t, "trivy", doc.Source.Tool.Name, "no scan: the first vulnerability's scanner")
	require.Len(t, doc.Findings, 2)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindContainer, f.Kind)
	assert.Equal(t, "CVE-2021-28831", f.Rule)
	assert.Equal(t, "busybox: invalid free or segmentation fault", f.Title)
	assert.Equal(t, []aspm.Vuln{{ID: "CVE-2021-28831"}}, f.Vulns)
	assert.Equal(t, "pkg:apk/alpine/busybox@1.31.1-r19?distro=alpine-3.12.0", f.Component.PURL.String())
	assert.Equal(t, []string{"1.31.1-r20"}, f.FixedVersions)
	assert.Equal(t, []aspm.Location{{Image: "registry.example.com/app:1.0"}}, f.Locations)
	assert.Empty(t, f.Tool.Name, "the same scanner as the document's")
	assert.Equal(t, "alpine 3.12.0", f.Properties["location.operating_system"])
	assert.Equal(t, "CVE-2021-28831", f.Fingerprints["gitlab/compare_key"])

	g := doc.Findings[1]
	assert.Equal(t, "pkg:composer/laravel/framework@v8.74.0", g.Component.PURL.String(), "a lockfile given as the image")
	assert.Equal(t, []string{"6.20.42", "7.30.6", "8.75.0"}, g.FixedVersions)
}

func TestDecodeSAST(t *testing.T) {
	doc := decodeWith(t, &gitlab.SASTDecoder{}, "sast-v15-no-markers.json")
	assert.Equal(t, gitlab.FormatSAST, doc.Source.Format)
	require.Len(t, doc.Findings, 2)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSAST, f.Kind)
	assert.Equal(t, "find_sec_bugs.SQL_INJECTION", f.Rule)
	assert.Equal(t, "SQL injection", f.RuleName)
	assert.Equal(t, aspm.SeverityCritical, f.Severity)
	assert.Equal(t, "High", f.Confidence)
	assert.Equal(t, []int{89}, f.CWEs, "a numeric identifier value")
	assert.Nil(t, f.Vulns)
	assert.Equal(t, []string{"owasp:A1:2017"}, f.Tags)
	assert.Equal(t, []aspm.Location{{File: "app/Db.java", Region: &aspm.Region{StartLine: 42, EndLine: 44}, Logical: "app.Db.find"}}, f.Locations)
	assert.Contains(t, f.Properties["flags"], "flagged-as-likely-false-positive")

	g := doc.Findings[1]
	assert.Equal(t, aspm.KindSecret, g.Kind, "a secret detector's finding in a SAST report")
	assert.Equal(t, "Password in URL", g.Rule)
	require.NotNil(t, g.Secret)
	assert.Empty(t, g.Secret.Hash, "the report holds no secret")
	assert.Nil(t, g.Component, "an empty dependency names no package")
}

// TestSecretsNeverKept decodes a secret detection report and checks that
// no raw secret value survives anywhere in the document.
func TestSecretsNeverKept(t *testing.T) {
	raw := read(t, "secret-v14.json")
	doc := decodeWith(t, &gitlab.SecretDetectionDecoder{}, "secret-v14.json")
	assert.Equal(t, gitlab.FormatSecretDetection, doc.Source.Format)
	require.Len(t, doc.Findings, 2)

	out, err := json.Marshal(doc)
	require.NoError(t, err)
	var rep struct {
		Vulnerabilities []struct {
			Raw string `json:"raw_source_code_extract"`
		} `json:"vulnerabilities"`
	}
	require.NoError(t, json.Unmarshal(raw, &rep))
	for _, v := range rep.Vulnerabilities {
		require.NotEmpty(t, v.Raw)
		assert.NotContains(t, string(out), v.Raw)
		quoted, _ := json.Marshal(v.Raw)
		assert.NotContains(t, string(out), string(quoted[1:len(quoted)-1]))
	}
	assert.NotContains(t, string(out), "KIAZXCVBNMASDFGHJ12", "not even behind a JSON escape")

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSecret, f.Kind)
	assert.Equal(t, "AWS", f.Rule)
	require.NotNil(t, f.Secret)
	assert.Equal(t, aspm.Secret{
		Type: "AWS", Hash: aspm.SecretHash("AKIAZXCVBNMASDFGHJ12"), Redacted: aspm.RedactSecret("AKIAZXCVBNMASDFGHJ12"),
		Commit: "0a1b2c3d", Author: "Dev", Date: "2021-06-01T00:00:00Z",
	}, *f.Secret)
	assert.True(t, strings.HasPrefix(f.Title, "AWS key AKIA…12 detected"), f.Title)
	assert.Equal(t, []aspm.Location{{File: "README.md", Region: &aspm.Region{StartLine: 5, EndLine: 5}}}, f.Locations)
	assert.Equal(t, "add key AKIA…12", f.Properties["location.commit.message"])
	assert.Empty(t, f.Tool.Name)
	assert.Equal(t, aspm.Secret{Type: "generic-password", Hash: aspm.SecretHash("pa<ss>\"word&12345"), Redacted: aspm.RedactSecret("pa<ss>\"word&12345")}, *doc.Findings[1].Secret)
}

func TestDeclaredTypeWins(t *testing.T) {
	// a dependency scanning report read through the SAST decoder (as when
	// detection saw too little of it) keeps its own format and kinds
	doc := decodeWith(t, &gitlab.SASTDecoder{}, "dependency-v15.json")
	assert.Equal(t, gitlab.FormatDependencyScanning, doc.Source.Format)
	assert.Equal(t, aspm.KindSCA, doc.Findings[0].Kind)

	// a report that declares nothing takes the decoder's type
	doc = decodeWith(t, &gitlab.ContainerScanningDecoder{}, "sast-v15-no-markers.json")
	assert.Equal(t, gitlab.FormatContainerScanning, doc.Source.Format)
}

func TestDecodeBadRecord(t *testing.T) {
	doc := decodeWith(t, &gitlab.SASTDecoder{}, "bad-record.json")
	require.Len(t, doc.Diagnostics, 2)
	assert.Equal(t, "/vulnerabilities/0", doc.Diagnostics[0].Pointer)
	assert.Equal(t, "/vulnerabilities/1", doc.Diagnostics[1].Pointer)
	require.Len(t, doc.Findings, 1)
	f := doc.Findings[0]
	assert.Equal(t, "G401", f.Rule)
	assert.Equal(t, 7, f.Locations[0].Region.StartLine, "a line number written as a string")
	assert.Equal(t, 0, f.Provenance.Index)
	assert.Equal(t, "/vulnerabilities/2", f.Provenance.Pointer)
}

func TestDecodeErrors(t *testing.T) {
	for _, d := range decoders {
		t.Run(string(d.Format()), func(t *testing.T) {
			_, err := d.Decode(t.Context(), bytes.NewReader(read(t, "truncated.json")))
			assert.Error(t, err)
			_, err = d.Decode(t.Context(), bytes.NewReader(read(t, "dast.json")))
			assert.ErrorIs(t, err, decode.ErrUnsupported)
			_, err = d.Decode(t.Context(), bytes.NewReader([]byte(`{"runs":[]}`)))
			assert.ErrorIs(t, err, decode.ErrNotFormat)
			_, err = d.Decode(t.Context(), bytes.NewReader([]byte(`[{"version":"1"}]`)))
			assert.ErrorIs(t, err, decode.ErrNotFormat)
			_, err = d.Decode(t.Context(), bytes.NewReader([]byte(`{"version":"1","vulnerabilities":{}}`)))
			assert.ErrorIs(t, err, decode.ErrNotFormat)
		})
	}
}
