package tfsec_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/tfsec"
)

func Example() {
	const report = `{"results": [{"rule_id": "AVD-AWS-0086", "long_id": "aws-s3-block-public-acls",
	  "rule_description": "S3 Access block should block public ACL", "rule_provider": "aws",
	  "severity": "HIGH", "status": 0, "resource": "aws_s3_bucket.logs",
	  "location": {"filename": "s3.tf", "start_line": 1, "end_line": 4}}]}`
	var d tfsec.Decoder
	doc, err := d.Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range doc.Findings {
		loc := f.Locations[0]
		fmt.Println(f.Rule, f.Severity, f.Title)
		fmt.Println(loc.File, loc.Region.StartLine, loc.Region.EndLine, loc.Resource.Type)
	}
	// Output:
	// AVD-AWS-0086 high S3 Access block should block public ACL
	// s3.tf 1 4 aws_s3_bucket
}
