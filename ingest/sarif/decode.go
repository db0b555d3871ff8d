package sarif

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "sarif"

// Decoder reads SARIF 2.1.0 logs. The zero value is ready to use; it is
// safe for concurrent use.
type Decoder struct{}

// Format returns "sarif".
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head looks like a SARIF log: a JSON object whose
// $schema names SARIF, or with members version ("2.…" or "1.…") and runs.
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array {
		return false
	}
	if strings.Contains(strings.ToLower(s.Strings["$schema"]), "sarif") {
		return true
	}
	if !s.Has("runs") {
		return false
	}
	v, hasVersion := s.Strings["version"]
	if strings.HasPrefix(v, "2.") || strings.HasPrefix(v, "1.") {
		return true
	}
	// A head cut inside a long runs array before the version member.
	return !hasVersion && !s.Has("version") && s.Keys[0] == "runs" && bytes.Contains(head, []byte(`"driver"`))
}

// maxValueDiagnostics bounds the diagnostics about single values that did
// not fit (see lenientUnmarshal); the rest are counted in one more.
const maxValueDiagnostics = 100

// Decode reads a SARIF log. Every result of every run becomes a finding,
// except results whose kind says no problem was found (pass,
// notApplicable, informational). SARIF 1.0 logs fail with
// decode.ErrUnsupported; see the package documentation for the mapping.
func (d *Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	return decodeBytes(ctx, data)
}

// decodeBytes decodes a whole log held in memory.
func decodeBytes(ctx context.Context, data []byte) (*aspm.Document, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	lim := decode.LimitsFrom(ctx)
	if body := bytes.TrimLeft(data, " \t\r\n"); len(body) == 0 || body[0] != '{' {
		return nil, fmt.Errorf("%w: a SARIF log is a JSON object", decode.ErrNotFormat)
	}
	// SARIF 1.0 is refused before the whole log is decoded.
	head := data[:min(len(data), 64<<10)]
	if s := decode.Sniff(head); strings.HasPrefix(s.Strings["version"], "1.") && (s.Has("runs") || isSARIFSchema(s.Strings["$schema"])) {
		return nil, unsupported(s.Strings["version"])
	}
	if err := decode.CheckDepth(data, lim.MaxDepth); err != nil {
		return nil, err
	}

	var diags []aspm.Diagnostic
	var log sarifLog
	if err := json.Unmarshal(data, &log); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, err
		}
		// Some value did not fit its type: read the log again member by
		// member, keeping everything that fits.
		log = sarifLog{}
		n := 0
		lenientUnmarshal(data, &log, err, func(ptr string, e error) {
			if n++; n <= maxValueDiagnostics {
				diags = append(diags, aspm.Warnf(ptr, "%s", describeValueError(e)))
			}
		})
		if n > maxValueDiagnostics {
			diags = append(diags, aspm.Warnf("", "%d more values did not fit their SARIF type and were ignored", n-maxValueDiagnostics))
		}
	}

	version := strings.TrimSpace(log.Version)
	if log.Runs == nil && !isSARIFSchema(log.Schema) {
		return nil, fmt.Errorf("%w: no runs member and no SARIF $schema", decode.ErrNotFormat)
	}
	switch {
	case version == "2.1.0":
	case version == "" && strings.Contains(log.Schema, "1.0.0"):
		return nil, unsupported("1.0.0")
	case version == "":
		diags = append(diags, aspm.Warnf("/version", "the log states no SARIF version; read as 2.1.0"))
	case strings.HasPrefix(version, "1."):
		return nil, unsupported(version)
	case strings.HasPrefix(version, "2."):
		diags = append(diags, aspm.Warnf("/version", "SARIF version %q read as 2.1.0", version))
	default:
		return nil, fmt.Errorf("%w: SARIF version %q", decode.ErrUnsupported, version)
	}

	total := 0
	for _, r := range log.Runs {
		if r != nil {
			total += len(r.Results)
		}
	}
	doc := &aspm.Document{
		Source:      aspm.Source{Format: Format},
		Findings:    make([]aspm.Finding, 0, total),
		Diagnostics: diags,
	}
	st := &state{lim: lim, doc: doc, recs: decode.NewRecords(ctx)}
	for i, r := range log.Runs {
		if r == nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf("/runs/"+strconv.Itoa(i), "run is null"))
			continue
		}
		rc := newRunCtx(st, r, i)
		st.source(rc)
		for j, res := range r.Results {
			if res == nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf(rc.pointer(j), "result is null"))
				continue
			}
			if err := rc.mapResult(res, j); err != nil {
				return nil, err
			}
			r.Results[j] = nil // mapped: let the collector have it
		}
		rc.finish()
	}
	if len(doc.Findings) == 0 {
		doc.Findings = nil
	}
	return doc, nil
}

func isSARIFSchema(s string) bool { return strings.Contains(strings.ToLower(s), "sarif") }

func unsupported(version string) error {
	return fmt.Errorf("%w: SARIF %s is not supported; convert it with sarif-multitool", decode.ErrUnsupported, version)
}

// state is one Decode call's.
type state struct {
	lim   decode.Limits
	doc   *aspm.Document
	recs  *decode.Records
	index int // the next finding's ordinal
	// scratch is reused by snippetHash.
	scratch []byte
}

// snippetHash returns aspm.SnippetHash(text), computed without its
// intermediate allocations: the white-space-folded text is built in a
// reused buffer. TestSnippetHashMatchesModel keeps the two equal.
func (st *state) snippetHash(text string) string {
	buf := st.scratch[:0]
	for i := 0; i < len(text); {
		i = skipSpace(text, i, true)
		if i == len(text) {
			break
		}
		if len(buf) > 0 {
			buf = append(buf, ' ')
		}
		start := i
		i = skipSpace(text, i, false)
		buf = append(buf, text[start:i]...)
	}
	st.scratch = buf
	if len(buf) == 0 {
		return ""
	}
	sum := sha256.Sum256(buf)
	var out [2 * sha256.Size]byte
	hex.Encode(out[:], sum[:])
	return string(out[:])
}

// skipSpace returns the index of the first rune from i on that is not
// white space (space true) or is white space (space false), as
// unicode.IsSpace decides.
func skipSpace(text string, i int, space bool) int {
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if (c == ' ' || (c >= '\t' && c <= '\r')) != space {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) != space {
			return i
		}
		i += size
	}
	return i
}

// source fills the document's source from the first run that says.
func (st *state) source(rc *runCtx) {
	src := &st.doc.Source
	if src.Tool.Name == "" {
		src.Tool = rc.tool
	}
	r := rc.r
	if src.ScanTime.IsZero() {
		for _, inv := range r.Invocations {
			if inv == nil {
				continue
			}
			for _, s := range []string{inv.StartTimeUTC, inv.EndTimeUTC} {
				if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
					src.ScanTime = t.UTC()
					break
				}
			}
			if !src.ScanTime.IsZero() {
				break
			}
		}
	}
	if src.Target == nil {
		for _, vc := range r.VersionControlProvenance {
			if vc != nil && deref(vc.RepositoryURI) != "" {
				src.Target = &aspm.Target{Kind: aspm.TargetRepository, Name: *vc.RepositoryURI}
				break
			}
		}
	}
}
