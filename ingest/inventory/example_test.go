package inventory_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/inventory"
)

func ExampleDecode() {
	const src = `
teams:
  - name: payments
    parent: commerce
services:
  - name: checkout
    owners: [payments]
    tier: 1
    data_classes: [pii, pci]
    exposure: internet
    environments: [production]
    sboms: [sboms/checkout.cdx.json]
    controls: [waf]
`
	inv, err := inventory.Decode(context.Background(), "inventory.yaml", strings.NewReader(src))
	if err != nil {
		panic(err)
	}
	s := inv.Services[0]
	fmt.Println(s.Name, s.Owners, s.Tier, s.DataClasses, s.Exposure, s.Environments, s.Controls)
	fmt.Println(inv.Teams[0].Name, "is part of", inv.Teams[0].Parent)
	// Output:
	// checkout [payments] critical [pci pii] internet [production] [waf]
	// payments is part of commerce
}

// A malformed inventory names the file, line, column and field of each
// problem.
func ExampleError() {
	const src = `
services:
  - name: checkout
    data_classes: [pii, top-secret]
`
	_, err := inventory.Decode(context.Background(), "inventory.yaml", strings.NewReader(src))
	var ie *inventory.Error
	if errors.As(err, &ie) {
		fmt.Println(ie.File, ie.Line, ie.Field)
		fmt.Println(errors.Is(err, inventory.ErrInvalid))
	}
	fmt.Println(err)
	// Output:
	// inventory.yaml 4 services[0].data_classes[1]
	// true
	// inventory.yaml:4:25: services[0].data_classes[1]: inventory: invalid value: unknown data class "top-secret" (known: phi, pci, pii, credentials, secrets, financial, confidential, internal, public)
}
