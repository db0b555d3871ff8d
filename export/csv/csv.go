package csv

import (
	"bufio"
	"cmp"
	"context"
	stdcsv "encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
)

// Format is the name of this encoder's format.
const Format aspm.Format = "csv"

// header is the fixed first row; every other row has one cell per column.
var header = []string{
	"id", "kind", "severity", "title", "priority", "score", "status", "sla_due",
	"component", "vulns", "cwes", "fixed_versions", "location", "tools", "services", "owners",
	"policy", "triage", "first_seen",
}

// Header returns the column names of the first row, in order.
func Header() []string { return slices.Clone(header) }

// Encoder writes one CSV row per issue for spreadsheets. The zero value
// uses commas and CRLF line ends (RFC 4180).
type Encoder struct {
	// Comma replaces the field delimiter (';' for some locales); it must
	// not be a quote, a line break or the replacement character.
	Comma rune
	// LF ends lines with \n instead of \r\n.
	LF bool
}

// Format returns "csv".
func (*Encoder) Format() aspm.Format { return Format }

// Encode writes the header and one row per issue, sorted by ID. Lists are
// joined with "; ". Cells are safe to open in a spreadsheet: terminal
// escapes and control characters are removed, and a cell that would start
// with =, +, -, @, a tab or a carriage return (which spreadsheets read as
// a formula) is prefixed with an apostrophe.
func (e *Encoder) Encode(ctx context.Context, w io.Writer, r *aspm.Result) error {
	if r == nil {
		return errors.New("csv: nil result")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := stdcsv.NewWriter(bw)
	if e.Comma != 0 {
		cw.Comma = e.Comma
	}
	cw.UseCRLF = !e.LF
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	row := make([]string, len(header))
	for n, i := range sortedIssues(r.Issues) {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		fill(row, &r.Issues[i])
		for j := range row {
			row[j] = Cell(row[j])
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	return nil
}

// Cell makes s safe as a spreadsheet cell: terminal escapes and control
// characters other than newline and tab are removed, and a cell starting
// (after any spaces) with =, +, -, @ or a tab gets a leading apostrophe so
// that it reads as text, not as a formula.
func Cell(s string) string {
	s = clean(s, 32000) // below Excel's 32,767 characters per cell
	t := strings.TrimLeft(s, " ")
	if t != "" && strings.ContainsRune("=+-@\t\r", rune(t[0])) {
		return "'" + s
	}
	return s
}

func fill(row []string, is *aspm.Issue) {
	score := ""
	if is.Score != nil {
		score = strconv.FormatFloat(is.Score.Value, 'f', -1, 64)
	}
	var cwes []string
	for _, c := range is.CWEs {
		cwes = append(cwes, "CWE-"+strconv.Itoa(c))
	}
	var policy []string
	for _, v := range is.Policy {
		policy = append(policy, v.Rule+"="+string(v.Result))
	}
	triage := ""
	if t := is.Triage; t != nil {
		triage = string(t.Status)
		if t.VEX != nil && t.VEX.State != "" {
			triage += " (" + string(t.VEX.State) + ")"
		}
		if t.Reason != "" {
			triage += ": " + t.Reason
		}
	}
	component := ""
	if !is.Component.IsZero() {
		component = is.Component.String()
	}
	copy(row, []string{
		is.ID, string(is.Kind), string(is.Severity), is.Title, string(is.Priority), score, string(is.Status), date(is.SLADue),
		component, join(is.Vulns), join(cwes), join(is.FixedVersions), location(is), join(is.Tools), join(is.Services), join(is.Owners),
		join(policy), triage, date(is.FirstSeen),
	})
}

func join(ss []string) string { return strings.Join(ss, "; ") }

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// location renders the primary location: file:line, method URL, resource
// or image; for a package issue without one, its manifest.
func location(is *aspm.Issue) string {
	for _, l := range is.Locations {
		switch {
		case l.File != "":
			if l.Region != nil && l.Region.StartLine > 0 {
				return l.File + ":" + strconv.Itoa(l.Region.StartLine)
			}
			return l.File
		case l.URL != "":
			return strings.TrimSpace(l.Method + " " + l.URL)
		case l.Resource != nil:
			return cmp.Or(l.Resource.Name, l.Resource.ID, l.Resource.Type)
		case l.Image != "":
			return l.Image
		}
	}
	for _, f := range is.Findings {
		if f != nil && f.Component != nil && len(f.Component.Paths) > 0 {
			return f.Component.Paths[0]
		}
	}
	return ""
}

func sortedIssues(issues []aspm.Issue) []int {
	idx := make([]int, len(issues))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(issues[a].ID, issues[b].ID) })
	return idx
}
