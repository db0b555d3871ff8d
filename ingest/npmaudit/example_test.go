package npmaudit_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/npmaudit"
)

func Example() {
	report := `{
	  "auditReportVersion": 2,
	  "vulnerabilities": {
	    "debug": {
	      "name": "debug", "severity": "moderate", "isDirect": true,
	      "via": [{"source": 1094222, "name": "debug", "dependency": "debug",
	               "title": "Regular Expression Denial of Service in debug",
	               "url": "https://github.com/advisories/GHSA-gxpj-cx7g-858c",
	               "severity": "moderate", "cwe": ["CWE-400"], "range": "<2.6.9"}],
	      "effects": [], "range": "<=2.6.8", "nodes": ["node_modules/debug"], "fixAvailable": true
	    }
	  },
	  "metadata": {}
	}`
	doc, err := (&npmaudit.V7Decoder{}).Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range doc.Findings {
		fmt.Println(f.Kind, f.Severity, f.Vulns[0].ID, f.Component.PURL, f.FixedVersions, f.CWEs)
	}
	// Output:
	// sca medium GHSA-gxpj-cx7g-858c pkg:npm/debug [2.6.9] [400]
}
