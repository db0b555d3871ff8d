package github_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/github"
)

func Example() {
	alerts := `[{"number": 1, "state": "open", "secret_type": "aws_access_key_id",
	  "secret_type_display_name": "AWS Access Key ID", "secret": "AKIAQWERTYUIOPASDF12",
	  "validity": "active", "html_url": "https://github.com/acme/web/security/secret-scanning/1",
	  "first_location_detected": {"path": "/config/app.env", "start_line": 3, "end_line": 3,
	    "start_column": 9, "end_column": 29, "commit_sha": "f14d7deb"}}]`
	doc, err := (&github.SecretScanningDecoder{}).Decode(context.Background(), strings.NewReader(alerts))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range doc.Findings {
		fmt.Println(f.Kind, f.Rule, f.Secret.Redacted, f.Secret.Verified, f.Locations[0].File, f.Locations[0].Region.StartLine)
	}
	// Output:
	// secret aws_access_key_id AKIA…12 true config/app.env 3
}
