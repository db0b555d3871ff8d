package bandit_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/bandit"
)

func ExampleDecoder() {
	const report = `{"errors": [], "generated_at": "2024-03-01T12:00:00Z", "metrics": {}, "results": [{
		"code": "4 import pickle\n5 data = pickle.loads(blob)\n",
		"filename": "app/cache.py", "line_number": 5, "line_range": [5],
		"issue_severity": "MEDIUM", "issue_confidence": "HIGH", "issue_cwe": {"id": 502},
		"issue_text": "Pickle and modules that wrap it can be unsafe when used to deserialize untrusted data, possible security issue.",
		"test_id": "B301", "test_name": "blacklist"}]}`
	doc, err := (&bandit.Decoder{}).Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	f := doc.Findings[0]
	fmt.Println(f.Rule, f.RuleName, f.Severity, f.CWEs)
	fmt.Printf("%s:%d %q\n", f.Locations[0].File, f.Locations[0].Region.StartLine, f.Locations[0].Snippet)
	// Output:
	// B301 blacklist medium [502]
	// app/cache.py:5 "data = pickle.loads(blob)"
}
