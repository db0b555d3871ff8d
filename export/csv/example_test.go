package csv_test

import (
	"context"
	"fmt"
	"os"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/export/csv"
)

func ExampleEncoder() {
	r := &aspm.Result{Issues: []aspm.Issue{{ID: "i-1", Kind: aspm.KindSAST, Severity: aspm.SeverityHigh, Title: `=HYPERLINK("https://evil.example")`}}}
	if err := (&csv.Encoder{LF: true}).Encode(context.Background(), os.Stdout, r); err != nil {
		panic(err)
	}
	// Output:
	// id,kind,severity,title,priority,score,status,sla_due,component,vulns,cwes,fixed_versions,location,tools,services,owners,policy,triage,first_seen
	// i-1,sast,high,"'=HYPERLINK(""https://evil.example"")",,,,,,,,,,,,,,,
}

func ExampleCell() {
	fmt.Println(csv.Cell("@SUM(A1:A9)"), csv.Cell("plain"))
	// Output: '@SUM(A1:A9) plain
}
