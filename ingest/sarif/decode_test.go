package sarif_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/sarif"
	"github.com/posturekit/posture/internal/decode"
)

func decodeFixture(t *testing.T, name string) *aspm.Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	doc, err := (&sarif.Decoder{}).Decode(t.Context(), bytes.NewReader(data))
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
		{"schema", `{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[]}`, true},
		{"version and runs", `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}}}]}`, true},
		{"runs first", `{"runs":[{"tool":{"driver":{"name":"x"}},"results":[]}],"version":"2.1.0"}`, true},
		{"sarif 1.0 with bom", "\xef\xbb\xbf" + `{"$schema":"http://json.schemastore.org/sarif-1.0.0","version":"1.0.0","runs":[]}`, true},
		{"head cut in runs", `{"runs":[{"tool":{"driver":{"name":"CodeQL","rules":[{"id":"a"`, true},
		{"trivy json", `{"SchemaVersion":2,"ArtifactName":"alpine","Results":[]}`, false},
		{"cyclonedx", `{"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":[]}`, false},
		{"semgrep json", `{"version":"1.70.0","results":[],"errors":[],"paths":{"scanned":[]}}`, false},
		{"runs of another shape", `{"runs":[1,2,3]}`, false},
		{"array", `[{"version":"2.1.0","runs":[]}]`, false},
		{"xml", `<?xml version="1.0"?><sarif/>`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, (&sarif.Decoder{}).Detect([]byte(tt.head)))
		})
	}
}

