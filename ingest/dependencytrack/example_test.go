package dependencytrack_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/dependencytrack"
)

func ExampleDecoder() {
	const fpf = `{
  "version": "1.2",
  "meta": {"application": "Dependency-Track", "version": "4.11.0", "timestamp": "2024-06-01T12:00:00Z"},
  "project": {"uuid": "p-1", "name": "shop", "version": "2.0"},
  "findings": [{
    "component": {"uuid": "c-1", "name": "lodash", "version": "4.17.15", "purl": "pkg:npm/lodash@4.17.15"},
    "vulnerability": {"uuid": "v-1", "source": "GITHUB", "vulnId": "GHSA-p6mc-m468-83gw", "severity": "HIGH",
      "cvssV3BaseScore": 7.4, "cvssV3Vector": "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H",
      "aliases": [{"cveId": "CVE-2020-8203", "ghsaId": "GHSA-p6mc-m468-83gw"}]},
    "analysis": {"state": "NOT_AFFECTED", "justification": "CODE_NOT_REACHABLE", "isSuppressed": true}
  }]
}`
	doc, err := (&dependencytrack.Decoder{}).Decode(context.Background(), strings.NewReader(fpf))
	if err != nil {
		fmt.Println(err)
		return
	}
	f := doc.Findings[0]
	fmt.Println(f.Title)
	fmt.Println(f.Vulns[0].ID, f.Vulns[0].Aliases, f.Severity, f.Component.PURL)
	fmt.Println(f.Status, f.VEX.State, f.VEX.Justification)
	// Output:
	// GHSA-p6mc-m468-83gw in lodash@4.17.15
	// GHSA-p6mc-m468-83gw [CVE-2020-8203] high pkg:npm/lodash@4.17.15
	// false_positive not_affected code_not_reachable
}
