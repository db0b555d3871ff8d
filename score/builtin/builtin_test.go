package builtin_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/correlate"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/score"
	"github.com/posturekit/posture/score/builtin"
	"github.com/posturekit/posture/score/epss"
	"github.com/posturekit/posture/score/kev"
	"github.com/posturekit/posture/score/scoretest"
)

var now = func() time.Time { return time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC) }

const epssCSV = `#model_version:v2025.03.14,score_date:2026-11-27T00:00:00+0000
cve,epss,percentile
CVE-2021-44228,0.94358,0.99962
CVE-2022-24999,0.01,0.75
CVE-2023-0001,0.2,0.95
`

const kevJSON = `{"title":"CISA Catalog of Known Exploited Vulnerabilities","catalogVersion":"2026.11.27",
"dateReleased":"2026-11-27T15:00:00.000Z","count":1,"vulnerabilities":[
{"cveID":"CVE-2021-44228","vendorProject":"Apache","product":"Log4j2","vulnerabilityName":"Apache Log4j2 RCE",
"dateAdded":"2021-12-10","dueDate":"2021-12-24","knownRansomwareCampaignUse":"Known"}]}`

func config(t *testing.T) builtin.Config {
	t.Helper()
	d, err := epss.Load(strings.NewReader(epssCSV), "epss.csv")
	require.NoError(t, err)
	c, err := kev.Load(strings.NewReader(kevJSON), "kev.json")
	require.NoError(t, err)
	return builtin.Config{EPSS: d, KEV: c, Clock: now}
}

