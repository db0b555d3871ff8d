package posture_test

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"strconv"
	"testing"
	"time"

	"github.com/posturekit/posture"
	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/policy"
)

// genEstate makes n findings from 5 tools (two SCA scanners that overlap,
// a SAST tool, a secret scanner, an IaC scanner) over 20 services'
// manifests, with about 40% duplicates across the SCA tools.
func genEstate(n int) []*aspm.Document {
	tools := []string{"trivy", "grype", "semgrep", "gitleaks", "checkov"}
	docs := make([]*aspm.Document, len(tools))
	for i, t := range tools {
		docs[i] = &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: t}, Format: aspm.Format(t), File: "scans/" + t + ".json"}}
	}
	add := func(tool int, f aspm.Finding) {
		d := docs[tool]
		f.Tool = d.Source.Tool
		f.Format = d.Source.Format
		f.Provenance = aspm.Provenance{File: d.Source.File, Index: len(d.Findings)}
		f.ID = aspm.FindingID(&f)
		d.Findings = append(d.Findings, f)
	}
	for i := 0; i < n; i++ {
		svc := "svc-" + strconv.Itoa(i%20)
		switch {
		case i%10 < 6: // SCA, reported by trivy and (for two thirds) grype too
			p := aspm.MustParsePURL(fmt.Sprintf("pkg:npm/lib-%d@1.%d.0", i%3000, i%7))
			f := aspm.Finding{Kind: aspm.KindSCA, Rule: "CVE-2025-" + strconv.Itoa(10000+i%20000), Severity: aspm.Severities()[i%4],
				Vulns:         []aspm.Vuln{aspm.NewVuln("CVE-2025-" + strconv.Itoa(10000+i%20000))},
				Component:     &aspm.Component{PURL: p, Name: p.Name(), Version: p.Version(), Paths: []string{svc + "/package-lock.json"}},
				FixedVersions: []string{"9.9.9"},
				CVSS:          []aspm.CVSS{{Source: "nvd", Version: "3.1", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}}}
			f.Title = f.Rule
			add(0, f)
			if i%3 != 0 {
				i++
				add(1, f)
			}
		case i%10 < 8:
			add(2, aspm.Finding{Kind: aspm.KindSAST, Rule: "rule-" + strconv.Itoa(i%40), Title: "injection", Severity: aspm.SeverityHigh, CWEs: []int{89},
				Locations: []aspm.Location{{File: svc + "/app/f" + strconv.Itoa(i) + ".py", Region: &aspm.Region{StartLine: 10 + i%200}}}})
		case i%10 < 9:
			add(3, aspm.Finding{Kind: aspm.KindSecret, Rule: "aws", Title: "AWS key", Severity: aspm.SeverityHigh,
				Secret:    &aspm.Secret{Hash: aspm.SecretHash("AKIA" + strconv.Itoa(i))},
				Locations: []aspm.Location{{File: svc + "/config/" + strconv.Itoa(i) + ".env", Region: &aspm.Region{StartLine: 1}}}})
		default:
			add(4, aspm.Finding{Kind: aspm.KindIaC, Rule: "CKV_AWS_" + strconv.Itoa(i%60), Title: "misconfig", Severity: aspm.SeverityMedium,
				Locations: []aspm.Location{{File: svc + "/infra/main.tf", Resource: &aspm.Resource{Type: "aws_s3_bucket", Name: "aws_s3_bucket.b" + strconv.Itoa(i)}}}})
		}
	}
	return docs
}

func estateInventory() *aspm.Inventory {
	inv := &aspm.Inventory{Teams: []aspm.Team{{Name: "platform"}}}
	for s := range 20 {
		name := "svc-" + strconv.Itoa(s)
		inv.Services = append(inv.Services, aspm.Service{Name: name, Owners: []string{"platform"}, Tier: aspm.TierHigh,
			Exposure: aspm.ExposureInternet, Environments: []aspm.Environment{aspm.EnvProduction}, Scans: []string{"scans/*"}})
	}
	return inv
}

// BenchmarkPipeline100k runs 100,000 findings from 5 tools through every
// default stage (graph with an inventory, correlation, scoring) and the
// starter policy pack; it reports the live heap after the run per finding.
func BenchmarkPipeline100k(b *testing.B) {
	docs := genEstate(100_000)
	pol, err := policy.LoadPath(b.Context(), "policies/starter")
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	p := posture.New(posture.WithInventory(estateInventory()), posture.WithPolicy(pol),
		posture.WithClock(func() time.Time { return now }))
	b.ReportAllocs()
	runtime.GC()
	base := heapBytes()
	stop := samplePeak()
	b.ResetTimer()
	var run *posture.Run
	for b.Loop() {
		if run, err = p.RunDocuments(b.Context(), docs); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	peak := stop()
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(run.Result.Summary.Issues), "issues")
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "live-heap-MiB")
	// The highest heap seen during the runs (objects, live or not yet
	// collected), and the part of it above the inputs.
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(peak-min(peak, base))/(1<<20), "peak-over-input-MiB")
}

// heapBytes returns the bytes of heap objects now (live or not yet
// collected).
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// samplePeak samples heapBytes every millisecond until the returned
// function is called, which returns the highest value seen.
func samplePeak() func() uint64 {
	done := make(chan struct{})
	out := make(chan uint64)
	go func() {
		peak := heapBytes()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				out <- max(peak, heapBytes())
				return
			case <-t.C:
				peak = max(peak, heapBytes())
			}
		}
	}()
	return func() uint64 { close(done); return <-out }
}
