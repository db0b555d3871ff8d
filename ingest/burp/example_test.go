package burp_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/burp"
)

func Example() {
	const export = `<?xml version="1.0"?>
<issues burpVersion="2023.10.3" exportTime="Tue Mar 12 10:00:00 CET 2024">
  <issue>
    <serialNumber>1</serialNumber><type>5245344</type><name>Cross-site scripting (reflected)</name>
    <host ip="192.0.2.7">http://shop.example.com</host><path>/search.php</path>
    <location>/search.php [q parameter]</location>
    <severity>High</severity><confidence>Certain</confidence>
    <vulnerabilityClassifications><![CDATA[<a href="https://cwe.mitre.org/data/definitions/79.html">CWE-79</a>]]></vulnerabilityClassifications>
    <requestresponse><request method="GET" base64="true">R0VUIC9zZWFyY2gucGhwP3E9MSBIVFRQLzEuMQ0KDQo=</request></requestresponse>
  </issue>
</issues>`
	var d burp.Decoder
	doc, err := d.Decode(context.Background(), strings.NewReader(export))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range doc.Findings {
		loc := f.Locations[0]
		fmt.Println(f.Rule, f.Severity, f.CWEs, f.Title)
		fmt.Println(loc.Method, loc.URL, loc.Parameter)
		fmt.Printf("%q\n", loc.Evidence)
	}
	// Output:
	// 5245344 high [79] Cross-site scripting (reflected)
	// GET http://shop.example.com/search.php q
	// "GET /search.php?q=1 HTTP/1.1"
}
