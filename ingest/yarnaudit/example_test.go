package yarnaudit_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/yarnaudit"
)

func Example() {
	lines := `{"type":"auditAdvisory","data":{"resolution":{"id":1096470,"path":"app>semver","dev":false,"optional":false,"bundled":false},"advisory":{"id":1096470,"module_name":"semver","title":"semver vulnerable to Regular Expression Denial of Service","severity":"moderate","github_advisory_id":"GHSA-c2qf-rxjj-qqgw","cves":["CVE-2022-25883"],"patched_versions":">=7.5.2","cwe":["CWE-1333"],"findings":[{"version":"7.5.1","paths":["app>semver"]}],"url":"https://github.com/advisories/GHSA-c2qf-rxjj-qqgw"}}}
{"type":"auditSummary","data":{"vulnerabilities":{"moderate":1}}}`
	doc, err := (&yarnaudit.Decoder{}).Decode(context.Background(), strings.NewReader(lines))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range doc.Findings {
		fmt.Println(f.Severity, f.Vulns[0].ID, f.Vulns[0].Aliases, f.Component.PURL, f.FixedVersions)
	}
	// Output:
	// medium GHSA-c2qf-rxjj-qqgw [CVE-2022-25883] pkg:npm/semver@7.5.1 [7.5.2]
}
