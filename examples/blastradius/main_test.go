package main

import (
	"context"
	"os"
	"path/filepath"
)

// Who is affected by Log4Shell? The storefront's CycloneDX SBOM states the
// vulnerability of log4j-core; the reports service's SPDX SBOM has the
// same package, so it is affected too. Asked by its GHSA alias.
func Example() {
	dir := "testdata"
	err := run(context.Background(), os.Stdout, filepath.Join(dir, "inventory.yaml"), "GHSA-jfh8-c2jp-5v3q",
		[]string{filepath.Join(dir, "storefront.cdx.json"), filepath.Join(dir, "reports.spdx.json")})
	if err != nil {
		panic(err)
	}
	// Output:
	// CVE-2021-44228 (also GHSA-jfh8-c2jp-5v3q)
	// vulnerable: pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1
	// affected services:
	//   reports (Nightly sales reports): tier medium, internal, production, data financial, owners data
	//   storefront (The public web shop): tier critical, internet, production+staging, data pci+pii, owners web, controls waf
	// notify:
	//   data <data-team@shop.example> for reports
	//   web <#web-oncall> for storefront (part of commerce)
	// paths:
	//   reports → reports.spdx.json → reports@1.4.0 → log4j-core@2.14.1
	//   storefront → storefront.cdx.json → storefront@3.2.0 → spring-boot-starter-log4j2@2.6.1 → log4j-core@2.14.1
	// shortest path from the internet: storefront → storefront.cdx.json → storefront@3.2.0 → spring-boot-starter-log4j2@2.6.1 → log4j-core@2.14.1
}
