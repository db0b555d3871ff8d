package checkov_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/checkov"
)

func Example() {
	const report = `{"check_type": "terraform",
	  "results": {"failed_checks": [{"check_id": "CKV_AWS_18",
	    "check_name": "Ensure the S3 bucket has access logging enabled",
	    "file_path": "/s3.tf", "file_line_range": [1, 3], "resource": "aws_s3_bucket.logs"}]},
	  "summary": {"checkov_version": "3.2.10"}}`
	var d checkov.Decoder
	doc, err := d.Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range doc.Findings {
		loc := f.Locations[0]
		fmt.Println(f.Kind, f.Rule, f.Title)
		fmt.Println(loc.File, loc.Region.StartLine, loc.Resource.Type, loc.Resource.Name)
	}
	// Output:
	// iac CKV_AWS_18 Ensure the S3 bucket has access logging enabled
	// /s3.tf 1 aws_s3_bucket aws_s3_bucket.logs
}
