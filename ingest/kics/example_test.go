package kics_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/kics"
)

func Example() {
	const report = `{"kics_version": "v1.7.13", "files_scanned": 1, "queries": [
	  {"query_name": "S3 Bucket Without Versioning", "query_id": "568a4d22-3517-44a6-a7ad-6a7eed88722c",
	   "severity": "MEDIUM", "cwe": "710", "cloud_provider": "AWS",
	   "files": [{"file_name": "s3.tf", "similarity_id": "9a4a3b1e", "line": 4,
	     "resource_type": "aws_s3_bucket", "resource_name": "logs"}]}]}`
	var d kics.Decoder
	doc, err := d.Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range doc.Findings {
		loc := f.Locations[0]
		fmt.Println(f.Title, f.Severity, f.CWEs)
		fmt.Println(loc.File, loc.Region.StartLine, loc.Resource.Provider, loc.Resource.Type, loc.Resource.Name)
		fmt.Println(f.Fingerprints[kics.FingerprintSimilarityID])
	}
	// Output:
	// S3 Bucket Without Versioning medium [710]
	// s3.tf 4 aws aws_s3_bucket logs
	// 9a4a3b1e
}
