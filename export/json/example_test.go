package json_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/posturekit/posture/export/exporttest"
	"github.com/posturekit/posture/export/json"
)

func ExampleEncoder() {
	var buf bytes.Buffer
	if err := (&json.Encoder{Compact: true}).Encode(context.Background(), &buf, exporttest.Result()); err != nil {
		panic(err)
	}
	fmt.Println(string(buf.Bytes()[:22]))
	// Output: {"schema":"posture/v1"
}

func ExampleDecode() {
	var buf bytes.Buffer
	_ = (&json.Encoder{}).Encode(context.Background(), &buf, exporttest.Result())
	base, err := json.Decode(context.Background(), &buf)
	if err != nil {
		panic(err)
	}
	fmt.Println(base.Schema, len(base.Issues), base.Summary.Gate)
	// Output: posture/v1 6 fail
}
