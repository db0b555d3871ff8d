package noseyparker_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/noseyparker"
)

func ExampleDecoder() {
	// The capture group is base64: "ghp_4vN8qR2mX7kL1pT9wZ3yB6cF0hJ5sD8gA2eU".
	const report = `{"finding_id": "c0ffee", "rule_name": "GitHub Personal Access Token", "rule_text_id": "np.github.1",
		"groups": ["Z2hwXzR2TjhxUjJtWDdrTDFwVDl3WjN5QjZjRjBoSjVzRDhnQTJlVQ=="], "num_matches": 1, "statuses": [],
		"matches": [{"provenance": [{"kind": "file", "path": "./deploy/.env"}],
			"location": {"source_span": {"start": {"line": 2, "column": 14}, "end": {"line": 2, "column": 53}}}}]}
`
	doc, err := (&noseyparker.Decoder{}).Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	f := doc.Findings[0]
	fmt.Println(f.Kind, f.Rule, f.Secret.Redacted)
	fmt.Printf("%s:%d\n", f.Locations[0].File, f.Locations[0].Region.StartLine)
	// Output:
	// secret np.github.1 ghp_…eU
	// deploy/.env:2
}
