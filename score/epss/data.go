package epss

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
)

// ErrFormat is returned (wrapped) when a file is not an EPSS scores file.
var ErrFormat = errors.New("epss: not an EPSS scores file")

// MaxLine bounds the length of one line of the file.
const MaxLine = 4096

// maxDiagnostics bounds the bad-row diagnostics kept; the rest are
// counted.
const maxDiagnostics = 20

// Entry is one CVE's EPSS score: the probability of exploitation activity
// in the next 30 days, and its percentile among all scored CVEs.
type Entry struct {
	EPSS       float64
	Percentile float64
}

// Data is a loaded EPSS scores file. It is read-only once loaded and safe
// for concurrent use.
type Data struct {
	// File is the name the caller gave to Load.
	File string
	// ModelVersion and ScoreDate come from the file's first line,
	// "#model_version:v2025.03.14,score_date:2025-03-15T00:00:00+0000";
	// ScoreDate is zero when the file has no such line.
	ModelVersion string
	ScoreDate    time.Time
	// Diagnostics are the rows that could not be read and other oddities.
	Diagnostics []aspm.Diagnostic
	scores      map[string]Entry
}

// Load reads an EPSS daily scores CSV as FIRST publishes it, gzipped or
// not (the gzip magic decides): an optional comment line with the model
// version and score date, a header naming the columns cve, epss and
// percentile (in any order; other columns are ignored), and one row per
// CVE. The library never fetches the file: the caller downloads it.
//
// A file that is not gzip or CSV, has no such header, is cut short inside
// its gzip stream, or has no valid row is an error wrapping [ErrFormat] or
// the reader's error. A bad row (a malformed id, a probability outside
// [0,1]) is skipped with a diagnostic naming its line, and so is a last
// line without its newline, the mark of a truncated download.
func Load(r io.Reader, name string) (*Data, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(2)
	var src io.Reader = br
	if bytes.Equal(head, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("epss: %s: gzip: %w", name, err)
		}
		defer zr.Close()
		src = zr
	}
	d := &Data{File: name, scores: map[string]Entry{}}
	sc := bufio.NewScanner(src)
	sc.Buffer(make([]byte, 0, 4096), MaxLine)
	sc.Split(scanLinesKeepEnd)
	line := 0
	cols := [3]int{-1, -1, -1}
	header := false
	bad := 0
	for sc.Scan() {
		line++
		raw := sc.Text()
		text, complete := strings.CutSuffix(raw, "\n")
		text = strings.TrimSuffix(text, "\r")
		if text == "" {
			continue
		}
		if strings.HasPrefix(text, "#") {
			if !header {
				d.readComment(text, line)
			}
			continue
		}
		if !header {
			if err := readHeader(text, &cols); err != nil {
				return nil, fmt.Errorf("%w: %s: line %d: %w", ErrFormat, name, line, err)
			}
			header = true
			continue
		}
		if !complete {
			d.diag(&bad, aspm.Errorf("line "+strconv.Itoa(line), "last line has no newline, the file looks truncated: %q skipped", text))
			continue
		}
		cve, e, err := readRow(text, cols)
		if err != nil {
			d.diag(&bad, aspm.Errorf("line "+strconv.Itoa(line), "%v", err))
			continue
		}
		d.scores[cve] = e
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("epss: %s: line %d: %w", name, line+1, err)
	}
	if !header {
		return nil, fmt.Errorf("%w: %s: no header with cve, epss and percentile columns", ErrFormat, name)
	}
	if len(d.scores) == 0 {
		return nil, fmt.Errorf("%w: %s: no valid row", ErrFormat, name)
	}
	if bad > maxDiagnostics {
		d.Diagnostics = append(d.Diagnostics, aspm.Diagnostic{Level: aspm.DiagWarning, File: name, Message: fmt.Sprintf("%d more bad rows not listed", bad-maxDiagnostics)})
	}
	return d, nil
}

func (d *Data) diag(bad *int, diag aspm.Diagnostic) {
	*bad++
	if *bad <= maxDiagnostics {
		diag.File = d.File
		d.Diagnostics = append(d.Diagnostics, diag)
	}
}

// scanLinesKeepEnd splits lines keeping the newline, so that a last line
// without one can be told apart.
func scanLinesKeepEnd(data []byte, atEOF bool) (int, []byte, error) {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return i + 1, data[:i+1], nil
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}

