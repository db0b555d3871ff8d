package github_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/github"
	"github.com/posturekit/posture/internal/decode"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func TestDetect(t *testing.T) {
	dependabot, graphql := &github.DependabotDecoder{}, &github.DependabotGraphQLDecoder{}
	code, secret := &github.CodeScanningDecoder{}, &github.SecretScanningDecoder{}
	tests := []struct {
		name                              string
		head                              string
		dependabot, graphql, code, secret bool
	}{
		{"dependabot", string(read(t, "dependabot-rest.json")), true, false, false, false},
		{"dependabot one alert", `{"number":1,"state":"open","dependency":{},"security_advisory":{}}`, true, false, false, false},
		{"graphql", string(read(t, "graphql-search.json")), false, true, false, false},
		{"code scanning", string(read(t, "code-scanning.json")), false, false, true, false},
		{"secret scanning", string(read(t, "secret-scanning.json")), false, false, false, true},
		{"empty array", `[]`, false, false, false, false},
		{"empty object", `{}`, false, false, false, false},
		{"trufflehog3", `[{"rule":{"id":"high-entropy","message":"x"},"path":"a","line":"1","secret":"s"}]`, false, false, false, false},
		{"gitleaks", `[{"Description":"AWS","StartLine":1,"Secret":"AKIA","RuleID":"aws"}]`, false, false, false, false},
		{"other graphql", `{"data":{"repository":{"issues":{"nodes":[]}}}}`, false, false, false, false},
		{"sarif", `{"version":"2.1.0","runs":[]}`, false, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := []byte(tt.head)
			assert.Equal(t, tt.dependabot, dependabot.Detect(h), "dependabot")
			assert.Equal(t, tt.graphql, graphql.Detect(h), "graphql")
			assert.Equal(t, tt.code, code.Detect(h), "code scanning")
			assert.Equal(t, tt.secret, secret.Detect(h), "secret scanning")
		})
	}
}

func TestDecodeDependabot(t *testing.T) {
	doc, err := (&github.DependabotDecoder{}).Decode(t.Context(), bytes.NewReader(read(t, "dependabot-rest.json")))
	require.NoError(t, err)
	assert.Equal(t, github.FormatDependabot, doc.Source.Format)
	require.Len(t, doc.Findings, 2)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSCA, f.Kind)
	assert.Equal(t, "GHSA-c2qf-rxjj-qqgw", f.Rule)
	assert.Equal(t, "Prototype pollution in @acme/parser", f.Title)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, []aspm.Vuln{{ID: "GHSA-c2qf-rxjj-qqgw", Aliases: []string{"CVE-2022-25883"}}}, f.Vulns)
	assert.Equal(t, []int{1321}, f.CWEs)
	assert.Equal(t, []aspm.CVSS{
		{Source: "ghsa", Version: "3.1", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", Score: 7.5},
		{Source: "ghsa", Version: "4.0", Vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:H/VA:N/SC:N/SI:N/SA:N", Score: 8.7},
	}, f.CVSS)
	assert.Equal(t, []string{"1.4.2"}, f.FixedVersions)
	require.NotNil(t, f.Component)
	assert.Equal(t, "pkg:npm/%40acme/parser", f.Component.PURL.String())
	assert.Equal(t, aspm.ScopeDirect, f.Component.Scope)
	assert.Equal(t, []string{"web/package-lock.json"}, f.Component.Paths)
	assert.Equal(t, []aspm.Location{{File: "web/package-lock.json"}}, f.Locations)
	assert.Empty(t, f.Status)
	assert.Equal(t, []string{"https://github.com/acme/web/security/dependabot/7", "https://nvd.nist.gov/vuln/detail/CVE-2022-25883"}, f.References)
	assert.Equal(t, "< 1.4.2", f.Properties["vulnerable_version_range"])
	assert.Equal(t, `[{"percentage":0.00045,"percentile":"0.16001e0"}]`, f.Properties["epss"])
	assert.Equal(t, "7", f.Properties["number"])
	assert.Equal(t, "runtime", f.Properties["dependency_scope"])
	assert.NotContains(t, f.Properties, "dismissed_at", "nulls are left out")
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/0"}, f.Provenance)
	assert.Equal(t, map[string]string{"github/alert": "https://github.com/acme/web/security/dependabot/7"}, f.Fingerprints)

	g := doc.Findings[1]
	assert.Equal(t, "pkg:pypi/django-rest", g.Component.PURL.String())
	assert.Equal(t, aspm.StatusFalsePositive, g.Status)
	require.NotNil(t, g.VEX)
	assert.Equal(t, aspm.VEXNotAffected, g.VEX.State)
	assert.Equal(t, aspm.SeverityMedium, g.Severity)
	assert.Nil(t, g.FixedVersions)
	assert.Equal(t, "octocat", g.Properties["dismissed_by"])
	assert.Equal(t, "acme/api", g.Properties["repository"])
	assert.Equal(t, "only in a test helper", g.Properties["dismissed_comment"])
}

func TestDecodeDependabotBadRecord(t *testing.T) {
	doc, err := (&github.DependabotDecoder{}).Decode(t.Context(), bytes.NewReader(read(t, "dependabot-bad-record.json")))
	require.NoError(t, err)
	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, "/0", doc.Diagnostics[0].Pointer)
	require.Len(t, doc.Findings, 1)
	f := doc.Findings[0]
	assert.Equal(t, aspm.StatusFixed, f.Status)
	assert.Equal(t, "pkg:gem/rack", f.Component.PURL.String())
	assert.Equal(t, []string{"2.2.6"}, f.FixedVersions)
	assert.Equal(t, aspm.SeverityLow, f.Severity)
	assert.Equal(t, 0, f.Provenance.Index)
	assert.Equal(t, "/1", f.Provenance.Pointer)
}

