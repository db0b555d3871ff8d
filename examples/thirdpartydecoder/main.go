// Command thirdpartydecoder shows how to teach posture a format it does
// not know: a Decoder type for a made-up in-house format, registered in a
// registry built by the user in front of the built-in decoders.
//
//	go run ./examples/thirdpartydecoder testdata/nightly.acme testdata/pentest.json
//
// The in-house format, "acme-findings", is what ACME's nightly checks
// write: a header line, then one finding per line with "|"-separated cells
// (severity, check id, URL or file, title, CWE ids separated by commas):
//
//	#acme-findings v1
//	high|AUTH-01|https://shop.example.com/admin|Admin console reachable without MFA|CWE-308
//	low|DEP-07|package-lock.json|Lockfile out of date|
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest"
)

// acmeFormat is the in-house format's name.
const acmeFormat aspm.Format = "acme-findings"

const acmeHeader = "#acme-findings v1"

// maxInput bounds what the decoder reads. (A decoder of posture's own uses
// the registry's limits; this one keeps to the public API.)
const maxInput = 64 << 20

// acmeDecoder reads acme-findings files. It holds no state, so one value
// serves every goroutine, as ingest.Decoder requires.
type acmeDecoder struct{}

var _ ingest.Decoder = (*acmeDecoder)(nil)

func (*acmeDecoder) Format() aspm.Format { return acmeFormat }

// Detect is cheap and specific: the file starts with the header line.
func (*acmeDecoder) Detect(head []byte) bool {
	line, _, _ := strings.Cut(string(head), "\n")
	return strings.TrimRight(line, "\r") == acmeHeader
}

// Decode reads the whole file. A line it cannot read becomes a diagnostic
// and decoding goes on; only a missing header or an I/O error fails.
func (*acmeDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	sc := bufio.NewScanner(io.LimitReader(r, maxInput))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	if !sc.Scan() || strings.TrimRight(sc.Text(), "\r") != acmeHeader {
		return nil, fmt.Errorf("%w: the first line must be %q", ingest.ErrNotFormat, acmeHeader)
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "acme-nightly"}, Format: acmeFormat}}
	for n := 2; sc.Scan(); n++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		where := "line " + strconv.Itoa(n)
		cells := strings.Split(line, "|")
		if len(cells) != 5 {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(where, "%d cells, want 5", len(cells)))
			continue
		}
		sev, check, place, title, cwes := cells[0], cells[1], cells[2], cells[3], cells[4]
		f := aspm.Finding{
			Kind:         aspm.KindDAST,
			Rule:         check,
			Title:        title,
			Severity:     aspm.ParseSeverity(sev),
			ToolSeverity: sev,
			CWEs:         aspm.ParseCWEs(strings.Split(cwes, ",")...),
			Provenance:   aspm.Provenance{Index: len(doc.Findings), Pointer: where},
		}
		if strings.Contains(place, "://") {
			f.Locations = []aspm.Location{{URL: place}}
		} else {
			f.Kind = aspm.KindSAST
			f.Locations = []aspm.Location{{File: place}}
		}
		doc.Findings = append(doc.Findings, f)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return doc, nil
}

// newRegistry puts the in-house decoder first, so it wins detection, and
// keeps every built-in format after it.
func newRegistry() *ingest.Registry {
	return ingest.NewRegistry(append([]ingest.Decoder{&acmeDecoder{}}, ingest.Builtin()...)...)
}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "thirdpartydecoder:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, files []string, w io.Writer) error {
	if len(files) == 0 {
		return errors.New("usage: thirdpartydecoder FILE")
	}
	reg := newRegistry()
	for _, file := range files {
		doc, err := reg.DecodeFile(ctx, "", file)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s: %s, %d findings\n", file, doc.Source.Format, len(doc.Findings))
		for _, f := range doc.Findings {
			loc := ""
			if len(f.Locations) > 0 {
				loc = f.Locations[0].URL + f.Locations[0].File
			}
			fmt.Fprintf(w, "  %-8s %-5s %s (%s)\n", f.Severity, f.Kind, f.Title, loc)
		}
		for _, d := range doc.Diagnostics {
			fmt.Fprintf(w, "  %s\n", d)
		}
	}
	return nil
}
