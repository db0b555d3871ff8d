package correlate_test

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/correlate"
)

var t0 = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func clock(t time.Time) correlate.Option { return correlate.WithClock(func() time.Time { return t }) }

func run(t *testing.T, docs []*aspm.Document, opts ...correlate.Option) *correlate.Result {
	t.Helper()
	res, err := correlate.Correlate(t.Context(), docs, append([]correlate.Option{clock(t0)}, opts...)...)
	require.NoError(t, err)
	return res
}

func log4j(tool string) *aspmtest.FindingBuilder {
	return aspmtest.SCA("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").Tool(tool).Manifest("pom.xml")
}

func TestCrossToolAliases(t *testing.T) {
	trivy := aspmtest.Doc("trivy", log4j("trivy").Severity(aspm.SeverityCritical).Fixed("2.15.0").Build())
	grype := aspmtest.Doc("grype", aspmtest.SCA("GHSA-jfh8-c2jp-5v3q", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").
		Aliases("CVE-2021-44228").Manifest("/pom.xml").Severity(aspm.SeverityHigh).Fixed("2.16.0").Build())
	osv := aspmtest.Doc("osv-scanner", aspmtest.SCA("GHSA-jfh8-c2jp-5v3q", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").
		Manifest("./pom.xml").Build())
	res := run(t, []*aspm.Document{trivy, grype, osv})
	require.Len(t, res.Issues, 1, "CVE and GHSA of one advisory, from three tools, are one issue")
	is := res.Issues[0]
	assert.Equal(t, []string{"CVE-2021-44228", "GHSA-jfh8-c2jp-5v3q"}, is.Vulns, "canonical CVE first")
	assert.Equal(t, []string{"grype", "osv-scanner", "trivy"}, is.Tools)
	assert.Equal(t, aspm.SeverityCritical, is.Severity)
	assert.Equal(t, "trivy", is.SeveritySource)
	assert.Equal(t, []string{"2.15.0", "2.16.0"}, is.FixedVersions)
	assert.Equal(t, "CVE-2021-44228 in org.apache.logging.log4j:log4j-core@2.14.1", is.Title)
	assert.Len(t, is.Findings, 3)
	require.Len(t, is.Explanation, 2)
	assert.Contains(t, is.Explanation[0], "matched on alias group CVE-2021-44228, package log4j-core version 2.14.1, found in pom.xml")
	assert.Equal(t, []correlate.AliasGroup{{Canonical: "CVE-2021-44228", IDs: []string{"CVE-2021-44228", "GHSA-jfh8-c2jp-5v3q"}}}, res.Groups)
	assert.Equal(t, "grype.json", res.Links[0].Source, "each link records who stated it")
}

func TestIdentityProperties(t *testing.T) {
	base := func() *aspmtest.FindingBuilder {
		return aspmtest.SAST("python.lang.security.audit.sqli", "app/db.py", 40).Tool("semgrep").CWE(89).
			Snippet(`cursor.execute("SELECT * FROM users WHERE id=" + uid)`)
	}
	id := func(b *aspmtest.FindingBuilder, tool string) string {
		res := run(t, []*aspm.Document{aspmtest.Doc(tool, b.Build())})
		require.Len(t, res.Issues, 1)
		return res.Issues[0].ID
	}
	orig := id(base(), "semgrep")

	t.Run("inserting lines above keeps the ID", func(t *testing.T) {
		assert.Equal(t, orig, id(base().Line(57), "semgrep"))
	})
	t.Run("renaming the tool keeps the ID", func(t *testing.T) {
		assert.Equal(t, orig, id(base().Tool("opengrep"), "opengrep"))
	})
	t.Run("a changed snippet is another issue", func(t *testing.T) {
		assert.NotEqual(t, orig, id(base().Snippet("cursor.execute(query, (uid,))"), "semgrep"))
	})
	t.Run("changing the package version makes another issue", func(t *testing.T) {
		a := id(log4j("trivy"), "trivy")
		b := id(aspmtest.SCA("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.0").Manifest("pom.xml"), "trivy")
		assert.NotEqual(t, a, b)
		assert.Equal(t, a, id(log4j("grype"), "grype"), "but not the tool")
	})
	t.Run("another manifest is another issue", func(t *testing.T) {
		assert.NotEqual(t, id(log4j("trivy"), "trivy"), id(log4j("trivy").Manifest("svc/pom.xml"), "trivy"))
	})
}

func TestKinds(t *testing.T) {
	tests := []struct {
		name   string
		docs   []*aspm.Document
		issues int
	}{
		{"same secret from two tools is one issue", []*aspm.Document{
			aspmtest.Doc("gitleaks", aspmtest.Secret("AKIAIOSFODNN7EXAMPLE", "config/aws.env", 3).Build()),
			aspmtest.Doc("trufflehog", aspmtest.Secret("AKIAIOSFODNN7EXAMPLE", "./config/aws.env", 3).Rule("AWS").Build()),
		}, 1},
		{"same secret in two files is two issues", []*aspm.Document{
			aspmtest.Doc("gitleaks", aspmtest.Secret("AKIAIOSFODNN7EXAMPLE", "a.env", 3).Build(), aspmtest.Secret("AKIAIOSFODNN7EXAMPLE", "b.env", 3).Build()),
		}, 2},
		{"semgrep and codeql on one injection are one issue", []*aspm.Document{
			aspmtest.Doc("semgrep", aspmtest.SAST("python.lang.security.audit.sqli", "app/db.py", 40).CWE(89).Build()),
			aspmtest.Doc("codeql", aspmtest.SAST("py/sql-injection", "app/db.py", 41).CWE(89, 943).Build()),
		}, 1},
		{"one tool's two rules with one CWE stay apart", []*aspm.Document{
			aspmtest.Doc("bandit", aspmtest.SAST("B608", "app/db.py", 40).CWE(89).Build(), aspmtest.SAST("B610", "app/db.py", 41).CWE(89).Build()),
		}, 2},
		{"two tools far apart in a file stay apart", []*aspm.Document{
			aspmtest.Doc("semgrep", aspmtest.SAST("r1", "app/db.py", 10).CWE(89).Build()),
			aspmtest.Doc("codeql", aspmtest.SAST("r2", "app/db.py", 90).CWE(89).Build()),
		}, 2},
		{"equivalent IaC checks of Checkov and tfsec are one issue", []*aspm.Document{
			aspmtest.Doc("checkov", aspmtest.IaC("CKV_AWS_19", "aws_s3_bucket.logs", "main.tf").Build()),
			aspmtest.Doc("tfsec", aspmtest.IaC("aws-s3-enable-bucket-encryption", "aws_s3_bucket.logs", "./main.tf").Build()),
		}, 1},
		{"DAST: the same alert on one endpoint template is one issue", []*aspm.Document{
			aspmtest.Doc("zap", aspmtest.DAST("40012", "GET", "https://shop.example/item/123?q=1&b=2", "q").Build(),
				aspmtest.DAST("40012", "get", "HTTPS://shop.example:443/item/456?b=9&q=3#x", "q").Build()),
		}, 1},
		{"DAST: another parameter is another issue", []*aspm.Document{
			aspmtest.Doc("zap", aspmtest.DAST("40012", "GET", "https://shop.example/item/123", "q").Build(),
				aspmtest.DAST("40012", "GET", "https://shop.example/item/123", "id").Build()),
		}, 2},
		{"container: same CVE in two images is two issues", []*aspm.Document{
			aspmtest.Doc("trivy", aspmtest.Container("CVE-2023-0286", "pkg:deb/debian/openssl@1.1.1n-0+deb11u3", "docker.io/library/app:1.0").Build(),
				aspmtest.Container("CVE-2023-0286", "pkg:deb/debian/openssl@1.1.1n-0+deb11u3", "app:2.0").Build()),
			aspmtest.Doc("grype", aspmtest.Container("CVE-2023-0286", "pkg:deb/debian/openssl@1.1.1n-0%2Bdeb11u3?arch=amd64", "app:1.0").Build()),
		}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, tt.docs)
			assert.Len(t, res.Issues, tt.issues)
			n := 0
			for _, d := range tt.docs {
				n += len(d.Findings)
			}
			assert.Equal(t, n, res.Findings)
		})
	}
}

