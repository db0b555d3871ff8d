package trivyoperator_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/trivyoperator"
)

func Example() {
	const report = `{"apiVersion": "aquasecurity.github.io/v1alpha1", "kind": "ConfigAuditReport",
	  "metadata": {"name": "deployment-web", "namespace": "shop", "labels": {
	    "trivy-operator.resource.kind": "Deployment", "trivy-operator.resource.name": "web",
	    "trivy-operator.resource.namespace": "shop"}},
	  "report": {"scanner": {"name": "Trivy", "version": "0.49.1"}, "checks": [
	    {"checkID": "KSV014", "title": "Root file system is not read-only", "severity": "HIGH", "success": false},
	    {"checkID": "KSV001", "title": "Process can elevate its own privileges", "severity": "MEDIUM", "success": true}]}}`
	var d trivyoperator.Decoder
	doc, err := d.Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range doc.Findings {
		res := f.Locations[0].Resource
		fmt.Println(f.Kind, f.Rule, f.Severity, f.Title)
		fmt.Println(res.Type, res.Name)
	}
	// Output:
	// iac KSV014 high Root file system is not read-only
	// Deployment shop/web
}