func TestDecodeGraphQL(t *testing.T) {
	doc, err := (&github.DependabotGraphQLDecoder{}).Decode(t.Context(), bytes.NewReader(read(t, "graphql-search.json")))
	require.NoError(t, err)
	assert.Equal(t, github.FormatDependabotGraphQL, doc.Source.Format)
	require.NotNil(t, doc.Source.Target)
	assert.Equal(t, "acme/service", doc.Source.Target.Name)
	require.Len(t, doc.Diagnostics, 1, "GraphQL errors become diagnostics")
	require.Len(t, doc.Findings, 1)

	f := doc.Findings[0]
	assert.Equal(t, "GHSA-4374-p667-p6c8", f.Rule)
	assert.Equal(t, []aspm.Vuln{{ID: "GHSA-4374-p667-p6c8", Aliases: []string{"CVE-2023-39325"}}}, f.Vulns)
	assert.Equal(t, aspm.SeverityMedium, f.Severity)
	assert.Equal(t, "MODERATE", f.ToolSeverity)
	assert.Equal(t, []int{400, 770}, f.CWEs)
	assert.Equal(t, "pkg:golang/golang.org/x/net@v1.2.3", f.Component.PURL.String())
	assert.Equal(t, []string{"0.17.0"}, f.FixedVersions)
	assert.Equal(t, aspm.StatusAccepted, f.Status)
	require.Len(t, f.CVSS, 1)
	assert.Equal(t, 7.5, f.CVSS[0].Score)
	assert.Equal(t, "acme/service", f.Properties["repository"])
	assert.Equal(t, "RUNTIME", f.Properties["dependencyScope"])
	assert.Equal(t, "/data/search/nodes/0/vulnerabilityAlerts/edges/0/node", f.Provenance.Pointer)
	assert.Equal(t, map[string]string{"github/alert": "RVA_1"}, f.Fingerprints, "two alerts on one package in two manifests stay apart")
	assert.Equal(t, "https://github.com/advisories/GHSA-4374-p667-p6c8", f.References[0])
}

func TestDecodeCodeScanning(t *testing.T) {
	doc, err := (&github.CodeScanningDecoder{}).Decode(t.Context(), bytes.NewReader(read(t, "code-scanning.json")))
	require.NoError(t, err)
	assert.Equal(t, github.FormatCodeScanning, doc.Source.Format)
	require.Len(t, doc.Findings, 2)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSAST, f.Kind)
	assert.Equal(t, aspm.Tool{Name: "CodeQL", Version: "2.16.2"}, f.Tool)
	assert.Equal(t, "py/path-injection", f.Rule)
	assert.Equal(t, "Uncontrolled data used in path expression", f.Title)
	assert.Equal(t, "This path depends on a user-provided value.", f.Description)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, "high", f.ToolSeverity)
	assert.Equal(t, []int{22, 73}, f.CWEs)
	assert.Equal(t, []string{"correctness", "security", "classification:test"}, f.Tags)
	assert.Equal(t, []aspm.Location{{File: "app/files.py", Region: &aspm.Region{StartLine: 78, EndLine: 78, StartColumn: 25, EndColumn: 63}}}, f.Locations)
	assert.Equal(t, "refs/heads/main", f.Properties["instance.ref"])
	assert.Equal(t, "# Path injection\nValidate paths.", f.Properties["rule.help"])
	assert.Equal(t, []string{"https://github.com/acme/web/security/code-scanning/35"}, f.References)

	g := doc.Findings[1]
	assert.Equal(t, aspm.StatusFalsePositive, g.Status)
	assert.Equal(t, aspm.SeverityMedium, g.Severity)
	assert.Equal(t, aspm.Tool{Name: "ESLint"}, g.Tool, `"None" is no version`)
	assert.Equal(t, "web/a.js", g.Locations[0].File)
	assert.Equal(t, "octocat", g.Properties["dismissed_by"])
}

