package gosec_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/gosec"
)

func ExampleDecoder() {
	const report = `{"Issues": [{"severity": "MEDIUM", "confidence": "HIGH",
		"cwe": {"id": "22", "url": "https://cwe.mitre.org/data/definitions/22.html"},
		"rule_id": "G304", "details": "Potential file inclusion via variable",
		"file": "/src/app/files.go", "code": "17: \tf, err := os.Open(name)\n", "line": "17", "column": "12"}],
		"Stats": {"files": 1, "lines": 30, "nosec": 0, "found": 1}, "GosecVersion": "2.19.0"}`
	doc, err := (&gosec.Decoder{}).Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	f := doc.Findings[0]
	fmt.Println(f.Rule, f.Severity, f.CWEs, doc.Source.Tool.Version)
	fmt.Printf("%s:%d %q\n", f.Locations[0].File, f.Locations[0].Region.StartLine, f.Locations[0].Snippet)
	// Output:
	// G304 medium [22] 2.19.0
	// /src/app/files.go:17 "\tf, err := os.Open(name)"
}
