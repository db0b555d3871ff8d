package nuclei_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/nuclei"
)

func Example() {
	const jsonl = `{"template-id":"CVE-2021-44228","info":{"name":"Apache Log4j2 Remote Code Injection","severity":"critical","classification":{"cve-id":["cve-2021-44228"],"cwe-id":["cwe-917"]}},"type":"http","host":"https://app.example.com","matched-at":"https://app.example.com/api/login"}
{"template-id":"tech-detect","info":{"name":"Wappalyzer Technology Detection","severity":"info"},"type":"http","host":"https://app.example.com","matched-at":"https://app.example.com"}
`
	var d nuclei.Decoder
	doc, err := d.Decode(context.Background(), strings.NewReader(jsonl))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range doc.Findings {
		fmt.Println(f.Rule, f.Severity, f.Vulns, f.CWEs, f.Locations[0].URL)
	}
	// Output:
	// CVE-2021-44228 critical [{CVE-2021-44228 [] []}] [917] https://app.example.com/api/login
	// tech-detect info [] [] https://app.example.com
}
