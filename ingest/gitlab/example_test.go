package gitlab_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/gitlab"
)

func Example() {
	report := `{
	  "version": "15.0.6",
	  "vulnerabilities": [{
	    "id": "df52bc8c",
	    "name": "CVE-2019-3462 in apt",
	    "severity": "High",
	    "solution": "Upgrade apt from 1.4.8 to 1.4.9",
	    "location": {
	      "dependency": {"package": {"name": "apt"}, "version": "1.4.8"},
	      "operating_system": "debian:9.4",
	      "image": "registry.example.com/app:1.0"
	    },
	    "identifiers": [{"type": "cve", "name": "CVE-2019-3462", "value": "CVE-2019-3462"}]
	  }],
	  "scan": {"type": "container_scanning", "scanner": {"id": "trivy", "name": "Trivy", "version": "0.49.1"}, "status": "success"}
	}`
	doc, err := (&gitlab.ContainerScanningDecoder{}).Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc.Source.Format, doc.Source.Tool.Name)
	for _, f := range doc.Findings {
		fmt.Println(f.Kind, f.Severity, f.Vulns[0].ID, f.Component.PURL, f.FixedVersions, f.Locations[0].Image)
	}
	// Output:
	// gitlab-container-scanning Trivy
	// container high CVE-2019-3462 pkg:deb/debian/apt@1.4.8?distro=debian-9.4 [1.4.9] registry.example.com/app:1.0
}