// corpusDocs builds a varied set of documents for order tests.
func varied() []*aspm.Document {
	return []*aspm.Document{
		aspmtest.Doc("trivy", log4j("trivy").Build(), aspmtest.SCA("CVE-2020-8203", "pkg:npm/lodash@4.17.15").Manifest("package-lock.json").Fixed("4.17.19").Build(),
			aspmtest.Container("CVE-2023-0286", "pkg:deb/debian/openssl@1.1.1n-0+deb11u3", "app:1.0").Build()),
		aspmtest.Doc("grype", aspmtest.SCA("GHSA-jfh8-c2jp-5v3q", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").Aliases("CVE-2021-44228").Manifest("pom.xml").Build(),
			aspmtest.SCA("GHSA-p6mc-m468-83gw", "pkg:npm/lodash@4.17.15").Aliases("CVE-2020-8203").Manifest("package-lock.json").Build()),
		aspmtest.Doc("semgrep", aspmtest.SAST("sqli", "app/db.py", 40).CWE(89).Build(), aspmtest.SAST("xss", "app/views.py", 12).CWE(79).Build()),
		aspmtest.Doc("codeql", aspmtest.SAST("py/sql-injection", "app/db.py", 42).CWE(89).Build()),
		aspmtest.Doc("gitleaks", aspmtest.Secret("ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", ".env", 1).Build()),
		aspmtest.Doc("trufflehog", aspmtest.Secret("ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", ".env", 1).Build()),
		aspmtest.Doc("checkov", aspmtest.IaC("CKV_AWS_20", "aws_s3_bucket.logs", "main.tf").Build()),
	}
}

func marshal(t *testing.T, res *correlate.Result) string {
	t.Helper()
	b, err := json.Marshal(struct {
		Issues    []aspm.Issue
		Groups    []correlate.AliasGroup
		FixGroups []correlate.FixGroup
	}{res.Issues, res.Groups, res.FixGroups})
	require.NoError(t, err)
	return string(b)
}

func TestDeterministic(t *testing.T) {
	want := marshal(t, run(t, varied()))
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		docs := varied()
		rng.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
		for _, d := range docs {
			rng.Shuffle(len(d.Findings), func(i, j int) { d.Findings[i], d.Findings[j] = d.Findings[j], d.Findings[i] })
		}
		assert.True(t, want == marshal(t, run(t, docs)), "same issues, IDs and order for any input order")
	}
	res := run(t, varied())
	assert.Len(t, res.Issues, 7, "log4j, lodash, openssl, sqli (2 tools), xss, secret (2 tools), s3")
}

