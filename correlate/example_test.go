package correlate_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/correlate"
)

func ExampleCorrelate() {
	// Trivy names the advisory by its CVE, Grype by its GHSA id and states
	// the CVE as an alias: one problem.
	trivy := aspmtest.Doc("trivy", aspmtest.SCA("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").
		Manifest("pom.xml").Severity(aspm.SeverityCritical).Fixed("2.15.0").Build())
	grype := aspmtest.Doc("grype", aspmtest.SCA("GHSA-jfh8-c2jp-5v3q", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").
		Aliases("CVE-2021-44228").Manifest("pom.xml").Build())

	res, err := correlate.Correlate(context.Background(), []*aspm.Document{trivy, grype},
		correlate.WithClock(func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }))
	if err != nil {
		panic(err)
	}
	for _, is := range res.Issues {
		fmt.Println(is.ID, is.Title)
		fmt.Println(is.Severity, is.Tools, is.Vulns)
		_, why, _ := strings.Cut(is.Explanation[0], ": ")
		fmt.Println(why)
	}
	// Output:
	// i-8f640e1fc319564d6496a7d0 CVE-2021-44228 in org.apache.logging.log4j:log4j-core@2.14.1
	// critical [grype trivy] [CVE-2021-44228 GHSA-jfh8-c2jp-5v3q]
	// matched on alias group CVE-2021-44228, package log4j-core version 2.14.1, found in pom.xml
}
