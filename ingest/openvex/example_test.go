package openvex_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/openvex"
)

func Example() {
	const vex = `{
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://example.com/vex/1",
  "author": "Example",
  "timestamp": "2024-05-01T10:00:00Z",
  "version": 1,
  "statements": [
    {"vulnerability": {"name": "CVE-2023-44487"}, "products": [{"@id": "pkg:golang/golang.org/x/net@v0.17.0"}],
     "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"},
    {"vulnerability": {"name": "CVE-2024-3094"}, "products": [{"@id": "pkg:apk/alpine/xz@5.6.0-r0"}],
     "status": "affected", "action_statement": "Upgrade xz to 5.6.1-r2."}
  ]
}`
	doc, err := new(openvex.Decoder).Decode(context.Background(), strings.NewReader(vex))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range doc.Statements {
		fmt.Println(strings.TrimSpace(fmt.Sprint(s.Vuln.ID, " ", s.Products, " ", s.Analysis.State, " ", s.Analysis.Justification)))
	}
	for _, f := range doc.Findings {
		fmt.Println(f.Title, "|", f.VEX.Response)
	}
	// Output:
	// CVE-2023-44487 [pkg:golang/golang.org/x/net@v0.17.0] not_affected vulnerable_code_not_in_execute_path
	// CVE-2024-3094 [pkg:apk/alpine/xz@5.6.0-r0] affected
	// CVE-2024-3094 affects pkg:apk/alpine/xz@5.6.0-r0 | [Upgrade xz to 5.6.1-r2.]
}
