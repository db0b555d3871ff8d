// Command customscanner is a small, real security check written as a
// posture producer: it walks a directory and reports
//
//   - files and directories that anyone may write to (mode o+w), and
//   - security TODO markers left in text files ("TODO(security): ...",
//     "FIXME security: ...", "XXX SECURITY ..."),
//
// as a posture-generic/v1 JSON report on standard output, which posture
// reads like any scanner's output:
//
//	go run ./examples/customscanner ./myproject > custom.json
//	posture ingest custom.json
//
// It fills the Go types of package ingest/generic and writes them with
// encoding/json; a scanner in another language writes the same JSON,
// described by schemas/generic-v1.schema.json.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/posturekit/posture/ingest/generic"
)

// The scanner's name and version, as the report states them.
const (
	toolName    = "customscanner"
	toolVersion = "0.1.0"
)

// maxFileSize bounds the files read for markers.
const maxFileSize = 1 << 20

// reMarker finds security TODO markers: a TODO, FIXME, XXX or HACK word
// followed on the same line by "security".
var reMarker = regexp.MustCompile(`(?i)\b(TODO|FIXME|XXX|HACK)\b\W{0,3}(\(\s*)?security\b`)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: customscanner DIR")
		os.Exit(2)
	}
	if err := scan(os.Args[1], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "customscanner:", err)
		os.Exit(1)
	}
}

// scan walks root and writes the report to w.
func scan(root string, w io.Writer) error {
	rep := generic.Report{
		Schema:   generic.SchemaV1,
		Tool:     generic.Tool{Name: toolName, Version: toolVersion},
		Target:   &generic.Target{Kind: "repository", Name: filepath.ToSlash(root)},
		Findings: []generic.Finding{}, // an empty list, not null, when all is well
	}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Mode().Perm()&0o002 != 0 && d.Type()&fs.ModeSymlink == 0 {
			rep.Findings = append(rep.Findings, worldWritable(rel, info))
		}
		if d.Type().IsRegular() && info.Size() <= maxFileSize {
			found, err := markers(path, rel)
			if err != nil {
				return err
			}
			rep.Findings = append(rep.Findings, found...)
		}
		return nil
	})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

func worldWritable(rel string, info fs.FileInfo) generic.Finding {
	what := "file"
	if info.IsDir() {
		what = "directory"
	}
	return generic.Finding{
		Title:       fmt.Sprintf("World-writable %s %s", what, rel),
		Kind:        "other",
		Severity:    "medium",
		Rule:        "world-writable",
		RuleName:    "Files must not be writable by everyone",
		Description: fmt.Sprintf("%s has mode %s: any local user can change it.", rel, info.Mode().Perm()),
		CWEs:        []generic.CWE{732},
		Locations:   []generic.Location{{File: rel}},
		Properties:  map[string]any{"mode": fmt.Sprintf("%#o", info.Mode().Perm())},
	}
}

// markers returns a finding per security TODO marker in a text file.
func markers(path, rel string) ([]generic.Finding, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0 {
		return nil, nil // binary
	}
	var out []generic.Finding
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), maxFileSize)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		loc := reMarker.FindStringIndex(line)
		if loc == nil {
			continue
		}
		note := strings.TrimLeft(line[loc[1]:], " ):-")
		title := "Security TODO left in the code"
		if note != "" {
			title += ": " + note
		}
		out = append(out, generic.Finding{
			Title:       title,
			Kind:        "sast",
			Severity:    "low",
			Rule:        "security-todo",
			RuleName:    "Security work left undone",
			Description: "A security-related TODO marks work that was deferred; check that it is tracked and done before release.",
			CWEs:        []generic.CWE{546},
			Locations: []generic.Location{{
				File: rel, StartLine: n, StartColumn: loc[0] + 1,
				Snippet: strings.TrimSpace(line),
			}},
		})
	}
	return out, sc.Err()
}
