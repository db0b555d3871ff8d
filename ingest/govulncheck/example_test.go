package govulncheck_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/govulncheck"
)

func Example() {
	const stream = `
{"config":{"protocol_version":"v1.0.0","scanner_name":"govulncheck","scanner_version":"v1.1.3","go_version":"go1.22.1","scan_level":"symbol"}}
{"osv":{"id":"GO-2023-1840","aliases":["CVE-2023-29403"],"summary":"Unsafe behavior in setuid/setgid binaries in runtime"}}
{"finding":{"osv":"GO-2023-1840","fixed_version":"v1.20.5","trace":[{"module":"stdlib","version":"v1.20.4"}]}}
{"finding":{"osv":"GO-2023-1840","fixed_version":"v1.20.5","trace":[{"module":"stdlib","version":"v1.20.4","package":"runtime"}]}}
{"finding":{"osv":"GO-2023-1840","fixed_version":"v1.20.5","trace":[
  {"module":"stdlib","version":"v1.20.4","package":"runtime","function":"Caller","position":{"filename":"runtime/extern.go","line":200}},
  {"module":"example.com/app","package":"example.com/app","function":"main","position":{"filename":"main.go","line":12,"column":2}}]}}
`
	doc, err := new(govulncheck.Decoder).Decode(context.Background(), strings.NewReader(stream))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range doc.Findings {
		fmt.Println(f.Vulns[0].IDs(), f.Component.PURL, f.FixedVersions)
		fmt.Println(f.Reachability.Level, f.Reachability.Symbols)
		for _, frame := range f.Reachability.Trace {
			fmt.Println("  ", frame)
		}
	}
	// Output:
	// [GO-2023-1840 CVE-2023-29403] pkg:golang/stdlib@v1.20.4 [v1.20.5]
	// function [runtime.Caller]
	//    example.com/app.main (main.go:12)
	//    runtime.Caller (runtime/extern.go:200)
}
