package gitleaks_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/gitleaks"
)

func ExampleDecoder() {
	const report = `[{"Description": "AWS Access Key", "StartLine": 3, "EndLine": 3, "StartColumn": 19, "EndColumn": 38,
		"Match": "aws_access_key_id=AKIAIOSFODNN7EXAMPLE", "Secret": "AKIAIOSFODNN7EXAMPLE",
		"File": "config/aws.ini", "Commit": "9d4e1f", "Author": "Jane Doe", "Email": "jane@example.com",
		"Date": "2024-02-01T09:30:00Z", "Tags": [], "RuleID": "aws-access-token"}]`
	doc, err := (&gitleaks.Decoder{}).Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	f := doc.Findings[0]
	fmt.Println(f.Kind, f.Rule, f.Severity)
	fmt.Println(f.Secret.Redacted, f.Secret.Hash[:12], f.Secret.Author)
	fmt.Println(f.Properties["Match"])
	// Output:
	// secret aws-access-token high
	// AKIA…LE 1a5d44a2dca1 Jane Doe
	// aws_access_key_id=AKIA…LE
}
