package dependencycheck_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest"
	"github.com/posturekit/posture/ingest/dependencycheck"
	"github.com/posturekit/posture/internal/decode"
)

type decoder interface {
	Format() aspm.Format
	Detect([]byte) bool
	Decode(context.Context, io.Reader) (*aspm.Document, error)
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func decodeFixture(t *testing.T, d decoder, name string) *aspm.Document {
	t.Helper()
	doc, err := d.Decode(t.Context(), bytes.NewReader(readFixture(t, name)))
	require.NoError(t, err)
	require.NotNil(t, doc)
	return doc
}

func diags(doc *aspm.Document) string {
	var b strings.Builder
	for _, d := range doc.Diagnostics {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func TestDetect(t *testing.T) {
	heads := map[string]string{
		"xml25":     `<?xml version="1.0"?><analysis xmlns="https://jeremylong.github.io/DependencyCheck/dependency-check.2.5.xsd"><scanInfo>`,
		"xml13":     `<analysis xmlns="https://jeremylong.github.io/DependencyCheck/dependency-check.1.3.xsd">`,
		"xml41":     `<?xml version="1.0"?>` + "\n" + `<analysis xmlns="https://jeremylong.github.io/DependencyCheck/dependency-check.4.1.xsd">`,
		"json":      `{"reportSchema":"1.1","scanInfo":{"engineVersion":"8.0.0"},"projectInfo":{}`,
		"other-ns":  `<analysis xmlns="https://example.com/other"><x/></analysis>`,
		"no-ns":     `<analysis><dependencies/></analysis>`,
		"cyclonedx": `<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.4">`,
		"zap":       `<?xml version="1.0"?><OWASPZAPReport version="2.11.1">`,
		"dtrack":    `{"version":"1.2","meta":{"application":"Dependency-Track"},"project":{},"findings":[]}`,
		"trivy":     `{"SchemaVersion":2,"Results":[]}`,
		"schema":    `{"reportSchema":"x"}`,
	}
	tests := []struct {
		dec  decoder
		want []string
	}{
		{&dependencycheck.XMLDecoder{}, []string{"xml25", "xml13", "xml41"}},
		{&dependencycheck.JSONDecoder{}, []string{"json"}},
	}
	for _, tt := range tests {
		for name, head := range heads {
			t.Run(string(tt.dec.Format())+"/"+name, func(t *testing.T) {
				want := false
				for _, w := range tt.want {
					want = want || w == name
				}
				assert.Equal(t, want, tt.dec.Detect([]byte(head)))
			})
		}
	}
}

func TestDecodeXML(t *testing.T) {
	doc := decodeFixture(t, &dependencycheck.XMLDecoder{}, "maven-and-npm.xml")
	assert.Equal(t, dependencycheck.FormatXML, doc.Source.Format)
	assert.Equal(t, aspm.Tool{Name: "Dependency-Check", Version: "8.4.0", Vendor: "OWASP"}, doc.Source.Tool)
	assert.Equal(t, time.Date(2023, 9, 1, 10, 11, 12, 500000000, time.UTC), doc.Source.ScanTime)
	require.NotNil(t, doc.Source.Target)
	assert.Equal(t, "shop", doc.Source.Target.Name)
	assert.Equal(t, "pkg:maven/com.example/shop@1.0.0", doc.Source.Target.PURL.String())
	require.Len(t, doc.Findings, 4, "one per vulnerability and suppressed vulnerability; none for the clean jar")

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSCA, f.Kind)
	assert.Equal(t, "CVE-2019-12384", f.Rule)
	assert.Equal(t, "CVE-2019-12384 in com.fasterxml.jackson.core:jackson-databind@2.9.8", f.Title)
	assert.Equal(t, []aspm.Vuln{{ID: "CVE-2019-12384"}}, f.Vulns)
	assert.Equal(t, aspm.SeverityMedium, f.Severity)
	assert.Equal(t, "MEDIUM", f.ToolSeverity)
	assert.Equal(t, []int{502}, f.CWEs)
	assert.Equal(t, "HIGHEST", f.Confidence)
	require.NotNil(t, f.Component)
	assert.Equal(t, "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.8", f.Component.PURL.Key())
	assert.Equal(t, "cpe:2.3:a:fasterxml:jackson-databind:2.9.8:*:*:*:*:*:*:*", f.Component.CPE)
	assert.Equal(t, []string{"C:/build/lib/jackson-databind-2.9.8.jar"}, f.Component.Paths)
	assert.Equal(t, []string{"Apache-2.0"}, f.Component.Licenses)
	assert.Equal(t, []aspm.Hash{{Algorithm: "MD5", Value: "aaa"}, {Algorithm: "SHA1", Value: "bbb"}, {Algorithm: "SHA256", Value: "ccc"}}, f.Component.Hashes)
	assert.Equal(t, []aspm.Location{{File: "C:/build/lib/jackson-databind-2.9.8.jar"}, {File: "/opt/app/lib/jackson-databind-2.9.8.jar"}}, f.Locations)
	assert.Equal(t, []aspm.CVSS{
		{Source: "nvd", Version: "2.0", Vector: "AV:N/AC:M/Au:N/C:P/I:N/A:N", Score: 4.3},
		{Source: "nvd", Version: "3.0", Vector: "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", Score: 5.9},
	}, f.CVSS)
	assert.Equal(t, []string{"https://github.com/FasterXML/jackson-databind/issues/2334"}, f.References)
	assert.Empty(t, f.Status)
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/analysis/dependencies/dependency[1]/vulnerabilities/vulnerability[1]"}, f.Provenance)
	assert.Equal(t, "NVD", f.Properties["source"])
	assert.Equal(t, "8.6", f.Properties["cvssV2.exploitabilityScore"])
	assert.Equal(t, "MEDIUM", f.Properties["cvssV3.baseSeverity"])
	assert.NotContains(t, f.Properties, "cvssV3.attackVector", "metrics in the vector are not repeated")
	assert.Contains(t, f.Properties["knownExploitedVulnerability"], `"dueDate":"2024-01-01"`)
	assert.Contains(t, f.Properties["vulnerableSoftware"], `"versionEndExcluding":"2.9.9.1"`)
	assert.Contains(t, f.Properties["relatedDependencies"], "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.8")
	assert.Equal(t, `["shop:compile"]`, f.Properties["projectReferences"])

	s := doc.Findings[1]
	assert.Equal(t, aspm.StatusSuppressed, s.Status)
	assert.Equal(t, []aspm.Vuln{{ID: "sonatype-2019-0115"}}, s.Vulns)
	assert.Equal(t, aspm.SeverityCritical, s.Severity, "no severity word: from the CVSS score")
	assert.Empty(t, s.ToolSeverity)
	assert.Equal(t, []aspm.CVSS{{Source: "ossindex", Version: "3.1", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", Score: 9.8}}, s.CVSS)
	assert.Equal(t, "Not reachable: polymorphic typing is off.", s.Properties["notes"])
	assert.Equal(t, "/analysis/dependencies/dependency[1]/vulnerabilities/suppressedVulnerability[1]", s.Provenance.Pointer)

	npm := doc.Findings[2]
	assert.Equal(t, []aspm.Vuln{{ID: "NPM-1179"}}, npm.Vulns, "a bare npm advisory number gets its source")
	assert.Equal(t, aspm.SeverityMedium, npm.Severity)
	assert.Equal(t, "true", npm.Properties["unscored"])
	assert.Equal(t, "true", npm.Properties["isVirtual"])
	assert.Contains(t, npm.Properties["references"], "no url here", "references without a URL are kept")
	assert.Equal(t, "pkg:npm/minimist@0.0.8", npm.Component.PURL.String())
	assert.Empty(t, npm.Component.Hashes)

	cwe := doc.Findings[3]
	assert.Empty(t, cwe.Vulns, "a CWE title is not an advisory id")
	assert.Equal(t, []int{20}, cwe.CWEs)
	assert.Equal(t, []aspm.CVSS{{Source: "ossindex", Version: "3.1", Score: 7.3}}, cwe.CVSS, "no vector from partial metrics")
	assert.Equal(t, "N", cwe.Properties["cvssV3.attackVector"], "partial metrics are kept")
	assert.Equal(t, 3, cwe.Provenance.Index)
}

func TestDecodeXMLLegacy(t *testing.T) {
	doc := decodeFixture(t, &dependencycheck.XMLDecoder{}, "legacy-1.3.xml")
	require.Len(t, doc.Findings, 1)
	f := doc.Findings[0]
	assert.Equal(t, time.Date(2016, 11, 5, 18, 52, 15, 748000000, time.UTC), doc.Source.ScanTime)
	assert.Equal(t, "pkg:maven/xalan/serializer@2.7.1", f.Component.PURL.String())
	assert.Equal(t, "cpe:/a:apache:xalan-java:2.7.1", f.Component.CPE)
	assert.Equal(t, []aspm.CVSS{{Version: "2.0", Vector: "AV:N/AC:L/Au:N/C:P/I:P/A:P", Score: 7.5}}, f.CVSS)
	assert.Equal(t, []int{264}, f.CWEs)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, []aspm.Location{{File: "lib/serializer-2.7.1.jar"}}, f.Locations)
}

func TestDecodeJSON(t *testing.T) {
	doc := decodeFixture(t, &dependencycheck.JSONDecoder{}, "report.json")
	assert.Equal(t, dependencycheck.FormatJSON, doc.Source.Format)
	assert.Equal(t, "12.1.0", doc.Source.Tool.Version)
	assert.Equal(t, "api", doc.Source.Target.Name)
	require.Len(t, doc.Findings, 3)

	f := doc.Findings[0]
	assert.Equal(t, []aspm.Vuln{{ID: "CVE-2021-44228"}}, f.Vulns)
	assert.Equal(t, aspm.SeverityCritical, f.Severity)
	assert.Equal(t, []int{20, 400, 502}, f.CWEs)
	assert.Equal(t, []aspm.CVSS{
		{Source: "nvd", Version: "2.0", Vector: "AV:N/AC:M/Au:N/C:C/I:C/A:C", Score: 9.3},
		{Source: "nvd", Version: "3.1", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", Score: 10},
		{Source: "nvd", Version: "4.0", Vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", Score: 10},
	}, f.CVSS)
	assert.Equal(t, "security@apache.org", f.Properties["cvssv4.source"])
	assert.Contains(t, f.Properties["knownExploitedVulnerability"], "Log4j2")
	assert.Contains(t, f.Properties["includedBy"], "pkg:maven/com.example/api@1.0")
	assert.Equal(t, []aspm.Location{{File: "/app/lib/log4j-core-2.14.1.jar"}, {File: "/app/lib/log4j-api-2.14.1.jar"}}, f.Locations)
	assert.Equal(t, "/dependencies/0/vulnerabilities/0", f.Provenance.Pointer)

	s := doc.Findings[1]
	assert.Equal(t, aspm.StatusSuppressed, s.Status)
	assert.Equal(t, []aspm.Vuln{{ID: "GHSA-jfh8-c2jp-5v3q"}}, s.Vulns)
	assert.Equal(t, "/dependencies/0/suppressedVulnerabilities/0", s.Provenance.Pointer)
	assert.Equal(t, []aspm.CVSS{{Source: "retirejs", Version: "3.1", Vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H", Score: 9}}, s.CVSS)

	n := doc.Findings[2]
	assert.Equal(t, []aspm.Vuln{{ID: "NPM-1523"}}, n.Vulns)
	assert.Equal(t, "pkg:npm/lodash@4.17.15", n.Component.PURL.String())
	assert.Equal(t, 2, n.Provenance.Index)

	d := diags(doc)
	assert.Contains(t, d, "/dependencies/0/vulnerabilities/1: error: unreadable vulnerability")
	assert.Contains(t, d, "/dependencies/2: error: unreadable dependency")
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		dec  decoder
		in   string
		want error
	}{
		{"json wrong shape", &dependencycheck.JSONDecoder{}, `{"SchemaVersion":2}`, decode.ErrNotFormat},
		{"json dependencies not a list", &dependencycheck.JSONDecoder{}, `{"reportSchema":"1.1","dependencies":{}}`, decode.ErrNotFormat},
		{"json malformed", &dependencycheck.JSONDecoder{}, `{"reportSchema":`, nil},
		{"xml wrong root", &dependencycheck.XMLDecoder{}, `<bom xmlns="http://cyclonedx.org/schema/bom/1.4"/>`, decode.ErrNotFormat},
		{"xml empty", &dependencycheck.XMLDecoder{}, `  `, decode.ErrNotFormat},
		{"xml other namespace", &dependencycheck.XMLDecoder{}, string(readFixture(t, "other-namespace.xml")), decode.ErrNotFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.dec.Decode(t.Context(), strings.NewReader(tt.in))
			require.Error(t, err)
			if tt.want != nil {
				assert.ErrorIs(t, err, tt.want)
			}
		})
	}
}

func TestNoNamespaceWarns(t *testing.T) {
	doc, err := (&dependencycheck.XMLDecoder{}).Decode(t.Context(), strings.NewReader(`<analysis><dependencies/></analysis>`))
	require.NoError(t, err)
	assert.Contains(t, diags(doc), "no Dependency-Check namespace")
}

func TestTruncated(t *testing.T) {
	reg := ingest.NewRegistry(&dependencycheck.XMLDecoder{}, &dependencycheck.JSONDecoder{})
	for _, name := range []string{"truncated.xml", "truncated.json"} {
		t.Run(name, func(t *testing.T) {
			_, err := reg.DecodeFile(t.Context(), "", filepath.Join("testdata", name))
			require.Error(t, err)
			var pe *ingest.ParseError
			assert.True(t, errors.As(err, &pe), "%v", err)
		})
	}
}

func TestHostileXML(t *testing.T) {
	t.Run("billion laughs", func(t *testing.T) {
		start := time.Now()
		_, err := (&dependencycheck.XMLDecoder{}).Decode(t.Context(), bytes.NewReader(readFixture(t, "billion-laughs.xml")))
		require.Error(t, err, "encoding/xml does not expand custom entities")
		assert.Less(t, time.Since(start), 2*time.Second)
	})
	t.Run("deep nesting", func(t *testing.T) {
		in := `<analysis xmlns="https://jeremylong.github.io/DependencyCheck/dependency-check.2.5.xsd"><dependencies><dependency><vulnerabilities><vulnerability><cvssV3>` +
			strings.Repeat("<x>", 100_000) + strings.Repeat("</x>", 100_000) +
			`</cvssV3></vulnerability></vulnerabilities></dependency></dependencies></analysis>`
		start := time.Now()
		_, err := (&dependencycheck.XMLDecoder{}).Decode(t.Context(), strings.NewReader(in))
		require.ErrorIs(t, err, decode.ErrTooDeep)
		var se *decode.SyntaxError
		require.True(t, errors.As(err, &se))
		assert.Positive(t, se.Offset)
		assert.Less(t, time.Since(start), 2*time.Second)
	})
	t.Run("depth limit from the context", func(t *testing.T) {
		ctx := decode.WithLimits(t.Context(), decode.Limits{MaxDepth: 3})
		_, err := (&dependencycheck.XMLDecoder{}).Decode(ctx, bytes.NewReader(readFixture(t, "maven-and-npm.xml")))
		assert.ErrorIs(t, err, decode.ErrTooDeep)
	})
	t.Run("markup that is not nesting", func(t *testing.T) {
		in := `<?xml version="1.0"?><!DOCTYPE analysis [<!ENTITY x "<a><b>">]><!-- <c><d> -->` +
			`<analysis xmlns="https://jeremylong.github.io/DependencyCheck/dependency-check.2.5.xsd" note="a>b/"><![CDATA[<f><g>]]><dependencies/></analysis>`
		ctx := decode.WithLimits(t.Context(), decode.Limits{MaxDepth: 2})
		_, err := (&dependencycheck.XMLDecoder{}).Decode(ctx, strings.NewReader(in))
		require.NoError(t, err)
	})
}

func TestRecordLimit(t *testing.T) {
	ctx := decode.WithLimits(t.Context(), decode.Limits{MaxRecords: 2})
	_, err := (&dependencycheck.XMLDecoder{}).Decode(ctx, bytes.NewReader(readFixture(t, "maven-and-npm.xml")))
	assert.ErrorIs(t, err, decode.ErrTooManyRecords)
}

func TestXMLAndJSONAgree(t *testing.T) {
	// The same finding read from both syntaxes maps the same way.
	x := `<analysis xmlns="https://jeremylong.github.io/DependencyCheck/dependency-check.2.5.xsd"><dependencies><dependency>
<fileName>a.jar</fileName><filePath>/a.jar</filePath>
<identifiers><package confidence="HIGH"><id>pkg:maven/g/a@1</id></package></identifiers>
<vulnerabilities><vulnerability source="NVD"><name>CVE-2020-0001</name><severity>HIGH</severity>
<cvssV3><baseScore>7.5</baseScore><attackVector>NETWORK</attackVector><attackComplexity>LOW</attackComplexity><privilegesRequired>NONE</privilegesRequired><userInteraction>NONE</userInteraction><scope>UNCHANGED</scope><confidentialityImpact>HIGH</confidentialityImpact><integrityImpact>NONE</integrityImpact><availabilityImpact>NONE</availabilityImpact></cvssV3>
<cwes><cwe>CWE-79</cwe></cwes><description>d</description></vulnerability></vulnerabilities></dependency></dependencies></analysis>`
	j := `{"reportSchema":"1.1","scanInfo":{},"dependencies":[{"fileName":"a.jar","filePath":"/a.jar","packages":[{"id":"pkg:maven/g/a@1","confidence":"HIGH"}],
"vulnerabilities":[{"source":"NVD","name":"CVE-2020-0001","severity":"HIGH","cvssv3":{"baseScore":7.5,"attackVector":"NETWORK","attackComplexity":"LOW","privilegesRequired":"NONE","userInteraction":"NONE","scope":"UNCHANGED","confidentialityImpact":"HIGH","integrityImpact":"NONE","availabilityImpact":"NONE"},"cwes":["CWE-79"],"description":"d"}]}]}`
	dx, err := (&dependencycheck.XMLDecoder{}).Decode(t.Context(), strings.NewReader(x))
	require.NoError(t, err)
	dj, err := (&dependencycheck.JSONDecoder{}).Decode(t.Context(), strings.NewReader(j))
	require.NoError(t, err)
	require.Len(t, dx.Findings, 1)
	require.Len(t, dj.Findings, 1)
	fx, fj := dx.Findings[0], dj.Findings[0]
	fx.Provenance, fj.Provenance = aspm.Provenance{}, aspm.Provenance{}
	assert.Equal(t, fx, fj)
}
