package builtin_test

import (
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/score"
	"github.com/posturekit/posture/score/builtin"
	"github.com/posturekit/posture/score/epss"
	"github.com/posturekit/posture/score/kev"
)

// benchView gives each issue one of a few business contexts, chosen by
// the last byte of its ID, as a graph lookup would.
type benchView struct{ ctx [4]graph.IssueContext }

func (v *benchView) IssueContext(is *aspm.Issue) graph.IssueContext {
	return v.ctx[is.ID[len(is.ID)-1]%4]
}

func (v *benchView) Coverage(target string) graph.Coverage { return graph.Nop().Coverage(target) }

func newBenchView() *benchView {
	svc := func(name string, tier aspm.Tier, exp aspm.Exposure, env aspm.Environment, data []aspm.DataClass, ctl []aspm.Control) graph.IssueContext {
		return graph.IssueContext{
			Services: []graph.ServiceContext{{Name: name, Tier: tier, Exposure: exp, Environments: []aspm.Environment{env}, DataClasses: data, Controls: ctl}},
			Tier:     tier, Exposure: exp, Environments: []string{string(env)}, DataClasses: data, Production: env.IsProduction(),
		}
	}
	return &benchView{ctx: [4]graph.IssueContext{
		{},
		svc("checkout", aspm.TierCritical, aspm.ExposureInternet, aspm.EnvProduction, []aspm.DataClass{aspm.DataPCI}, []aspm.Control{aspm.ControlWAF}),
		svc("reports", aspm.TierMedium, aspm.ExposureInternal, aspm.EnvProduction, []aspm.DataClass{aspm.DataPII}, nil),
		svc("sandbox", aspm.TierLow, aspm.ExposureNone, aspm.EnvTest, nil, []aspm.Control{aspm.ControlNetworkIsolation}),
	}}
}

var benchVectors = []string{
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
	"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H",
	"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H",
	"CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",
	"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
	"CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
	"AV:N/AC:L/Au:N/C:P/I:P/A:P",
	"",
}

// benchIssues builds n issues over a pool of 20,000 findings: CVEs with
// vectors from several sources and versions, reachability levels, some in
// EPSS and KEV, and SAST issues with a severity only.
func benchIssues(n int) []aspm.Issue {
	levels := []aspm.ReachabilityLevel{aspm.ReachUnknown, aspm.ReachFunction, aspm.ReachPackage, aspm.ReachUnreachable, aspm.ReachUnknown}
	pool := make([]aspm.Finding, 20000)
	for i := range pool {
		f := &pool[i]
		f.Kind = aspm.KindSCA
		if v := benchVectors[i%len(benchVectors)]; v != "" {
			f.CVSS = []aspm.CVSS{{Source: "ghsa", Vector: v}, {Source: "nvd", Vector: benchVectors[(i+1)%len(benchVectors)], Score: 7.5}}
		} else {
			f.Kind = aspm.KindSAST
		}
		if l := levels[i%len(levels)]; l != "" {
			f.Reachability = &aspm.Reachability{Level: l}
		}
	}
	issues := make([]aspm.Issue, n)
	for i := range issues {
		p := i % len(pool)
		is := &issues[i]
		is.ID = fmt.Sprintf("%016x", i)
		is.Severity = aspm.SeverityHigh
		is.Findings = []*aspm.Finding{&pool[p]}
		if pool[p].Kind == aspm.KindSCA {
			is.Vulns = []string{fmt.Sprintf("CVE-2024-%05d", p), fmt.Sprintf("GHSA-%04d", p)}
		}
	}
	return issues
}

func benchConfig(b *testing.B) builtin.Config {
	var csv strings.Builder
	csv.WriteString("#model_version:v2025.03.14,score_date:2026-11-27T00:00:00+0000\ncve,epss,percentile\n")
	for i := range 250000 {
		fmt.Fprintf(&csv, "CVE-2024-%05d,%.5f,%.5f\n", i, float64(i%1000)/1000, float64(i%997)/997)
	}
	d, err := epss.Load(strings.NewReader(csv.String()), "epss.csv")
	if err != nil {
		b.Fatal(err)
	}
	var js strings.Builder
	js.WriteString(`{"catalogVersion":"2026.11.27","dateReleased":"2026-11-27T00:00:00Z","vulnerabilities":[`)
	for i := range 1500 {
		if i > 0 {
			js.WriteByte(',')
		}
		fmt.Fprintf(&js, `{"cveID":"CVE-2024-%05d","dateAdded":"2025-01-02","dueDate":"2025-01-23","knownRansomwareCampaignUse":"Unknown"}`, i*13)
	}
	js.WriteString("]}")
	c, err := kev.Load(strings.NewReader(js.String()), "kev.json")
	if err != nil {
		b.Fatal(err)
	}
	return builtin.Config{EPSS: d, KEV: c, Clock: func() time.Time { return time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC) }}
}

// BenchmarkScoreAll1M scores 1,000,000 issues with every built-in scorer
// enabled (EPSS of 250,000 CVEs, KEV of 1,500 entries, business context
// from a view); one op is the whole million.
func BenchmarkScoreAll1M(b *testing.B) { benchScoreAll(b, 1_000_000) }

// BenchmarkScoreAll100k is the same on 100,000 issues.
func BenchmarkScoreAll100k(b *testing.B) { benchScoreAll(b, 100_000) }

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchScoreAll(b *testing.B, n int) {
	cfg := benchConfig(b)
	issues := benchIssues(n)
	view := newBenchView()
	eng := builtin.New(cfg, score.WithClock(cfg.Clock))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
		if err := eng.ScoreAll(b.Context(), issues, view); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	// CPU seconds per op, which the load of other processes on a shared
	// machine does not inflate as it does wall time.
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	var counts = map[aspm.Priority]int{}
	for _, is := range issues {
		counts[is.Priority]++
	}
	b.Logf("priorities: %v", counts)
}