func TestMerge(t *testing.T) {
	want := marshal(t, run(t, varied()))
	docs := varied()
	for split := 1; split < len(docs); split++ {
		a := run(t, docs[:split])
		b := run(t, docs[split:])
		ab, err := a.Merge(t.Context(), b)
		require.NoError(t, err)
		ba, err := b.Merge(t.Context(), a)
		require.NoError(t, err)
		assert.True(t, want == marshal(t, ab), "split at %d", split)
		assert.True(t, want == marshal(t, ba), "merge is commutative (split %d)", split)
		assert.Equal(t, len(docs[:split])+len(docs[split:]), len(docs))
	}
	// Associative: (a+b)+c == a+(b+c).
	a, b, c := run(t, docs[:2]), run(t, docs[2:5]), run(t, docs[5:])
	ab, _ := a.Merge(t.Context(), b)
	abc1, _ := ab.Merge(t.Context(), c)
	bc, _ := b.Merge(t.Context(), c)
	abc2, _ := a.Merge(t.Context(), bc)
	assert.True(t, want == marshal(t, abc1))
	assert.True(t, want == marshal(t, abc2))
}

func TestAliasGroupCap(t *testing.T) {
	var fs []aspm.Finding
	for i := range 10 {
		fs = append(fs, aspmtest.SCA("OSV-2020-000"+string(rune('0'+i)), "pkg:npm/x@1").Aliases("GHSA-big-group-0000").Build())
	}
	res := run(t, []*aspm.Document{aspmtest.Doc("weird", fs...)}, correlate.WithMaxAliasGroup(4))
	require.NotEmpty(t, res.Diagnostics)
	assert.Contains(t, res.Diagnostics[0].Message, "would exceed 4 ids")
	for _, g := range res.Groups {
		assert.LessOrEqual(t, len(g.IDs), 4)
	}
}

