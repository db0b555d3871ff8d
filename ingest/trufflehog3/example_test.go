package trufflehog3_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/trufflehog3"
)

func ExampleDecoder() {
	const report = `[{"rule": {"id": "aws-key", "message": "AWS API Key", "severity": "HIGH"},
		"path": "config/aws.ini", "line": "2", "secret": "AKIAIOSFODNN7EXAMPLE",
		"context": {"2": "aws_access_key_id = AKIAIOSFODNN7EXAMPLE"}, "id": "f3c1",
		"branch": null, "message": null, "author": null, "commit": null, "date": null}]`
	doc, err := (&trufflehog3.Decoder{}).Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	f := doc.Findings[0]
	fmt.Println(f.Kind, f.Rule, f.Severity, f.Secret.Redacted)
	fmt.Println(f.Properties["context"])
	// Output:
	// secret aws-key high AKIA…LE
	// {"2":"aws_access_key_id = AKIA…LE"}
}
