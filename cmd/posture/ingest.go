package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest"
)

func runIngest(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "ingest", "[--format NAME] FILE...")
	format := fs.String("format", "", "decode every FILE as this format instead of detecting it (see posture formats)")
	quiet := fs.Bool("quiet", false, "do not print diagnostics")
	files, code := parseFlags(fs, args)
	if code >= 0 {
		return code
	}
	if len(files) == 0 {
		e.errorf("ingest: no input files")
		fs.Usage()
		return exitUsage
	}
	reg := ingest.Default()
	if *format != "" {
		if _, ok := reg.Lookup(aspm.Format(*format)); !ok {
			e.errorf("ingest: unknown format %q (see posture formats)", *format)
			return exitUsage
		}
	}
	out := bufio.NewWriterSize(e.stdout, 1<<16)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	failed := false
	for _, file := range files {
		if err := ctx.Err(); err != nil {
			e.errorf("%v", err)
			return exitFailed
		}
		doc, err := decodeOne(ctx, e, reg, aspm.Format(*format), file)
		if err != nil {
			e.errorf("%v", err)
			failed = true
			continue
		}
		if !*quiet {
			for _, d := range doc.Diagnostics {
				fmt.Fprintf(e.stderr, "posture: %s\n", d)
			}
		}
		for i := range doc.Findings {
			if err := enc.Encode(&doc.Findings[i]); err != nil {
				e.errorf("%s: %v", file, err)
				return exitFailed
			}
		}
		if err := out.Flush(); err != nil {
			e.errorf("writing output: %v", err)
			return exitFailed
		}
	}
	if failed {
		return exitFailed
	}
	return exitOK
}

// decodeOne decodes one file ("-" is standard input). A decoder that panics
// is a bug in posture; it is reported as an error for that file, never as a
// stack trace, and the other files go on.
func decodeOne(ctx context.Context, e *env, reg *ingest.Registry, format aspm.Format, file string) (doc *aspm.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("%s: internal error (please report it): %v", file, r)
		}
	}()
	if file == "-" {
		if format == "" {
			return reg.Decode(ctx, "-", e.stdin)
		}
		return reg.DecodeFormat(ctx, format, "-", e.stdin)
	}
	return reg.DecodeFile(ctx, format, file)
}