// TestSecretsNeverKept decodes secret scanning alerts and checks that no
// raw secret value survives anywhere in the document.
func TestSecretsNeverKept(t *testing.T) {
	doc, err := (&github.SecretScanningDecoder{}).Decode(t.Context(), bytes.NewReader(read(t, "secret-scanning.json")))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 3)
	out, err := json.Marshal(doc)
	require.NoError(t, err)
	var alerts []struct {
		Secret string `json:"secret"`
	}
	require.NoError(t, json.Unmarshal(read(t, "secret-scanning.json"), &alerts))
	for _, a := range alerts {
		require.NotEmpty(t, a.Secret)
		assert.NotContains(t, string(out), a.Secret)
		quoted, _ := json.Marshal(a.Secret)
		assert.NotContains(t, string(out), string(quoted[1:len(quoted)-1]))
	}

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSecret, f.Kind)
	assert.Equal(t, "github_personal_access_token", f.Rule)
	assert.Equal(t, "GitHub Personal Access Token exposed", f.Title)
	assert.Equal(t, aspm.StatusFixed, f.Status, "revoked")
	require.NotNil(t, f.Secret)
	assert.Equal(t, aspm.SecretHash("ghp_R4wS3cr3tT0k3nV4lu3F0rT3st1ngOnly0001"), f.Secret.Hash)
	assert.Equal(t, aspm.RedactSecret("ghp_R4wS3cr3tT0k3nV4lu3F0rT3st1ngOnly0001"), f.Secret.Redacted)
	assert.True(t, f.Secret.Verified)
	assert.Equal(t, "f14d7debf9775f957cf4f1e8176da0786431f72b", f.Secret.Commit)
	assert.Equal(t, []aspm.Location{
		{File: "config/deploy.env", Region: &aspm.Region{StartLine: 5, EndLine: 5, StartColumn: 15, EndColumn: 55}},
		{URL: "https://github.com/acme/web/issues/1#issuecomment-1"},
	}, f.Locations)
	assert.Equal(t, "monalisa", f.Properties["resolved_by"])
	assert.Contains(t, f.Properties["resolution_comment"], f.Secret.Redacted)

	assert.Empty(t, doc.Findings[1].Status)
	assert.False(t, doc.Findings[1].Secret.Verified)
	assert.Equal(t, aspm.StatusFalsePositive, doc.Findings[2].Status)
}

func TestDecodeErrors(t *testing.T) {
	decs := map[string]func([]byte) error{
		"dependabot": func(b []byte) error {
			_, err := (&github.DependabotDecoder{}).Decode(t.Context(), bytes.NewReader(b))
			return err
		},
		"graphql": func(b []byte) error {
			_, err := (&github.DependabotGraphQLDecoder{}).Decode(t.Context(), bytes.NewReader(b))
			return err
		},
		"code": func(b []byte) error {
			_, err := (&github.CodeScanningDecoder{}).Decode(t.Context(), bytes.NewReader(b))
			return err
		},
		"secret": func(b []byte) error {
			_, err := (&github.SecretScanningDecoder{}).Decode(t.Context(), bytes.NewReader(b))
			return err
		},
	}
	for name, dec := range decs {
		t.Run(name, func(t *testing.T) {
			assert.Error(t, dec(read(t, "truncated.json")), "truncated")
			assert.ErrorIs(t, dec([]byte(`"a string"`)), decode.ErrNotFormat)
		})
	}
	assert.ErrorIs(t, decs["dependabot"](read(t, "code-scanning.json")), decode.ErrNotFormat)
	assert.ErrorIs(t, decs["code"](read(t, "secret-scanning.json")), decode.ErrNotFormat)
	assert.ErrorIs(t, decs["secret"](read(t, "dependabot-rest.json")), decode.ErrNotFormat)
	assert.ErrorIs(t, decs["graphql"]([]byte(`{"data":{"viewer":{"login":"x"}}}`)), decode.ErrNotFormat)
	err := decs["graphql"]([]byte(`{"data":null,"errors":[{"message":"Bad credentials"}]}`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Bad credentials")
}
