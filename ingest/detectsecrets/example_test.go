package detectsecrets_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/detectsecrets"
)

func ExampleDecoder() {
	const baseline = `{"version": "1.4.0", "plugins_used": [{"name": "KeywordDetector"}],
		"results": {"app/config.py": [{"type": "Secret Keyword", "filename": "app/config.py",
			"hashed_secret": "e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4", "is_verified": false, "line_number": 9}]},
		"generated_at": "2024-03-01T12:00:00Z"}`
	doc, err := (&detectsecrets.Decoder{}).Decode(context.Background(), strings.NewReader(baseline))
	if err != nil {
		fmt.Println(err)
		return
	}
	f := doc.Findings[0]
	fmt.Println(f.Kind, f.Rule, f.Locations[0].File, f.Locations[0].Region.StartLine)
	fmt.Println(f.Fingerprints["detect-secrets-sha1"], f.Secret.Hash == "")
	// Output:
	// secret Secret Keyword app/config.py 9
	// e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4 true
}