func TestDecodeCodeQLTwoRuns(t *testing.T) {
	doc := decodeFixture(t, "codeql-two-runs.sarif")
	assert.Equal(t, aspm.Tool{Name: "CodeQL", Version: "2.19.3", Vendor: "GitHub"}, doc.Source.Tool)
	assert.Equal(t, sarif.Format, doc.Source.Format)
	assert.Equal(t, time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), doc.Source.ScanTime)
	require.NotNil(t, doc.Source.Target)
	assert.Equal(t, "https://github.com/example/app", doc.Source.Target.Name)
	require.Len(t, doc.Findings, 4, "the pass result is not a finding")

	xss := doc.Findings[0]
	assert.Equal(t, aspm.KindSAST, xss.Kind)
	assert.Equal(t, "js/xss", xss.Rule)
	assert.Empty(t, xss.RuleName, "a rule name equal to its id is no name")
	assert.Equal(t, "Cross-site scripting vulnerability due to [user-provided value](1).", xss.Title)
	assert.Equal(t, "Writing user input directly to the DOM allows for a cross-site scripting vulnerability.", xss.Description)
	assert.Equal(t, aspm.SeverityCritical, xss.Severity, "the result's security-severity 9.3 overrides the rule's 6.1")
	assert.Equal(t, "9.3", xss.ToolSeverity)
	assert.Equal(t, "high", xss.Confidence)
	assert.Equal(t, []int{79, 116}, xss.CWEs)
	assert.Equal(t, []string{"security", "external/cwe/cwe-079", "external/cwe/cwe-116"}, xss.Tags)
	assert.Equal(t, []string{"https://codeql.github.com/codeql-query-help/javascript/js-xss/"}, xss.References)
	require.Len(t, xss.Locations, 1)
	loc := xss.Locations[0]
	assert.Equal(t, "web/src/page one.js", loc.File, "WEB is relative to %SRCROOT%: the chain is joined, escapes decoded")
	assert.Equal(t, &aspm.Region{StartLine: 12, StartColumn: 5, EndLine: 12, EndColumn: 30}, loc.Region)
	assert.Equal(t, aspm.SnippetHash("el.innerHTML = location.hash;"), loc.SnippetHash)
	assert.Equal(t, "  el.innerHTML =   location.hash;\n", loc.Snippet)
	assert.Equal(t, "render", loc.Logical)
	assert.Equal(t, map[string]string{
		"primaryLocationLineHash":              "39fa2ee980eb94b0:1",
		"fingerprints:primaryLocationLineHash": "other",
		"snyk/v1":                              "abc",
	}, xss.Fingerprints)
	require.NotNil(t, xss.Reachability)
	assert.Equal(t, aspm.ReachUnknown, xss.Reachability.Level, "a code flow is no reachability claim")
	assert.Equal(t, []string{"read (web/src/input.js:3)", "web/src/page one.js:12"}, xss.Reachability.Trace)
	assert.JSONEq(t, `{"flows":1,"steps":2,"frames":[{"file":"web/src/input.js","line":3,"logical":"read","message":"location.hash"},{"file":"web/src/page one.js","line":12,"column":5}]}`, xss.Properties["code_flows"])
	assert.Equal(t, "new", xss.Properties["baselineState"])
	assert.Equal(t, "error", xss.Properties["level"], "the level is kept when security-severity decides")
	assert.Equal(t, "codeql/javascript-queries", xss.Properties["tool_component"])
	assert.Equal(t, "https://github.com/example/app/security/code-scanning/7", xss.Properties["github/alertUrl"])
	assert.Equal(t, "path-problem", xss.Properties["rule.kind"])
	assert.NotContains(t, xss.Properties, "security-severity")
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/runs/0/results/0"}, xss.Provenance)
	assert.Empty(t, xss.Status)

	unused := doc.Findings[1]
	assert.Equal(t, "Unused variable, import, function or class", unused.RuleName, "CodeQL's human name is in the rule's properties")
	assert.Equal(t, "Unused variable foo.", unused.Title)
	assert.Equal(t, aspm.SeverityLow, unused.Severity, "note, the rule's default level")
	assert.Equal(t, "note", unused.ToolSeverity)
	assert.Equal(t, "very-high", unused.Confidence)
	assert.Equal(t, aspm.StatusSuppressed, unused.Status, "a suppression without status suppresses")
	assert.Equal(t, "inSource", unused.Properties["suppression.kind"])
	assert.Equal(t, "kept for the API", unused.Properties["suppression.justification"])
	assert.Equal(t, "lib/util.js", unused.Locations[0].File, "an absolute URI under a base is made relative")
	assert.Equal(t, "recommendation", unused.Properties["rule.problem.severity"])

	review := doc.Findings[2]
	assert.Equal(t, "Data from a URL parameter reaches document.write.", review.Title, "the global message string, formatted")
	assert.Equal(t, "review", review.Properties["kind"])
	assert.Equal(t, "none", review.Properties["level"], "a result that is not a fail defaults to level none")
	assert.Equal(t, aspm.SeverityMedium, review.Severity, "the rule's security-severity 6.1")
	assert.Equal(t, aspm.StatusFixed, review.Status, "baselineState absent, and the suppression was rejected")
	assert.Equal(t, "rejected", review.Properties["suppression.status"])
	assert.Equal(t, "src/legacy.js", review.Locations[0].File)
	assert.Equal(t, "/runs/0/results/3", review.Provenance.Pointer)
	assert.Equal(t, 2, review.Provenance.Index)

	semgrep := doc.Findings[3]
	assert.Equal(t, aspm.Tool{Name: "Semgrep OSS", Version: "1.70.0"}, semgrep.Tool)
	assert.Equal(t, "Detected the use of eval()", semgrep.Title, "a long message makes the short description the title")
	assert.True(t, strings.HasPrefix(semgrep.Description, "Detected the use of eval(). eval() can be dangerous"))
	assert.Equal(t, []int{95}, semgrep.CWEs)
	assert.Equal(t, aspm.SeverityMedium, semgrep.Severity)
	assert.Equal(t, "app/views.py", semgrep.Locations[0].File)
	assert.Equal(t, &aspm.Region{StartLine: 7, EndLine: 9}, semgrep.Locations[0].Region)

	var info []string
	for _, d := range doc.Diagnostics {
		info = append(info, string(d.Level)+" "+d.Pointer+" "+d.Message)
	}
	assert.Equal(t, []string{"info /runs/0/results results that report no problem are not findings: 1 pass"}, info)
}

