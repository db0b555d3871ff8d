package cyclonedx_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/cyclonedx"
)

func Example() {
	const bom = `{
	  "bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
	  "metadata": {"component": {"bom-ref": "app", "type": "application", "name": "app"}},
	  "components": [{"bom-ref": "log4j", "type": "library", "group": "org.apache.logging.log4j",
	    "name": "log4j-core", "version": "2.14.1", "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}],
	  "dependencies": [{"ref": "app", "dependsOn": ["log4j"]}],
	  "vulnerabilities": [{"id": "CVE-2021-44228",
	    "references": [{"id": "GHSA-jfh8-c2jp-5v3q", "source": {"name": "GitHub"}}],
	    "ratings": [{"source": {"name": "nvd"}, "score": 10.0, "severity": "critical", "method": "CVSSv31",
	      "vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"}],
	    "affects": [{"ref": "log4j", "versions": [{"version": "2.17.1", "status": "unaffected"}]}]}]
	}`
	doc, err := (&cyclonedx.JSONDecoder{}).Decode(context.Background(), strings.NewReader(bom))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(doc.Components), "components,", len(doc.Relationships), "relationships")
	for _, f := range doc.Findings {
		fmt.Println(f.Title)
		fmt.Println(f.Severity, f.Vulns[0].ID, f.Vulns[0].Aliases, f.Component.PURL, f.Component.Scope)
		fmt.Println("fixed in", f.FixedVersions, "CVSS", f.CVSS[0].Version, f.CVSS[0].Score)
	}
	// Output:
	// 2 components, 2 relationships
	// CVE-2021-44228 in org.apache.logging.log4j:log4j-core 2.14.1
	// critical CVE-2021-44228 [GHSA-jfh8-c2jp-5v3q] pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1 direct
	// fixed in [2.17.1] CVSS 3.1 10
}