func (d *Data) readComment(text string, line int) {
	for field := range strings.SplitSeq(strings.TrimPrefix(text, "#"), ",") {
		k, v, ok := strings.Cut(field, ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(k) {
		case "model_version":
			d.ModelVersion = strings.TrimSpace(v)
		case "score_date":
			t, err := parseDate(strings.TrimSpace(v))
			if err != nil {
				d.Diagnostics = append(d.Diagnostics, aspm.Diagnostic{Level: aspm.DiagWarning, File: d.File, Pointer: "line " + strconv.Itoa(line), Message: fmt.Sprintf("score_date %q is not a date", v)})
				continue
			}
			d.ScoreDate = t
		}
	}
}

func parseDate(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05-0700", "2006-01-02T15:04:05Z0700", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("bad date %q", s)
}

func readHeader(text string, cols *[3]int) error {
	for i, c := range strings.Split(text, ",") {
		switch strings.ToLower(strings.TrimSpace(c)) {
		case "cve":
			cols[0] = i
		case "epss":
			cols[1] = i
		case "percentile":
			cols[2] = i
		}
	}
	if cols[0] < 0 || cols[1] < 0 || cols[2] < 0 {
		return fmt.Errorf("header %q lacks cve, epss or percentile", text)
	}
	return nil
}

func readRow(text string, cols [3]int) (string, Entry, error) {
	var fields [8]string
	n := 0
	for f := range strings.SplitSeq(text, ",") {
		if n < len(fields) {
			fields[n] = f
		}
		n++
	}
	need := max(cols[0], cols[1], cols[2])
	if n <= need || need >= len(fields) {
		return "", Entry{}, fmt.Errorf("row %q has %d columns, want %d", text, n, need+1)
	}
	cve := strings.TrimSpace(fields[cols[0]])
	if !aspm.IsCVE(cve) {
		return "", Entry{}, fmt.Errorf("%q is not a CVE id", cve)
	}
	p, err1 := strconv.ParseFloat(strings.TrimSpace(fields[cols[1]]), 64)
	pc, err2 := strconv.ParseFloat(strings.TrimSpace(fields[cols[2]]), 64)
	if err1 != nil || err2 != nil || !(p >= 0 && p <= 1) || !(pc >= 0 && pc <= 1) {
		return "", Entry{}, fmt.Errorf("%s: epss %q and percentile %q must be numbers in [0,1]", cve, fields[cols[1]], fields[cols[2]])
	}
	return strings.ToUpper(cve), Entry{EPSS: p, Percentile: pc}, nil
}

// Len returns the number of CVEs scored.
func (d *Data) Len() int {
	if d == nil {
		return 0
	}
	return len(d.scores)
}

// Lookup returns a CVE's entry. A nil Data knows nothing.
func (d *Data) Lookup(cve string) (Entry, bool) {
	if d == nil {
		return Entry{}, false
	}
	e, ok := d.scores[cve]
	return e, ok
}

// Check returns the load diagnostics and a warning, with the score date,
// when the scores are older than maxAge at now, dated in the future, or
// undated.
func (d *Data) Check(now time.Time, maxAge time.Duration) []aspm.Diagnostic {
	if d == nil {
		return nil
	}
	out := append([]aspm.Diagnostic(nil), d.Diagnostics...)
	switch age := now.Sub(d.ScoreDate); {
	case d.ScoreDate.IsZero():
		out = append(out, aspm.Diagnostic{Level: aspm.DiagWarning, File: d.File, Message: "EPSS file has no score_date: its age is unknown"})
	case age > maxAge:
		out = append(out, aspm.Diagnostic{Level: aspm.DiagWarning, File: d.File, Message: fmt.Sprintf("EPSS scores dated %s (model %s) are %d days old, older than %d days: download a fresh file", d.ScoreDate.Format(time.DateOnly), d.ModelVersion, int(age.Hours()/24), int(maxAge.Hours()/24))})
	case age < -48*time.Hour:
		out = append(out, aspm.Diagnostic{Level: aspm.DiagWarning, File: d.File, Message: fmt.Sprintf("EPSS scores dated %s are in the future", d.ScoreDate.Format(time.DateOnly))})
	}
	return out
}
