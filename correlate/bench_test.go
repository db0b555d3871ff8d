package correlate_test

import (
	"fmt"
	"runtime"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/correlate"
)

// genFindings makes n findings from 5 tools with a realistic duplicate
// rate: about 60% of the problems are seen by one tool and the rest by two
// or three, so that about 40% of the findings are duplicates. Most are SCA
// (as in real estates), with SAST, secrets and IaC mixed in; a third of the
// SCA findings name their advisory by GHSA with the CVE as alias.
func genFindings(n int) []*aspm.Document {
	tools := []string{"trivy", "grype", "osv-scanner", "semgrep", "checkov"}
	docs := make([]*aspm.Document, len(tools))
	for i, t := range tools {
		docs[i] = &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: t}, Format: aspm.Format(t), File: t + ".json"}}
	}
	purls := make([]aspm.PURL, 5000)
	for i := range purls {
		purls[i] = aspm.MustParsePURL(fmt.Sprintf("pkg:npm/pkg-%d@1.%d.%d", i, i%7, i%13))
	}
	count := 0
	for p := 0; count < n; p++ {
		copies := 1 + p%5/3*(1+p%2) // 1,1,1,2,3 / 1,1,1,3,2...: ~60% single
		if copies > 3 {
			copies = 3
		}
		for c := 0; c < copies && count < n; c++ {
			tool := (p + c) % 5
			var f aspm.Finding
			switch {
			case p%10 < 7: // SCA
				cve := "CVE-2024-" + strconv.Itoa(10000+p%40000)
				v := aspm.Vuln{ID: cve}
				if c == 1 {
					v = aspm.Vuln{ID: "GHSA-" + ghsa(p), Aliases: []string{cve}}
				}
				pu := purls[(p/40000+p)%len(purls)]
				f = aspm.Finding{Kind: aspm.KindSCA, Rule: v.ID, Title: v.ID, Severity: aspm.SeverityHigh, Vulns: []aspm.Vuln{v},
					Component: &aspm.Component{PURL: pu, Name: pu.Name(), Version: pu.Version(), Paths: []string{"svc-" + strconv.Itoa(p%50) + "/package-lock.json"}}}
			case p%10 < 9: // SAST
				f = aspm.Finding{Kind: aspm.KindSAST, Rule: "rule-" + strconv.Itoa(p%30), Severity: aspm.SeverityMedium, CWEs: []int{79 + p%5},
					Locations: []aspm.Location{{File: "src/f" + strconv.Itoa(p) + ".go", Region: &aspm.Region{StartLine: 10 + p%100}}}}
			default: // IaC
				f = aspm.Finding{Kind: aspm.KindIaC, Rule: "CKV_AWS_" + strconv.Itoa(p%60), Severity: aspm.SeverityLow,
					Locations: []aspm.Location{{File: "infra/m" + strconv.Itoa(p%300) + ".tf", Resource: &aspm.Resource{Name: "aws_s3_bucket.b" + strconv.Itoa(p)}}}}
			}
			f.Tool = aspm.Tool{Name: tools[tool]}
			f.Provenance = aspm.Provenance{File: tools[tool] + ".json", Index: len(docs[tool].Findings)}
			f.ID = "f-" + strconv.Itoa(count)
			docs[tool].Findings = append(docs[tool].Findings, f)
			count++
		}
	}
	return docs
}

func ghsa(p int) string {
	const al = "23456789cfghjmpqrvwx"
	b := make([]byte, 0, 14)
	for i := 0; i < 12; i++ {
		if i > 0 && i%4 == 0 {
			b = append(b, '-')
		}
		b = append(b, al[(p>>(i%5))%len(al)^i%3])
	}
	return string(b)
}

func benchCorrelate(b *testing.B, n int) {
	docs := genFindings(n)
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	var res *correlate.Result
	for b.Loop() {
		var err error
		if res, err = correlate.Correlate(b.Context(), docs, clock(t0)); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(len(res.Issues)), "issues")
	b.ReportMetric(float64(n), "findings")
	// What the result keeps alive (issues and the state Merge needs), per
	// finding, beside B/op (everything allocated on the way).
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(n), "retained-B/finding")
	runtime.KeepAlive(res)
}

func BenchmarkCorrelate1M(b *testing.B) { benchCorrelate(b, 1_000_000) }
func BenchmarkCorrelate2M(b *testing.B) { benchCorrelate(b, 2_000_000) }

// TestWorkersDoNotChangeTheResult builds enough issues to use several
// workers and checks the result equals a one-worker run (under -race this
// also checks the workers share nothing they write).
func TestWorkersDoNotChangeTheResult(t *testing.T) {
	docs := genFindings(70_000)
	prev := runtime.GOMAXPROCS(1)
	one := marshal(t, run(t, docs))
	runtime.GOMAXPROCS(4)
	four := marshal(t, run(t, docs))
	runtime.GOMAXPROCS(prev)
	assert.True(t, one == four, "same issues with 1 and 4 workers")
}
