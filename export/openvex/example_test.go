package openvex_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/posturekit/posture/export/exporttest"
	"github.com/posturekit/posture/export/openvex"
)

func ExampleEncoder() {
	var buf bytes.Buffer
	if err := (&openvex.Encoder{}).Encode(context.Background(), &buf, exporttest.Result()); err != nil {
		panic(err)
	}
	var doc struct {
		Statements []struct {
			Vulnerability struct{ Name string }
			Status        string
			Justification string
		}
	}
	_ = json.Unmarshal(buf.Bytes(), &doc)
	for _, s := range doc.Statements {
		fmt.Println(s.Vulnerability.Name, s.Status, s.Justification)
	}
	// Output: GHSA-35jh-r3h4-6jhm not_affected vulnerable_code_not_in_execute_path
}
