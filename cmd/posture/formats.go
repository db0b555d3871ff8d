package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/posturekit/posture/export"
	"github.com/posturekit/posture/ingest"
)

func runFormats(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "formats", "[--json]")
	asJSON := fs.Bool("json", false, "write the lists as one JSON object")
	if _, code := parseFlags(fs, args); code >= 0 {
		return code
	}
	decoders := ingest.Default().Formats()
	encoders := encoderFormats()
	if *asJSON {
		out := struct {
			Decoders []string `json:"decoders"`
			Encoders []string `json:"encoders"`
		}{Decoders: []string{}, Encoders: encoders}
		for _, f := range decoders {
			out.Decoders = append(out.Decoders, string(f))
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			e.errorf("%v", err)
			return exitFailed
		}
		return exitOK
	}
	fmt.Fprintln(e.stdout, "Decoders (posture ingest --format NAME; detected automatically):")
	for _, f := range decoders {
		fmt.Fprintf(e.stdout, "  %s\n", f)
	}
	fmt.Fprintln(e.stdout, "Encoders (posture scan -o NAME):")
	for _, f := range encoders {
		fmt.Fprintf(e.stdout, "  %s\n", f)
	}
	return exitOK
}

// encoderFormats lists the output formats of "posture scan -o" that
// export encoders provide.
func encoderFormats() []string {
	var out []string
	for _, e := range export.Default() {
		out = append(out, string(e.Format()))
	}
	return out
}
