package posture_test

import (
	"context"
	"fmt"
	"time"

	"github.com/posturekit/posture"
	"github.com/posturekit/posture/ingest/inventory"
)

// The README's library example: scan a directory of scanner outputs with
// an inventory and print the issues.
func Example() {
	ctx := context.Background()
	inv, err := inventory.DecodeFile(ctx, "examples/demo/inventory.yaml")
	if err != nil {
		panic(err)
	}
	p := posture.New(
		posture.WithInventory(inv),
		posture.WithClock(func() time.Time { return time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC) }),
	)
	run, err := p.Run(ctx, "examples/demo/scans")
	if err != nil {
		panic(err)
	}
	s := run.Result.Summary
	fmt.Printf("%d findings -> %d issues\n", s.Findings, s.Issues)
	for _, is := range run.Result.Issues {
		if len(is.Tools) > 1 {
			fmt.Println(is.Severity, is.Title, is.Tools, is.Services, is.Owners)
		}
	}
	// Output:
	// 13 findings -> 8 issues
	// critical CVE-2021-44228 in org.apache.logging.log4j:log4j-core@2.14.1 [Grype Trivy] [checkout] [payments]
	// high AWS Access Key [Gitleaks TruffleHog] [checkout] [payments]
	// high User-controlled data from a request is passed to 'execute()': SQL injection. [CodeQL Semgrep] [catalog] [catalog-team]
	// high CVE-2020-8203 in lodash@4.17.15 [Trivy osv-scanner] [catalog] [catalog-team]
	// medium CVE-2024-0727 in debian/libssl3@3.0.11-1~deb12u2 [Grype Trivy] [checkout] [payments]
}