func TestDecodeTrivy(t *testing.T) {
	doc := decodeFixture(t, "trivy-image-and-config.sarif")
	require.Len(t, doc.Findings, 3)

	osPkg := doc.Findings[0]
	assert.Equal(t, aspm.KindContainer, osPkg.Kind, "an OS package vulnerability is a container finding")
	assert.Equal(t, []aspm.Vuln{{ID: "CVE-2023-5363"}}, osPkg.Vulns)
	assert.Equal(t, "openssl: Incorrect cipher key and IV length processing", osPkg.Title)
	assert.Equal(t, aspm.SeverityHigh, osPkg.Severity)
	assert.Equal(t, "7.5", osPkg.ToolSeverity)
	require.NotNil(t, osPkg.Component)
	assert.Equal(t, "libssl3", osPkg.Component.Name)
	assert.Equal(t, "3.1.2-r0", osPkg.Component.Version)
	assert.Equal(t, []string{"3.1.4-r0"}, osPkg.FixedVersions)
	assert.Equal(t, []aspm.CVSS{{Version: "3.1", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", Score: 7.5}}, osPkg.CVSS)
	assert.Equal(t, "library/alpine", osPkg.Locations[0].File)

	lib := doc.Findings[1]
	assert.Equal(t, aspm.KindSCA, lib.Kind)
	assert.Equal(t, []aspm.Vuln{{ID: "GHSA-jf85-cpcp-j695"}}, lib.Vulns)
	assert.Equal(t, aspm.SeverityCritical, lib.Severity)
	require.NotNil(t, lib.Component)
	assert.Equal(t, "pkg:npm/lodash@4.17.4", lib.Component.PURL.String(), "the ecosystem comes from the lockfile's name")
	assert.Equal(t, []string{"app/package-lock.json"}, lib.Component.Paths)
	assert.Equal(t, []string{"4.17.12"}, lib.FixedVersions)

	misconf := doc.Findings[2]
	assert.Equal(t, aspm.KindIaC, misconf.Kind)
	assert.Empty(t, misconf.Vulns)
	assert.Nil(t, misconf.Component)
	assert.Equal(t, &aspm.Region{StartLine: 3, StartColumn: 1, EndLine: 5, EndColumn: 1}, misconf.Locations[0].Region)
}

func TestDecodeSecretIsRedacted(t *testing.T) {
	doc := decodeFixture(t, "gitleaks-secret.sarif")
	require.Len(t, doc.Findings, 1)
	f := doc.Findings[0]
	const value = "AKIAIOSFODNN7EXAMPLE"
	assert.Equal(t, aspm.KindSecret, f.Kind)
	require.NotNil(t, f.Secret)
	assert.Equal(t, aspm.SecretHash(value), f.Secret.Hash)
	assert.Equal(t, aspm.RedactSecret(value), f.Secret.Redacted)
	assert.Equal(t, "aws-access-token", f.Secret.Type)
	assert.Equal(t, "0a1b2c3d", f.Secret.Commit)
	assert.Equal(t, "Dev One", f.Secret.Author)
	assert.Equal(t, "2024-03-01T12:00:00Z", f.Secret.Date)
	require.Len(t, f.Locations, 1)
	assert.Empty(t, f.Locations[0].Snippet)
	assert.Empty(t, f.Locations[0].SnippetHash)
	assert.Equal(t, "config/prod.env", f.Locations[0].File)
	out, err := json.Marshal(f)
	require.NoError(t, err)
	assert.NotContains(t, string(out), value, "the secret appears nowhere in the finding")
	assert.Contains(t, f.Title, "AKIA…LE")
}

func TestDecodeWithoutToolOrLocations(t *testing.T) {
	doc := decodeFixture(t, "no-tool-no-locations.sarif")
	require.Len(t, doc.Findings, 3)

	free := doc.Findings[0]
	assert.Empty(t, free.Tool.Name)
	assert.Equal(t, "Prototype pollution", free.Rule, "a free-text rule id is kept")
	assert.Equal(t, "Prototype pollution", free.Title)
	assert.Empty(t, free.Locations)
	assert.Equal(t, aspm.KindSAST, free.Kind)
	assert.Equal(t, aspm.SeverityLow, free.Severity)

	cve := doc.Findings[1]
	assert.Equal(t, aspm.KindSCA, cve.Kind, "a CVE rule id makes an SCA finding")
	assert.Equal(t, []aspm.Vuln{{ID: "CVE-2020-11022"}}, cve.Vulns)
	assert.Equal(t, aspm.SeverityMedium, cve.Severity, "no level anywhere: warning")
	assert.Equal(t, []aspm.CVSS{{Source: "nvd", Version: "3.0", Score: 6.1}}, cve.CVSS)
	assert.Equal(t, []aspm.Location{{File: "/src/static/jquery.js"}}, cve.Locations, "the analysis target stands in for missing locations")

	cwe := doc.Findings[2]
	assert.Equal(t, aspm.Tool{Name: "Custom Analyzer"}, cwe.Tool)
	assert.Equal(t, "CA1001", cwe.Rule)
	assert.Equal(t, "MD5 is used.", cwe.Title)
	assert.Empty(t, cwe.Locations)
	assert.Equal(t, []int{327, 328, 916}, cwe.CWEs, "rule relationships to CWE taxa (by id and by index) and the result's taxa")
	assert.Equal(t, "/runs/1/results/0", cwe.Provenance.Pointer)

	var warnings []string
	for _, d := range doc.Diagnostics {
		warnings = append(warnings, d.Pointer+" "+d.Message)
	}
	assert.Equal(t, []string{
		"/runs/0/tool run has no tool driver; its tool name is left empty",
		"/runs/0/results 1 results name a rule the run does not describe; they are read without rule metadata",
	}, warnings)
}

func TestDecodeBadValuesBecomeDiagnostics(t *testing.T) {
	doc := decodeFixture(t, "bad-values.sarif")
	require.Len(t, doc.Findings, 2, "values that do not fit are dropped, not the results")
	f := doc.Findings[0]
	assert.Equal(t, aspm.Tool{Name: "osv-scanner", Version: "1.9.0"}, f.Tool)
	assert.Equal(t, "Package 'ansi-html@0.0.1' is vulnerable to 'GHSA-whgm-jr23-g3j9'.", f.Title, "a message given as a plain string")
	assert.Equal(t, []aspm.Vuln{{ID: "GHSA-whgm-jr23-g3j9", Aliases: []string{"CVE-2021-23424"}}}, f.Vulns)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	require.Len(t, f.Locations, 1)
	assert.Equal(t, "web/package-lock.json", f.Locations[0].File, "the artifact named by index")
	assert.Nil(t, f.Locations[0].Region, "the string line number was dropped")
	require.NotNil(t, f.Component)
	assert.Equal(t, "pkg:npm/ansi-html@0.0.1", f.Component.PURL.String())

	second := doc.Findings[1]
	assert.Equal(t, "second", second.Title)
	assert.Equal(t, aspm.SeverityHigh, second.Severity, "the rule's security-severity still applies")
	assert.NotContains(t, second.Properties, "rank", "-1 is SARIF's unset rank")

	var ptrs []string
	for _, d := range doc.Diagnostics {
		assert.Equal(t, aspm.DiagWarning, d.Level)
		ptrs = append(ptrs, d.Pointer)
	}
	assert.Equal(t, []string{"/runs/0/results/0/locations/0/physicalLocation/region/startLine", "/runs/0/results/1/level"}, ptrs,
		"-1 indexes and the odd release date are not reported; the string line and the numeric level are")
}

func TestDecodeRejects(t *testing.T) {
	tests := []struct {
		name  string
		input string
		is    error
		msg   string
	}{
		{"sarif 1.0 with bom", "testdata/sarif-1.0-bom.sarif", decode.ErrUnsupported, "SARIF 1.0.0 is not supported; convert it with sarif-multitool"},
		{"sarif 1.0 schema only", `{"$schema":"http://json.schemastore.org/sarif-1.0.0","runs":[]}`, decode.ErrUnsupported, "SARIF 1.0.0"},
		{"sarif 3", `{"version":"3.0.0","runs":[]}`, decode.ErrUnsupported, "3.0.0"},
		{"other json", `{"SchemaVersion":2,"Results":[]}`, decode.ErrNotFormat, ""},
		{"array", `[1,2]`, decode.ErrNotFormat, ""},
		{"too deep", `{"version":"2.1.0","runs":[` + strings.Repeat("[", 600) + strings.Repeat("]", 600) + `]}`, decode.ErrTooDeep, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.input)
			if strings.HasPrefix(tt.input, "testdata/") {
				var err error
				data, err = os.ReadFile(tt.input)
				require.NoError(t, err)
			}
			_, err := (&sarif.Decoder{}).Decode(t.Context(), bytes.NewReader(data))
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.is)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

func TestDecodeMalformed(t *testing.T) {
	data, err := os.ReadFile("testdata/truncated.sarif")
	require.NoError(t, err)
	_, err = (&sarif.Decoder{}).Decode(t.Context(), bytes.NewReader(data))
	var se *json.SyntaxError
	require.True(t, errors.As(err, &se), "a truncated log is a JSON syntax error: %v", err)
}

func TestDecodeVersions(t *testing.T) {
	for _, tt := range []struct{ input, warning string }{
		{`{"version":"2.1.0","runs":[]}`, ""},
		{`{"version":"2.1.0-rtm.5","runs":[]}`, `SARIF version "2.1.0-rtm.5" read as 2.1.0`},
		{`{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[]}`, "the log states no SARIF version; read as 2.1.0"},
	} {
		doc, err := (&sarif.Decoder{}).Decode(t.Context(), strings.NewReader(tt.input))
		require.NoError(t, err, tt.input)
		if tt.warning == "" {
			assert.Empty(t, doc.Diagnostics)
			continue
		}
		require.Len(t, doc.Diagnostics, 1)
		assert.Equal(t, tt.warning, doc.Diagnostics[0].Message)
	}
}

func TestDecodeRecordLimitAndCancel(t *testing.T) {
	data, err := os.ReadFile("testdata/codeql-two-runs.sarif")
	require.NoError(t, err)
	ctx := decode.WithLimits(t.Context(), decode.Limits{MaxRecords: 2})
	_, err = (&sarif.Decoder{}).Decode(ctx, bytes.NewReader(data))
	assert.ErrorIs(t, err, decode.ErrTooManyRecords)

	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	_, err = (&sarif.Decoder{}).Decode(cancelled, bytes.NewReader(data))
	assert.ErrorIs(t, err, context.Canceled)
}

func TestDecodeIsDeterministic(t *testing.T) {
	data, err := os.ReadFile("testdata/codeql-two-runs.sarif")
	require.NoError(t, err)
	first, err := (&sarif.Decoder{}).Decode(t.Context(), bytes.NewReader(data))
	require.NoError(t, err)
	a, _ := json.Marshal(first)
	for range 5 {
		again, err := (&sarif.Decoder{}).Decode(t.Context(), bytes.NewReader(data))
		require.NoError(t, err)
		b, _ := json.Marshal(again)
		require.Equal(t, string(a), string(b))
	}
}
