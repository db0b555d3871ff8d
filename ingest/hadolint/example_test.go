package hadolint_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/hadolint"
)

func Example() {
	const report = `[{"line": 1, "code": "DL3006", "message": "Always tag the version of an image explicitly",
	  "column": 1, "file": "Dockerfile", "level": "warning"}]`
	var d hadolint.Decoder
	doc, err := d.Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range doc.Findings {
		loc := f.Locations[0]
		fmt.Println(f.Kind, f.Rule, f.Severity, f.Title)
		fmt.Println(loc.Resource.Type, loc.File, loc.Region.StartLine)
	}
	// Output:
	// iac DL3006 medium Always tag the version of an image explicitly
	// Dockerfile Dockerfile 1
}
