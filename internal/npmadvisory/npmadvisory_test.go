package npmadvisory_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/npmadvisory"
)

func TestGHSAFromURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://github.com/advisories/GHSA-p6mc-m468-83gw", "GHSA-p6mc-m468-83gw"},
		{"https://npmjs.com/advisories/1523", ""},
		{"", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, npmadvisory.GHSAFromURL(tt.in), tt.in)
	}
}

func TestVulns(t *testing.T) {
	tests := []struct {
		name string
		ghsa string
		cves []string
		want []aspm.Vuln
	}{
		{"GHSA with CVE aliases", "GHSA-p6mc-m468-83gw", []string{" CVE-2020-8203 ", ""}, []aspm.Vuln{aspm.NewVuln("GHSA-p6mc-m468-83gw", "CVE-2020-8203")}},
		{"first CVE without GHSA", "", []string{"CVE-2020-1", "CVE-2020-2"}, []aspm.Vuln{aspm.NewVuln("CVE-2020-1", "CVE-2020-2")}},
		{"nothing", "", []string{" "}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, npmadvisory.Vulns(tt.ghsa, tt.cves))
		})
	}
}

func TestVersionRanges(t *testing.T) {
	tests := []struct {
		rng              string
		patched, unfixed []string
	}{
		{">=4.17.19", []string{"4.17.19"}, nil},
		{">= 1.2.3 || >=2.0.0 <3", []string{"1.2.3", "2.0.0"}, []string{"3"}},
		{"<2.6.9 || >=3.0.0 <3.4.1", []string{"3.0.0"}, []string{"2.6.9", "3.4.1"}},
		{">=0.0.0", nil, nil},
		{"<0.0.0", nil, nil},
		{"<=1.0.0", nil, nil},
		{"", nil, nil},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.patched, npmadvisory.PatchedVersions(tt.rng), "patched %q", tt.rng)
		assert.Equal(t, tt.unfixed, npmadvisory.FixedFromVulnerable(tt.rng), "vulnerable %q", tt.rng)
	}
}

func TestReferences(t *testing.T) {
	got := npmadvisory.References("https://a.example/x", "- https://b.example/y.\n- https://a.example/x\n(https://c.example/z)")
	assert.Equal(t, []string{"https://a.example/x", "https://b.example/y", "https://c.example/z"}, got)
	assert.Nil(t, npmadvisory.References("", "no links"))
}

func TestCVSS(t *testing.T) {
	tests := []struct {
		name string
		in   *npmadvisory.CVSS
		want []aspm.CVSS
	}{
		{"nil", nil, nil},
		{"empty", &npmadvisory.CVSS{}, nil},
		{"v3.1", &npmadvisory.CVSS{Score: 7.4, VectorString: "CVSS:3.1/AV:N/AC:H"},
			[]aspm.CVSS{{Source: "ghsa", Version: "3.1", Vector: "CVSS:3.1/AV:N/AC:H", Score: 7.4}}},
		{"score only", &npmadvisory.CVSS{Score: 5}, []aspm.CVSS{{Source: "ghsa", Score: 5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.in.Scores())
		})
	}
}

func TestCVSSVersion(t *testing.T) {
	tests := []struct{ in, want string }{
		{"CVSS:3.1/AV:N", "3.1"},
		{"CVSS:4.0", "4.0"},
		{"AV:N/AC:L/Au:N/C:P", "2.0"},
		{"AV:N", ""},
		{"", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, npmadvisory.CVSSVersion(tt.in), tt.in)
	}
}

func TestJSONList(t *testing.T) {
	assert.Equal(t, `["a>b","c&d"]`, npmadvisory.JSONList([]string{"a>b", "c&d"}))
	assert.Empty(t, npmadvisory.JSONList(nil))
}

func TestGroupByVersion(t *testing.T) {
	in := []npmadvisory.Installed{
		{Version: "1.0.0", Paths: []string{"a>x"}, Dev: true, Optional: true},
		{Version: "2.0.0", Paths: []string{"x"}, Dev: true},
		{Version: "1.0.0", Paths: []string{"b>x", "a>x"}, Dev: true, Bundled: true},
	}
	want := []npmadvisory.VersionGroup{
		{Version: "1.0.0", Index: 0, Paths: []string{"a>x", "b>x"}, Dev: true},
		{Version: "2.0.0", Index: 1, Paths: []string{"x"}, Dev: true},
	}
	assert.Equal(t, want, npmadvisory.GroupByVersion(in))
	assert.Nil(t, npmadvisory.GroupByVersion(nil))
}

func TestComponent(t *testing.T) {
	tests := []struct {
		name   string
		chains []string
		scope  aspm.Scope
	}{
		{"direct", []string{"a>lodash", "lodash"}, aspm.ScopeDirect},
		{"transitive", []string{"a>lodash"}, aspm.ScopeTransitive},
		{"unknown", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := npmadvisory.Component("lodash", "4.17.15", tt.chains)
			assert.Equal(t, "lodash", c.Name)
			assert.Equal(t, "4.17.15", c.Version)
			assert.Equal(t, "npm", c.Ecosystem)
			assert.Equal(t, aspm.PURLFromEcosystem("npm", "lodash", "4.17.15"), c.PURL)
			assert.Equal(t, tt.scope, c.Scope)
		})
	}
}

func TestAdvisoryFinding(t *testing.T) {
	const raw = `{"id": 1523, "module_name": "lodash", "severity": "high", "title": " Prototype Pollution ",
		"cves": ["CVE-2019-10744"], "cwe": "CWE-400", "url": "https://github.com/advisories/GHSA-jf85-cpcp-j695",
		"patched_versions": ">=4.17.12", "references": "- https://example.com/ref",
		"cvss": {"score": 9.1, "vectorString": "CVSS:3.1/AV:N"}}`
	var adv npmadvisory.Advisory
	require.NoError(t, json.Unmarshal([]byte(raw), &adv))
	f := adv.Finding("1523")
	assert.Equal(t, aspm.KindSCA, f.Kind)
	assert.Equal(t, "1523", f.Rule)
	assert.Equal(t, "Prototype Pollution", f.RuleName)
	assert.Equal(t, aspm.ParseSeverity("high"), f.Severity)
	assert.Equal(t, "high", f.ToolSeverity)
	assert.Equal(t, []int{400}, f.CWEs)
	assert.Equal(t, []aspm.Vuln{aspm.NewVuln("GHSA-jf85-cpcp-j695", "CVE-2019-10744")}, f.Vulns)
	assert.Equal(t, []aspm.CVSS{{Source: "ghsa", Version: "3.1", Vector: "CVSS:3.1/AV:N", Score: 9.1}}, f.CVSS)
	assert.Equal(t, []string{"4.17.12"}, f.FixedVersions)
	assert.Equal(t, []string{"https://github.com/advisories/GHSA-jf85-cpcp-j695", "https://example.com/ref"}, f.References)
	assert.Empty(t, f.Title, "the decoder sets the bounded title")

	adv.GitHubAdvisoryID = " GHSA-aaaa-bbbb-cccc "
	assert.Equal(t, "GHSA-aaaa-bbbb-cccc", adv.Finding("1").Vulns[0].ID, "github_advisory_id wins over the URL")
}

func TestMembers(t *testing.T) {
	m := npmadvisory.Members()
	assert.Contains(t, m, "findings")
	assert.NotContains(t, m, "patched_versions", "kept as a property")
	m[0] = "changed"
	assert.Equal(t, "id", npmadvisory.Members()[0], "every call returns a new slice")
}
