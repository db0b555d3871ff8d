package csaf_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/csaf"
)

func Example() {
	const advisory = `{
  "document": {"category": "csaf_vex", "csaf_version": "2.0", "title": "libfoo VEX",
    "publisher": {"category": "vendor", "name": "Acme", "namespace": "https://acme.example"},
    "tracking": {"id": "ACME-1", "status": "final", "version": "1",
      "initial_release_date": "2024-03-01T00:00:00Z", "current_release_date": "2024-03-01T00:00:00Z"}},
  "product_tree": {"full_product_names": [
    {"product_id": "A", "name": "libfoo 1.0.0", "product_identification_helper": {"purl": "pkg:pypi/libfoo@1.0.0"}},
    {"product_id": "B", "name": "libfoo 1.0.1", "product_identification_helper": {"purl": "pkg:pypi/libfoo@1.0.1"}}]},
  "vulnerabilities": [{
    "cve": "CVE-2024-11111",
    "product_status": {"known_affected": ["A"], "fixed": ["B"]},
    "scores": [{"products": ["A"], "cvss_v3": {"version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseScore": 9.8, "baseSeverity": "CRITICAL"}}]
  }]
}`
	doc, err := new(csaf.Decoder).Decode(context.Background(), strings.NewReader(advisory))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range doc.Statements {
		fmt.Println(s.Vuln.ID, s.Analysis.State, s.Products)
	}
	for _, f := range doc.Findings {
		fmt.Println(f.Title, f.Severity, f.FixedVersions)
	}
	// Output:
	// CVE-2024-11111 affected [pkg:pypi/libfoo@1.0.0]
	// CVE-2024-11111 fixed [pkg:pypi/libfoo@1.0.1]
	// CVE-2024-11111 affects libfoo 1.0.0 critical [1.0.1]
}
