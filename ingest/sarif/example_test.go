package sarif_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/sarif"
)

func ExampleDecoder() {
	const log = `{
  "version": "2.1.0",
  "runs": [{
    "tool": {"driver": {"name": "CodeQL", "semanticVersion": "2.19.3", "rules": [{
      "id": "js/sql-injection",
      "shortDescription": {"text": "Database query built from user-controlled sources"},
      "properties": {"tags": ["security", "external/cwe/cwe-089"], "security-severity": "8.8", "precision": "high"}
    }]}},
    "results": [{
      "ruleId": "js/sql-injection", "ruleIndex": 0,
      "message": {"text": "This query depends on a user-provided value."},
      "locations": [{"physicalLocation": {
        "artifactLocation": {"uri": "routes/login.js", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 29, "startColumn": 22, "endColumn": 27}
      }}],
      "partialFingerprints": {"primaryLocationLineHash": "9c2b0a5e1f:1"}
    }]
  }]
}`
	dec := &sarif.Decoder{}
	fmt.Println(dec.Detect([]byte(log)))
	doc, err := dec.Decode(context.Background(), strings.NewReader(log))
	if err != nil {
		fmt.Println(err)
		return
	}
	f := doc.Findings[0]
	fmt.Println(f.Tool.Name, f.Tool.Version)
	fmt.Println(f.Kind, f.Rule, f.Severity, f.ToolSeverity, f.CWEs)
	fmt.Println(f.Title)
	fmt.Printf("%s:%d:%d\n", f.Locations[0].File, f.Locations[0].Region.StartLine, f.Locations[0].Region.StartColumn)
	fmt.Println(f.Fingerprints["primaryLocationLineHash"])
	// Output:
	// true
	// CodeQL 2.19.3
	// sast js/sql-injection high 8.8 [89]
	// This query depends on a user-provided value.
	// routes/login.js:29:22
	// 9c2b0a5e1f:1
}
