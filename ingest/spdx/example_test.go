package spdx_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/spdx"
)

func ExampleTagValueDecoder() {
	const sbom = `SPDXVersion: SPDX-2.3
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentName: my-app
Creator: Tool: example-1.0.0
Created: 2024-01-02T03:04:05Z

PackageName: my-app
SPDXID: SPDXRef-app
PackageVersion: 1.0.0

PackageName: lodash
SPDXID: SPDXRef-lodash
PackageVersion: 4.17.21
PackageLicenseDeclared: MIT
ExternalRef: PACKAGE-MANAGER purl pkg:npm/lodash@4.17.21

Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-app
Relationship: SPDXRef-app DEPENDS_ON SPDXRef-lodash
`
	doc, err := (&spdx.TagValueDecoder{}).Decode(context.Background(), strings.NewReader(sbom))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc.Source.Tool.Name, doc.Source.Tool.Version, doc.Source.Target.Name)
	for _, c := range doc.Components {
		fmt.Println(c.Ref, c.Name, c.Version, c.PURL, c.Licenses)
	}
	for _, r := range doc.Relationships {
		fmt.Printf("%q %s %q\n", r.From, r.Type, r.To)
	}
	// Output:
	// example 1.0.0 my-app
	// SPDXRef-app my-app 1.0.0  []
	// SPDXRef-lodash lodash 4.17.21 pkg:npm/lodash@4.17.21 [MIT]
	// "" describes "SPDXRef-app"
	// "SPDXRef-app" depends_on "SPDXRef-lodash"
}

func ExampleJSONDecoder() {
	const sbom = `{
  "spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": "alpine",
  "creationInfo": {"created": "2024-01-02T03:04:05Z", "creators": ["Tool: syft-1.4.1"]},
  "packages": [{"SPDXID": "SPDXRef-musl", "name": "musl", "versionInfo": "1.2.4-r2",
    "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
      "referenceLocator": "pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64"}]}]
}`
	doc, err := (&spdx.JSONDecoder{}).Decode(context.Background(), strings.NewReader(sbom))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc.Source.Tool.Name, len(doc.Findings), doc.Components[0].PURL)
	// Output:
	// syft 0 pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64
}
