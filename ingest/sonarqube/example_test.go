package sonarqube_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/sonarqube"
)

func ExampleDecoder() {
	const search = `{"total": 1, "p": 1, "ps": 100, "paging": {"pageIndex": 1, "pageSize": 100, "total": 1},
		"issues": [{"key": "AX1", "rule": "javascript:S5247", "severity": "MAJOR",
			"component": "web:src/render.js", "project": "web", "line": 14,
			"message": "Make sure disabling auto-escaping feature is safe here.",
			"tags": ["cwe-79"], "type": "VULNERABILITY", "status": "OPEN"}],
		"components": []}`
	doc, err := (&sonarqube.Decoder{}).Decode(context.Background(), strings.NewReader(search))
	if err != nil {
		fmt.Println(err)
		return
	}
	f := doc.Findings[0]
	fmt.Println(f.Kind, f.Rule, f.Severity, f.CWEs, f.Status)
	fmt.Printf("%s:%d\n", f.Locations[0].File, f.Locations[0].Region.StartLine)
	// Output:
	// sast javascript:S5247 high [79] open
	// src/render.js:14
}
