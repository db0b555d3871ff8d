package trufflehog_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/trufflehog"
)

func ExampleDecoder() {
	const output = `{"SourceMetadata":{"Data":{"Filesystem":{"file":"deploy/.env","line":2}}},"SourceName":"trufflehog - filesystem","DetectorType":8,"DetectorName":"Github","Verified":true,"Raw":"ghp_4vN8qR2mX7kL1pT9wZ3yB6cF0hJ5sD8gA2eU","Redacted":"","ExtraData":null}
`
	doc, err := (&trufflehog.Decoder{}).Decode(context.Background(), strings.NewReader(output))
	if err != nil {
		fmt.Println(err)
		return
	}
	f := doc.Findings[0]
	fmt.Println(f.Kind, f.Rule, f.Secret.Verified, f.Secret.Redacted)
	fmt.Printf("%s:%d\n", f.Locations[0].File, f.Locations[0].Region.StartLine)
	// Output:
	// secret Github true ghp_…eU
	// deploy/.env:2
}
