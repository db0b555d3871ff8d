package junit_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/export/exporttest"
	"github.com/posturekit/posture/export/junit"
)

func ExampleEncoder() {
	var buf bytes.Buffer
	if err := (&junit.Encoder{}).Encode(context.Background(), &buf, exporttest.Result()); err != nil {
		panic(err)
	}
	lines := strings.Split(buf.String(), "\n")
	fmt.Println(lines[1])
	// Output: <testsuites name="posture" tests="4" failures="2" skipped="0">
}
