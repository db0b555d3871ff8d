package generic

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// FormatCSV is the name of the CSV format.
const FormatCSV aspm.Format = "generic-csv"

// CSVHeader is the header line a generic CSV file must start with, exactly.
const CSVHeader = "title,kind,severity,rule,description,cwe,vuln,aliases,purl,file,line,url,method,parameter,resource_type,resource_name,fixed_versions,references"

// CSVTool is the tool name given to findings read from CSV, which has no
// column for it.
const CSVTool = "generic-csv"

var csvColumns = strings.Split(CSVHeader, ",")

// The columns, by position.
const (
	colTitle = iota
	colKind
	colSeverity
	colRule
	colDescription
	colCWE
	colVuln
	colAliases
	colPURL
	colFile
	colLine
	colURL
	colMethod
	colParameter
	colResourceType
	colResourceName
	colFixedVersions
	colReferences
)

// CSVDecoder reads generic CSV files. The zero value is ready to use; it is
// safe for concurrent use.
type CSVDecoder struct{}

// Format returns [FormatCSV].
func (*CSVDecoder) Format() aspm.Format { return FormatCSV }

// Detect reports whether head starts with exactly the header [CSVHeader]
// (each name may be quoted).
func (*CSVDecoder) Detect(head []byte) bool {
	head = decode.TrimHead(head)
	if len(head) == 0 || (head[0] != 't' && head[0] != '"') {
		return false
	}
	line, _, _ := bytes.Cut(head, []byte("\n"))
	rec, err := csv.NewReader(bytes.NewReader(line)).Read()
	return err == nil && slices.Equal(rec, csvColumns)
}

// Decode reads a generic CSV file: the header, then one finding per row.
// A row that cannot be read is a diagnostic naming its line.
func (*CSVDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil || !slices.Equal(header, csvColumns) {
		got := strings.Join(header, ",")
		if err != nil {
			got = err.Error()
		}
		return nil, fmt.Errorf("%w: the first line must be the header %q, got %q", decode.ErrNotFormat, CSVHeader, decode.Clip(got, 200))
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: CSVTool}, Format: FormatCSV}}
	recs := decode.NewRecords(ctx)
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			ptr := ""
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				ptr = "line " + strconv.Itoa(pe.StartLine)
				err = pe.Err
			}
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "row skipped: %v", err))
			if pe == nil {
				break // not a problem of one row: the reader cannot go on
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		ptr := "line " + strconv.Itoa(line)
		if len(rec) != len(csvColumns) {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "row skipped: %d fields, the header has %d", len(rec), len(csvColumns)))
			continue
		}
		if blank(rec) {
			continue
		}
		w, diags := rowFinding(rec, ptr)
		f, more, err := w.finding(lim, ptr)
		doc.Diagnostics = append(doc.Diagnostics, diags...)
		doc.Diagnostics = append(doc.Diagnostics, more...)
		if err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "row skipped: %v", err))
			continue
		}
		if err := recs.Add(); err != nil {
			return nil, err
		}
		f.Provenance = aspm.Provenance{Index: len(doc.Findings), Pointer: ptr}
		doc.Findings = append(doc.Findings, f)
	}
	return doc, nil
}

// rowFinding reads one row into a finding of the format.
func rowFinding(rec []string, ptr string) (Finding, []aspm.Diagnostic) {
	var diags []aspm.Diagnostic
	warn := func(format string, args ...any) { diags = append(diags, aspm.Warnf(ptr, format, args...)) }
	w := Finding{
		Title:         rec[colTitle],
		Kind:          rec[colKind],
		Severity:      rec[colSeverity],
		Rule:          rec[colRule],
		Description:   rec[colDescription],
		FixedVersions: list(rec[colFixedVersions]),
		References:    list(rec[colReferences]),
	}
	for _, s := range list(rec[colCWE]) {
		if n, ok := parseCWE(s); ok {
			w.CWEs = append(w.CWEs, CWE(n))
		} else {
			warn("cwe %q is not a CWE id; ignored", s)
		}
	}
	aliases := list(rec[colAliases])
	switch id := strings.TrimSpace(rec[colVuln]); {
	case id != "":
		w.Vulns = []Vuln{{ID: id, Aliases: aliases}}
	case len(aliases) > 0:
		warn("aliases without a vuln: the first alias is taken as the id")
		w.Vulns = []Vuln{{ID: aliases[0], Aliases: aliases[1:]}}
	}
	if p := strings.TrimSpace(rec[colPURL]); p != "" {
		w.Component = &Component{PURL: p}
	}
	loc := Location{
		File:      rec[colFile],
		URL:       rec[colURL],
		Method:    rec[colMethod],
		Parameter: rec[colParameter],
	}
	if s := strings.TrimSpace(rec[colLine]); s != "" {
		start, end, ok := parseLines(s)
		if ok {
			loc.StartLine, loc.EndLine = start, end
		} else {
			warn("line %q is not a line number or a range such as 12-15; ignored", s)
		}
	}
	if rec[colResourceType] != "" || rec[colResourceName] != "" {
		loc.Resource = &Resource{Type: rec[colResourceType], Name: rec[colResourceName]}
	}
	if loc != (Location{}) {
		w.Locations = []Location{loc}
	}
	return w, diags
}

// parseLines reads "12" or "12-15".
func parseLines(s string) (int, int, bool) {
	a, b, isRange := strings.Cut(s, "-")
	start, err := strconv.Atoi(strings.TrimSpace(a))
	if err != nil || start < 1 {
		return 0, 0, false
	}
	if !isRange {
		return start, 0, true
	}
	end, err := strconv.Atoi(strings.TrimSpace(b))
	if err != nil || end < start {
		return 0, 0, false
	}
	return start, end, true
}

// list splits a ";"-separated cell.
func list(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func blank(rec []string) bool {
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}
