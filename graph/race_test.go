package graph_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
)

// TestConcurrentReadersOneWriter runs every query from several goroutines
// while one goroutine adds documents and inventories. Run it with -race.
func TestConcurrentReadersOneWriter(t *testing.T) {
	g := shop(t, false)
	const batches = 40
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // the writer
		defer wg.Done()
		defer close(done)
		for i := range batches {
			app := fmt.Sprintf("pkg:npm/app-%d@1.0.0", i)
			d := sbom(fmt.Sprintf("sboms/app-%d.json", i), app, [2]string{app, purlExpress}, [2]string{app, fmt.Sprintf("pkg:npm/lib-%d@1.0.0", i)})
			if !assert.NoError(t, g.AddDocument(d)) {
				return
			}
			scan := aspmtest.Doc("grype", aspmtest.SCA("CVE-2022-24999", purlQS).Build())
			scan.Source.File = fmt.Sprintf("scans/grype-%d.json", i)
			assert.NoError(t, g.AddDocument(scan))
			assert.NoError(t, g.AddInventory(&aspm.Inventory{File: "inv.yaml", Services: []aspm.Service{{
				Name: fmt.Sprintf("app-%d", i), Owners: []string{"payments"}, Exposure: aspm.ExposureInternet, SBOMs: []string{fmt.Sprintf("app-%d.json", i)},
			}}}))
		}
	}()
	readers := []func(){
		func() { _ = labels(g.Dependents(purlQS, 0)) },
		func() { _ = labels(g.Dependencies("pkg:npm/app-1@1.0.0", 0)) },
		func() { _, _ = g.BlastRadius("CVE-2022-24999") },
		func() { _ = g.Paths(purlQS) },
		func() { _, _ = g.ShortestExposedPath(purlQS) },
		func() { _, _ = g.Owners(purlQS) },
		func() { _ = g.IssueContext(issue(purlQS)) },
		func() { _ = g.Coverage("service:checkout") },
		func() { _, _ = g.Drift("sboms/checkout.cdx.json", "sboms/ledger.spdx.json") },
		func() { _ = g.Stats() },
		func() {
			for e := range g.Edges("service:checkout", false) {
				_ = e
			}
		},
	}
	for _, read := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					read()
					return
				default:
					read()
				}
			}
		}()
	}
	wg.Wait()

	br, err := g.BlastRadius("CVE-2022-24999")
	require.NoError(t, err)
	assert.Len(t, br.Services, 1+batches, "checkout and every app")
	assert.Equal(t, batches+1, g.Coverage(purlQS).Findings, "trivy and every grype scan")
}
