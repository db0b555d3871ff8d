package snyk_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/snyk"
)

func Example() {
	const report = `{"vulnerabilities": [{"id": "SNYK-JS-LODASH-1040724", "title": "Command Injection",
	    "severity": "high", "cvssScore": 7.2, "identifiers": {"CVE": ["CVE-2021-23337"], "CWE": ["CWE-78"]},
	    "packageManager": "npm", "name": "lodash", "version": "4.17.20", "fixedIn": ["4.17.21"],
	    "from": ["web@1.0.0", "lodash@4.17.20"], "upgradePath": [false, "lodash@4.17.21"]}],
	  "ok": false, "packageManager": "npm", "projectName": "web", "displayTargetFile": "package-lock.json"}`
	var d snyk.Decoder
	doc, err := d.Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range doc.Findings {
		fmt.Println(f.Kind, f.Rule, f.Vulns[0].Aliases, f.CWEs, f.Severity)
		fmt.Println(f.Component.PURL, f.FixedVersions, f.Locations[0].File, f.Properties["from"])
	}
	// Output:
	// sca SNYK-JS-LODASH-1040724 [CVE-2021-23337] [78] high
	// pkg:npm/lodash@4.17.20 [4.17.21] package-lock.json ["web@1.0.0","lodash@4.17.20"]
}
