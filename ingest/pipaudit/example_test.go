package pipaudit_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/pipaudit"
)

func Example() {
	out := `{"dependencies": [
	  {"name": "Flask", "version": "0.12", "vulns": [
	    {"id": "PYSEC-2018-66", "fix_versions": ["0.12.3"], "aliases": ["CVE-2018-1000656"], "description": "Denial of service."}
	  ]}
	]}`
	doc, err := (&pipaudit.Decoder{}).Decode(context.Background(), strings.NewReader(out))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range doc.Findings {
		fmt.Println(f.Title, f.Vulns[0].Aliases, f.Component.PURL, f.FixedVersions)
	}
	// Output:
	// PYSEC-2018-66 in Flask 0.12 [CVE-2018-1000656] pkg:pypi/flask@0.12 [0.12.3]
}
