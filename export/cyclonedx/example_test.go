package cyclonedx_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/posturekit/posture/export/cyclonedx"
	"github.com/posturekit/posture/export/exporttest"
)

func ExampleEncoder() {
	var buf bytes.Buffer
	if err := (&cyclonedx.Encoder{}).Encode(context.Background(), &buf, exporttest.Result()); err != nil {
		panic(err)
	}
	var bom struct {
		SpecVersion     string `json:"specVersion"`
		Vulnerabilities []struct {
			ID       string `json:"id"`
			Analysis struct {
				State         string `json:"state"`
				Justification string `json:"justification"`
			} `json:"analysis"`
		} `json:"vulnerabilities"`
	}
	_ = json.Unmarshal(buf.Bytes(), &bom)
	v := bom.Vulnerabilities[0]
	fmt.Println(bom.SpecVersion, v.ID, v.Analysis.State, v.Analysis.Justification)
	// Output: 1.6 GHSA-35jh-r3h4-6jhm not_affected code_not_reachable
}
