// Command ingest is the smallest useful posture program: it decodes the
// scanner outputs named on the command line, whatever their format, and
// prints how many findings of each kind and severity they hold.
//
//	go run ./examples/ingest scan.sarif bom.cdx.json grype.json
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/posturekit/posture/ingest"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ingest:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, files []string, w io.Writer) error {
	reg := ingest.Default()
	counts := map[string]int{}
	for _, file := range files {
		doc, err := reg.DecodeFile(ctx, "", file)
		if err != nil {
			return err // a *ingest.ParseError naming the file and the position
		}
		fmt.Fprintf(w, "%s: %s by %s: %d findings, %d components\n",
			file, doc.Source.Format, doc.Source.Tool.Name, len(doc.Findings), len(doc.Components))
		for _, f := range doc.Findings {
			counts[string(f.Kind)+" "+string(f.Severity)]++
		}
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "  %-24s %d\n", k, counts[k])
	}
	return nil
}
