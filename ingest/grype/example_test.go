package grype_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/grype"
)

func Example() {
	const report = `{"matches": [{
	    "vulnerability": {"id": "GHSA-j8r2-6x86-q33q", "namespace": "github:language:python", "severity": "Medium",
	      "fix": {"versions": ["2.31.0"], "state": "fixed"}},
	    "relatedVulnerabilities": [{"id": "CVE-2023-32681", "namespace": "nvd:cpe"}],
	    "artifact": {"name": "requests", "version": "2.25.0", "type": "python",
	      "locations": [{"path": "/requirements.txt"}], "purl": "pkg:pypi/requests@2.25.0"}}],
	  "source": {"type": "directory", "target": "."},
	  "descriptor": {"name": "grype", "version": "0.79.0"}}`
	var d grype.Decoder
	doc, err := d.Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range doc.Findings {
		fmt.Println(f.Kind, f.Vulns[0].ID, f.Vulns[0].Aliases, f.Severity)
		fmt.Println(f.Component.PURL, f.FixedVersions, f.Locations[0].File)
	}
	// Output:
	// sca GHSA-j8r2-6x86-q33q [CVE-2023-32681] medium
	// pkg:pypi/requests@2.25.0 [2.31.0] /requirements.txt
}
