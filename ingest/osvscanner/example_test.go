package osvscanner_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/osvscanner"
)

func Example() {
	const report = `{
  "results": [{
    "source": {"path": "package-lock.json", "type": "lockfile"},
    "packages": [{
      "package": {"name": "minimist", "version": "1.2.5", "ecosystem": "npm"},
      "vulnerabilities": [{
        "id": "GHSA-xvch-5gv4-984h",
        "aliases": ["CVE-2021-44906"],
        "summary": "Prototype Pollution in minimist",
        "affected": [{"package": {"ecosystem": "npm", "name": "minimist"},
          "ranges": [{"type": "SEMVER", "events": [{"introduced": "1.0.0"}, {"fixed": "1.2.6"}]}]}],
        "database_specific": {"severity": "CRITICAL", "cwe_ids": ["CWE-1321"]}
      }],
      "groups": [{"ids": ["GHSA-xvch-5gv4-984h"], "aliases": ["CVE-2021-44906", "GHSA-xvch-5gv4-984h"], "max_severity": "9.8"}]
    }]
  }]
}`
	doc, err := new(osvscanner.Decoder).Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range doc.Findings {
		fmt.Println(f.Kind, f.Severity, f.Vulns[0].IDs(), f.Component.PURL, f.FixedVersions, f.CWEs)
	}
	// Output:
	// sca critical [GHSA-xvch-5gv4-984h CVE-2021-44906] pkg:npm/minimist@1.2.5 [1.2.6] [1321]
}