// world returns documents and a graph with an inventory: the checkout
// service (critical, internet, pci, production, WAF) uses qs and log4j.
func world(t *testing.T) ([]*aspm.Document, *graph.Graph) {
	t.Helper()
	sbom := aspmtest.SBOM("sboms/checkout.cdx.json", [][2]string{
		{"pkg:npm/checkout@1.0.0", "pkg:npm/qs@6.5.2"},
		{"pkg:npm/checkout@1.0.0", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"},
	})
	scan := aspmtest.Doc("trivy",
		aspmtest.SCA("CVE-2022-24999", "pkg:npm/qs@6.5.2").CVSS("nvd", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H").Build(),
		aspmtest.SCA("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").
			CVSS("nvd", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H").Reachability(aspm.ReachFunction).Build(),
		aspmtest.SCA("CVE-2023-0001", "pkg:golang/example.com/lib@v1.0.0").CVSS("ghsa", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N").
			Reachability(aspm.ReachUnreachable).Build(),
		aspmtest.SAST("go/sql-injection", "main.go", 12).Severity(aspm.SeverityHigh).Build(),
		aspmtest.Secret("AKIAIOSFODNN7EXAMPLE", "config.env", 3).Build(),
		aspmtest.SAST("note", "main.go", 40).Build(),
	)
	g := graph.New()
	require.NoError(t, g.AddDocument(sbom))
	require.NoError(t, g.AddDocument(scan))
	require.NoError(t, g.AddInventory(&aspm.Inventory{File: "inventory.yaml", Services: []aspm.Service{{
		Name: "checkout", Tier: aspm.TierCritical, Exposure: aspm.ExposureInternet,
		DataClasses: []aspm.DataClass{aspm.DataPCI}, Environments: []aspm.Environment{aspm.EnvProduction},
		Controls: []aspm.Control{aspm.ControlWAF}, SBOMs: []string{"checkout.cdx.json"},
	}}}))
	return []*aspm.Document{sbom, scan}, g
}

func checkSums(t *testing.T, issues []aspm.Issue) {
	t.Helper()
	scoretest.CheckScores(t, issues)
}

func TestContributionsAddUp(t *testing.T) {
	docs, g := world(t)
	res, err := correlate.Correlate(t.Context(), docs)
	require.NoError(t, err)
	require.Len(t, res.Issues, 6)
	eng := builtin.New(config(t), score.WithClock(now))
	require.NoError(t, eng.ScoreAll(t.Context(), res.Issues, g))
	checkSums(t, res.Issues)

	score.Sort(res.Issues)
	top := res.Issues[0]
	assert.Equal(t, "CVE-2021-44228", top.Vulns[0])
	assert.Equal(t, aspm.Priority("P0"), top.Priority)
	names := []string{}
	for _, f := range top.Score.Factors {
		names = append(names, f.Name)
	}
	assert.Equal(t, []string{"cvss", "epss", "kev", "ssvc", "reachability", "business"}, names)
	for _, is := range res.Issues {
		t.Logf("%-6.2f %s %-20s %v", is.Score.Value, is.Priority, is.Title, factorList(is.Score.Factors))
	}
}

func factorList(fs []aspm.Factor) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name+"="+strconv.FormatFloat(f.Contribution, 'f', -1, 64))
	}
	return out
}

// TestWeightReordersList: issue A has a critical CVSS vector but is
// unreachable; issue B a medium one, called. With the default weights
// reachability puts B first; raising the cvss weight to 0.6 in the YAML
// puts A first, with the scores computed below.
func TestWeightReordersList(t *testing.T) {
	a := aspmtest.SCA("CVE-2024-0001", "pkg:npm/a@1.0.0").CVSS("nvd", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").Reachability(aspm.ReachUnreachable).Build()
	b := aspmtest.SCA("CVE-2024-0002", "pkg:npm/b@1.0.0").CVSS("nvd", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N").Reachability(aspm.ReachFunction).Build()
	run := func(yaml string) []aspm.Issue {
		res, err := correlate.Correlate(t.Context(), []*aspm.Document{aspmtest.Doc("govulncheck", a, b)})
		require.NoError(t, err)
		cfg, err := score.LoadConfig(strings.NewReader(yaml))
		require.NoError(t, err)
		require.NoError(t, builtin.New(builtin.Config{Clock: now}, score.WithConfig(cfg), score.WithClock(now)).ScoreAll(t.Context(), res.Issues, nil))
		score.Sort(res.Issues)
		return res.Issues
	}
	// Factors with an opinion: cvss (0.98 / 0.53), ssvc (track: 0.2 for
	// both), reachability (0.05 / 1).
	// Default weights cvss 0.3, ssvc 0.1, reachability 0.15:
	//   A = 100·(0.3·0.98 + 0.1·0.2 + 0.15·0.05)/0.55 = 58.45
	//   B = 100·(0.3·0.53 + 0.1·0.2 + 0.15·1)/0.55    = 59.82
	before := run("weights:\n  cvss: 0.3\n")
	require.Len(t, before, 2)
	assert.Equal(t, "CVE-2024-0002", before[0].Vulns[0])
	assert.Equal(t, 59.82, before[0].Score.Value)
	assert.Equal(t, 58.45, before[1].Score.Value)
	// cvss 0.6: A = 100·(0.588 + 0.02 + 0.0075)/0.85 = 72.41,
	//           B = 100·(0.318 + 0.02 + 0.15)/0.85   = 57.41.
	after := run("weights:\n  cvss: 0.6\n")
	assert.Equal(t, "CVE-2024-0001", after[0].Vulns[0])
	assert.Equal(t, 72.41, after[0].Score.Value)
	assert.Equal(t, 57.41, after[1].Score.Value)
	checkSums(t, after)
}

func TestDiagnostics(t *testing.T) {
	c := config(t)
	assert.Empty(t, builtin.Diagnostics(c))
	c.Clock = func() time.Time { return time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) }
	diags := builtin.Diagnostics(c)
	require.Len(t, diags, 2)
	assert.Contains(t, diags[0].Message, "dated 2026-11-27")
	assert.Contains(t, diags[1].Message, "released 2026-11-27")
	assert.Equal(t, diags, builtin.New(c).Diagnostics(), "the engine gathers the same from its scorers")
	// Without data, scoring works and the exploit scorers keep quiet.
	docs, g := world(t)
	res, err := correlate.Correlate(t.Context(), docs)
	require.NoError(t, err)
	require.NoError(t, builtin.New(builtin.Config{Clock: now}).ScoreAll(t.Context(), res.Issues, g))
	checkSums(t, res.Issues)
	for _, is := range res.Issues {
		for _, f := range is.Score.Factors {
			assert.NotContains(t, []string{"epss", "kev"}, f.Name)
		}
	}
	assert.Empty(t, builtin.Diagnostics(builtin.Config{}))
}
