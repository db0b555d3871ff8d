package markdown_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/export/exporttest"
	"github.com/posturekit/posture/export/markdown"
)

func ExampleEncoder() {
	var buf bytes.Buffer
	if err := (&markdown.Encoder{}).Encode(context.Background(), &buf, exporttest.Result()); err != nil {
		panic(err)
	}
	first, _, _ := strings.Cut(buf.String(), "\n")
	fmt.Println(first)
	fmt.Println(strings.Count(buf.String(), "<details>"), "collapsible issues")
	// Output:
	// ## posture: policy gate failed ❌
	// 5 collapsible issues
}
