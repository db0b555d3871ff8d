package govulncheck

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Format is the name of the streamed JSON format (govulncheck 1.0 and
// later, `govulncheck -json` or `-format json`).
const Format aspm.Format = "govulncheck-json"

// Decoder reads govulncheck's streamed JSON messages. The zero value is
// ready to use; it is safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head starts a govulncheck message stream: a first
// object (or first array element) whose only member is "config", stating a
// protocol_version or go_version.
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || len(s.Keys) == 0 || s.Keys[0] != "config" {
		return false
	}
	return bytes.Contains(head, []byte(`"protocol_version"`)) || bytes.Contains(head, []byte(`"go_version"`))
}

// The message types of protocol v1.

type message struct {
	Config   *config         `json:"config"`
	Progress json.RawMessage `json:"progress"`
	SBOM     *sbom           `json:"SBOM"`
	OSV      *osvEntry       `json:"osv"`
	Finding  *finding        `json:"finding"`
}

var messageKeys = []string{"config", "progress", "SBOM", "osv", "finding"}

type config struct {
	ProtocolVersion string `json:"protocol_version"`
	ScannerName     string `json:"scanner_name"`
	ScannerVersion  string `json:"scanner_version"`
	DB              string `json:"db"`
	DBLastModified  string `json:"db_last_modified"`
	GoVersion       string `json:"go_version"`
	ScanLevel       string `json:"scan_level"`
	ScanMode        string `json:"scan_mode"`
}

type sbom struct {
	GoVersion string   `json:"go_version"`
	Roots     []string `json:"roots"`
	Modules   []struct {
		Path    string `json:"path"`
		Version string `json:"version"`
	} `json:"modules"`
}

type finding struct {
	OSV          string      `json:"osv"`
	FixedVersion string      `json:"fixed_version"`
	Trace        []*msgFrame `json:"trace"`
}

