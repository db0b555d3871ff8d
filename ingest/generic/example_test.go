package generic_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/generic"
)

func ExampleJSONDecoder() {
	const report = `{
	  "schema": "posture-generic/v1",
	  "tool": {"name": "acme-pentest", "version": "2024.1"},
	  "findings": [{
	    "title": "Stored XSS in the review form", "kind": "pentest", "severity": "high",
	    "cwes": ["CWE-79"],
	    "locations": [{"url": "https://shop.example.com/reviews", "method": "POST", "parameter": "text"}]
	  }]
	}`
	var d generic.JSONDecoder
	doc, err := d.Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range doc.Findings {
		loc := f.Locations[0]
		fmt.Println(doc.Source.Tool.Name, f.Kind, f.Severity, f.CWEs, f.Title)
		fmt.Println(loc.Method, loc.URL, loc.Parameter)
	}
	// Output:
	// acme-pentest pentest high [79] Stored XSS in the review form
	// POST https://shop.example.com/reviews text
}

func ExampleCSVDecoder() {
	csv := generic.CSVHeader + "\n" +
		"Open redirect,dast,medium,RED-1,,601,,,,,,https://shop.example.com/login,GET,next,,,,\n" +
		"Outdated jQuery,sca,low,,,,CVE-2020-11022,GHSA-gxr4-xjj5-5px2,pkg:npm/jquery@3.4.1,,,,,,,,3.5.0,\n"
	var d generic.CSVDecoder
	doc, err := d.Decode(context.Background(), strings.NewReader(csv))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range doc.Findings {
		fmt.Println(f.Provenance.Pointer, f.Kind, f.Severity, f.Title, f.CWEs, f.Vulns, f.FixedVersions)
	}
	// Output:
	// line 2 dast medium Open redirect [601] [] []
	// line 3 sca low Outdated jQuery [] [{CVE-2020-11022 [GHSA-gxr4-xjj5-5px2] []}] [3.5.0]
}

// A producer fills a Report and writes it with encoding/json.
func ExampleReport() {
	rep := generic.Report{
		Schema: generic.SchemaV1,
		Tool:   generic.Tool{Name: "in-house-checks", Version: "3"},
		Findings: []generic.Finding{{
			Title:     "Debug endpoint enabled in production",
			Kind:      "dast",
			Severity:  "medium",
			Rule:      "DEBUG-01",
			CWEs:      []generic.CWE{489},
			Locations: []generic.Location{{URL: "https://api.example.com/debug/vars", Method: "GET"}},
		}},
	}
	b, err := json.Marshal(rep)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(b))
	// Output:
	// {"schema":"posture-generic/v1","tool":{"name":"in-house-checks","version":"3"},"findings":[{"title":"Debug endpoint enabled in production","kind":"dast","severity":"medium","rule":"DEBUG-01","cwes":[489],"locations":[{"url":"https://api.example.com/debug/vars","method":"GET"}]}]}
}
