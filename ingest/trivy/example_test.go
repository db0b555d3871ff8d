package trivy_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/trivy"
)

func Example() {
	const report = `{"SchemaVersion": 2, "ArtifactName": "alpine:3.19", "ArtifactType": "container_image",
	  "Metadata": {"OS": {"Family": "alpine", "Name": "3.19.1"}},
	  "Results": [{"Target": "alpine:3.19 (alpine 3.19.1)", "Class": "os-pkgs", "Type": "alpine",
	    "Vulnerabilities": [{"VulnerabilityID": "CVE-2024-2511", "PkgName": "libssl3",
	      "InstalledVersion": "3.1.4-r5", "FixedVersion": "3.1.4-r6", "Severity": "LOW"}]}]}`
	var d trivy.Decoder
	doc, err := d.Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range doc.Findings {
		fmt.Println(f.Kind, f.Rule, f.Severity)
		fmt.Println(f.Component.PURL, f.FixedVersions, f.Locations[0].Image)
	}
	// Output:
	// container CVE-2024-2511 low
	// pkg:apk/alpine/libssl3@3.1.4-r5?distro=alpine-3.19.1 [3.1.4-r6] alpine:3.19
}