type msgFrame struct {
	Module   string `json:"module"`
	Version  string `json:"version"`
	Package  string `json:"package"`
	Function string `json:"function"`
	Receiver string `json:"receiver"`
	Position *struct {
		Filename string `json:"filename"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
	} `json:"position"`
}

func (m *msgFrame) frame() frame {
	fr := frame{Module: m.Module, Version: m.Version, Package: m.Package, Function: m.Function, Receiver: m.Receiver}
	if p := m.Position; p != nil {
		fr.File, fr.Line, fr.Column = p.Filename, p.Line, p.Column
	}
	return fr
}

// level is the reachability a trace shows: its first frame is the
// vulnerable symbol, package or module.
func (fr frame) level() aspm.ReachabilityLevel {
	switch {
	case fr.Function != "":
		return aspm.ReachFunction
	case fr.Package != "":
		return aspm.ReachPackage
	}
	return aspm.ReachModule
}

// stream is the state of one Decode call.
type stream struct {
	lim    decode.Limits
	recs   *decode.Records
	doc    *aspm.Document
	cfg    *config
	osv    map[string]*osvEntry
	aggs   aggregator
	goVers string
}

// Decode reads a govulncheck message stream: JSON objects one after
// another, or (as some tools save it) a JSON array of them. See the package
// documentation for the mapping.
func (*Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	br := bufio.NewReader(&limitReader{r: r, left: lim.MaxBytes})
	dec := json.NewDecoder(br)
	st := &stream{
		lim:  lim,
		recs: decode.NewRecords(ctx),
		doc:  &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "govulncheck"}, Format: Format}},
		osv:  map[string]*osvEntry{},
	}
	array := false
	if b, err := peekNonSpace(br); err == nil && b == '[' {
		array = true
		if _, err := dec.Token(); err != nil {
			return nil, err
		}
	}
	for n := 0; ; n++ {
		if array && !dec.More() {
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			break
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			if errors.Is(err, io.EOF) && !array {
				if n == 0 {
					return nil, io.ErrUnexpectedEOF
				}
				break
			}
			return nil, err
		}
		if err := decode.CheckDepth(raw, lim.MaxDepth); err != nil {
			return nil, err
		}
		if err := st.message(n, raw); err != nil {
			return nil, err
		}
	}
	if array {
		// Anything after the closing bracket is not part of the stream.
		if _, err := dec.Token(); !errors.Is(err, io.EOF) {
			if err == nil {
				err = errors.New("data after the message array")
			}
			return nil, err
		}
	}
	return st.finish()
}

// peekNonSpace returns the first byte that is not white space, without
// consuming it.
func peekNonSpace(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.ReadByte()
		if err != nil {
			return 0, err
		}
		if b != ' ' && b != '\t' && b != '\r' && b != '\n' {
			return b, br.UnreadByte()
		}
	}
}

func (st *stream) diag(d aspm.Diagnostic) { st.doc.Diagnostics = append(st.doc.Diagnostics, d) }

// message reads the nth message. The first must be a govulncheck message,
// or the input is not this format.
func (st *stream) message(n int, raw json.RawMessage) error {
	ptr := fmt.Sprintf("/%d", n)
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil {
		if n == 0 {
			return fmt.Errorf("%w: first message is not an object", decode.ErrNotFormat)
		}
		st.diag(aspm.Errorf(ptr, "message skipped: not an object"))
		return nil
	}
	known := false
	var unknown []string
	for k := range keys {
		if slices.Contains(messageKeys, k) {
			known = true
		} else {
			unknown = append(unknown, k)
		}
	}
	if !known {
		if n == 0 {
			return fmt.Errorf("%w: first message has none of %s", decode.ErrNotFormat, strings.Join(messageKeys, ", "))
		}
		slices.Sort(unknown)
		st.diag(aspm.Warnf(ptr, "message of unknown kind %s skipped", strings.Join(unknown, ", ")))
		return nil
	}
	var m message
	if err := json.Unmarshal(raw, &m); err != nil {
		st.diag(aspm.Errorf(ptr, "message skipped: %v", err))
		return nil
	}
	switch {
	case m.Config != nil:
		if st.cfg == nil {
			st.cfg = m.Config
			st.goVers = m.Config.GoVersion
			st.doc.Source.Tool = aspm.Tool{Name: cmp.Or(m.Config.ScannerName, "govulncheck"), Version: m.Config.ScannerVersion}
		}
	case m.SBOM != nil:
		return st.sbom(ptr, m.SBOM)
	case m.OSV != nil:
		if err := st.recs.Add(); err != nil {
			return err
		}
		if m.OSV.ID == "" {
			st.diag(aspm.Warnf(ptr+"/osv", "OSV entry without an id skipped"))
			return nil
		}
		st.osv[aspm.NormalizeVulnID(m.OSV.ID)] = m.OSV
	case m.Finding != nil:
		if err := st.recs.Add(); err != nil {
			return err
		}
		st.finding(ptr+"/finding", m.Finding)
	}
	return nil
}

func (st *stream) sbom(ptr string, s *sbom) error {
	if st.goVers == "" {
		st.goVers = s.GoVersion
	}
	for i, m := range s.Modules {
		if m.Path == "" {
			st.diag(aspm.Warnf(fmt.Sprintf("%s/SBOM/modules/%d", ptr, i), "module without a path skipped"))
			continue
		}
		if err := st.recs.Add(); err != nil {
			return err
		}
		version := m.Version
		if version == "" && m.Path == "stdlib" {
			version = goSemver(s.GoVersion)
		}
		c := aspm.Component{PURL: aspm.PURLFromEcosystem("Go", m.Path, version), Name: m.Path, Version: version, Ecosystem: "Go", Type: "library"}
		if slices.Contains(s.Roots, m.Path) {
			c.Type = "application"
			st.doc.Relationships = append(st.doc.Relationships, aspm.Relationship{To: c.Key(), Type: aspm.RelDescribes})
		}
		st.doc.Components = append(st.doc.Components, c)
	}
	return nil
}

func (st *stream) finding(ptr string, f *finding) {
	if strings.TrimSpace(f.OSV) == "" {
		st.diag(aspm.Warnf(ptr, "finding without an OSV id skipped"))
		return
	}
	var trace []frame
	for _, fr := range f.Trace {
		if fr != nil {
			trace = append(trace, fr.frame())
		}
	}
	if len(trace) == 0 {
		st.diag(aspm.Warnf(ptr, "finding %s has no trace: its module is unknown", f.OSV))
		a := st.aggs.get(f.OSV, "", ptr)
		a.add(aspm.ReachUnknown, "", "", nil)
		if a.fixed == "" {
			a.fixed = f.FixedVersion
		}
		return
	}
	top := trace[0]
	a := st.aggs.get(f.OSV, top.Module, ptr)
	if a.version == "" {
		a.version = top.Version
	}
	if a.fixed == "" {
		a.fixed = f.FixedVersion
	}
	level := top.level()
	symbol := ""
	if level == aspm.ReachFunction {
		symbol = top.symbol()
	}
	a.add(level, top.Package, symbol, trace)
}

func (st *stream) finish() (*aspm.Document, error) {
	common := map[string]string{}
	if c := st.cfg; c != nil {
		for k, v := range map[string]string{
			"protocol_version": c.ProtocolVersion,
			"db":               c.DB,
			"db_last_modified": c.DBLastModified,
			"go_version":       c.GoVersion,
			"scan_level":       c.ScanLevel,
			"scan_mode":        c.ScanMode,
		} {
			if v != "" {
				common[k] = v
			}
		}
	}
	for _, a := range st.aggs.order {
		f := a.finding(st.osv[aspm.NormalizeVulnID(a.osv)], st.goVers, common, st.lim)
		f.Provenance = aspm.Provenance{Index: len(st.doc.Findings), Pointer: a.ptr}
		st.doc.Findings = append(st.doc.Findings, f)
	}
	return st.doc, nil
}

func compact(raw json.RawMessage) string {
	var buf bytes.Buffer
	if json.Compact(&buf, raw) != nil {
		return ""
	}
	return buf.String()
}

// limitReader fails with decode.ErrTooLarge once more than left bytes are
// read, so that streaming honours the byte limit as ReadAll does.
type limitReader struct {
	r    io.Reader
	left int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, decode.ErrTooLarge
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n, fmt.Errorf("%w", decode.ErrTooLarge)
	}
	return n, err
}
