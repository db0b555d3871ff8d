package ggshield_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/ggshield"
)

func ExampleDecoder() {
	const report = `{"id": "/src/shop", "type": "path_scan", "entities_with_incidents": [{"mode": "FILE",
		"filename": "config/prod.env", "incidents": [{"policy": "Secrets detection",
			"occurrences": [{"match": "xoxb-123***************xyz", "type": "apikey", "line_start": 4, "line_end": 4}],
			"type": "Slack Bot Token", "validity": "valid",
			"ignore_sha": "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0", "total_occurrences": 1}]}],
		"total_incidents": 1, "total_occurrences": 1, "secrets_engine_version": "2.110.0"}`
	doc, err := (&ggshield.Decoder{}).Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	f := doc.Findings[0]
	fmt.Println(f.Kind, f.Rule, f.Secret.Verified, f.Secret.Hash == "")
	fmt.Printf("%s:%d %s\n", f.Locations[0].File, f.Locations[0].Region.StartLine, f.Fingerprints["ggshield-ignore-sha"][:8])
	// Output:
	// secret Slack Bot Token true true
	// config/prod.env:4 0f1e2d3c
}
