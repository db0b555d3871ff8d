package html_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/export/exporttest"
	"github.com/posturekit/posture/export/html"
)

func ExampleEncoder() {
	var buf bytes.Buffer
	if err := (&html.Encoder{Title: "Weekly posture"}).Encode(context.Background(), &buf, exporttest.Result()); err != nil {
		panic(err)
	}
	out := buf.String()
	fmt.Println(strings.Contains(out, "<title>Weekly posture</title>"), strings.Count(out, "<tr data-sev="))
	// Output: true 6
}