// A distro advisory that bundles several CVEs, stated as an alias of each,
// must not make the CVEs one advisory.
func TestAliasNeverJoinsTwoCVEs(t *testing.T) {
	doc := aspmtest.Doc("dtrack",
		aspmtest.SCA("CVE-2022-1111", "pkg:deb/debian/curl@7.74.0-1").Aliases("DSA-5283-1").Build(),
		aspmtest.SCA("CVE-2022-2222", "pkg:deb/debian/curl@7.74.0-1").Aliases("DSA-5283-1").Build())
	res := run(t, []*aspm.Document{doc})
	assert.Len(t, res.Issues, 2)
	require.Len(t, res.Diagnostics, 1)
	assert.Contains(t, res.Diagnostics[0].Message, "would make CVE-2022-2222 and CVE-2022-1111 one advisory")
}

func TestFixGroups(t *testing.T) {
	doc := aspmtest.Doc("trivy",
		aspmtest.SCA("CVE-2020-8203", "pkg:npm/lodash@4.17.15").Fixed("4.17.19").Build(),
		aspmtest.SCA("CVE-2021-23337", "pkg:npm/lodash@4.17.15").Fixed("4.17.21").Build(),
		aspmtest.SCA("CVE-2020-28500", "pkg:npm/lodash@4.17.15").Fixed("4.17.21", "4.17.9").Build(),
		aspmtest.SCA("CVE-2022-0001", "pkg:npm/other@1.0.0").Build(),
	)
	res := run(t, []*aspm.Document{doc})
	require.Len(t, res.FixGroups, 1)
	g := res.FixGroups[0]
	assert.Equal(t, "pkg:npm/lodash", g.Package)
	assert.Equal(t, "4.17.15", g.From)
	assert.Equal(t, "4.17.21", g.To, "the lowest version that fixes all three (4.17.9 is below the installed one)")
	assert.Len(t, g.Issues, 3)
}

// TestLinkRunAnyOrder: findings sharing a link key (one CWE at one place)
// join when some two of them come from different tools and rules, whichever
// comes first: here only the second and third differ in both.
func TestLinkRunAnyOrder(t *testing.T) {
	fs := []aspm.Finding{
		aspmtest.SAST("sqli", "app/db.py", 40).CWE(89).Tool("semgrep").Build(),
		aspmtest.SAST("sqli-format", "app/db.py", 41).CWE(89).Tool("semgrep").Build(),
		aspmtest.SAST("sqli", "app/db.py", 43).CWE(89).Tool("opengrep").Build(),
	}
	for _, order := range [][]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}} {
		var docs []*aspm.Document
		for _, i := range order {
			docs = append(docs, aspmtest.Doc(fs[i].Tool.Name, fs[i]))
		}
		res := run(t, docs)
		assert.Len(t, res.Issues, 1, "order %v", order)
	}
}

// TestManyPlaces: an issue lists each place once, also past the number of
// places it compares one by one.
func TestManyPlaces(t *testing.T) {
	var fs []aspm.Finding
	for line := 1; line <= 40; line++ {
		for range 2 {
			fs = append(fs, aspmtest.Secret("AKIAIOSFODNN7EXAMPLE", "config/aws.env", line).Build())
		}
	}
	res := run(t, []*aspm.Document{aspmtest.Doc("gitleaks", fs...)})
	require.Len(t, res.Issues, 1)
	assert.Len(t, res.Issues[0].Locations, 40)
	assert.Len(t, res.Issues[0].Findings, 80)
}
