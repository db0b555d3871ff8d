package terrascan_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/terrascan"
)

func Example() {
	const report = `{"results": {"violations": [{"rule_name": "gkeControlPlaneNotPublic",
	  "description": "Ensure GKE Control Plane is not public.", "rule_id": "accurics.gcp.NS.109",
	  "severity": "HIGH", "resource_name": "k8s_cluster", "resource_type": "google_container_cluster",
	  "file": "cluster.tf", "line": 52}], "skipped_violations": null}}`
	var d terrascan.Decoder
	doc, err := d.Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range doc.Findings {
		loc := f.Locations[0]
		fmt.Println(f.Rule, f.Severity, f.Title)
		fmt.Println(loc.File, loc.Region.StartLine, loc.Resource.Type, loc.Resource.Name)
	}
	// Output:
	// accurics.gcp.NS.109 high Ensure GKE Control Plane is not public.
	// cluster.tf 52 google_container_cluster k8s_cluster
}
