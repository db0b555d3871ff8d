package cfnnag_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/cfnnag"
)

func Example() {
	const report = `[{"filename": "stack.yaml", "file_results": {"failure_count": 0, "violations": [
	  {"id": "W48", "type": "WARN", "message": "SQS Queue should specify KmsMasterKeyId property",
	   "logical_resource_ids": ["Queue", "DeadLetterQueue"], "line_numbers": [5, 12]}]}}]`
	var d cfnnag.Decoder
	doc, err := d.Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range doc.Findings {
		loc := f.Locations[0]
		fmt.Println(f.Rule, f.Severity, loc.File, loc.Region.StartLine, loc.Resource.Name)
	}
	// Output:
	// W48 medium stack.yaml 5 Queue
	// W48 medium stack.yaml 12 DeadLetterQueue
}
