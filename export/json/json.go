package json

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/posturekit/posture/aspm"
)

// Format is the name of this encoder's format.
const Format aspm.Format = "json"

// Encoder writes a result as posture's versioned JSON result, "posture/v1".
// The zero value writes indented JSON.
type Encoder struct {
	// Compact writes the result without indentation or newlines inside it.
	Compact bool
}

// Format returns "json".
func (*Encoder) Format() aspm.Format { return Format }

// Encode writes r to w: the result's fields with "schema" set to
// [aspm.SchemaV1] when r leaves it empty, the issues sorted by ID, and a
// final newline. Strings are escaped as encoding/json does, with <, > and &
// written as \u escapes so the output is safe to embed in HTML. Issues are
// written one at a time, so memory stays bounded by the largest issue, and
// ctx is checked between them.
func (e *Encoder) Encode(ctx context.Context, w io.Writer, r *aspm.Result) error {
	if r == nil {
		return errors.New("json: nil result")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := writer{w: bw, compact: e.Compact}
	schema := cmp.Or(r.Schema, aspm.SchemaV1)

	enc.open('{')
	enc.field("schema", schema)
	if !r.GeneratedAt.IsZero() {
		enc.field("generated_at", r.GeneratedAt)
	}
	if len(r.Sources) > 0 {
		enc.field("sources", r.Sources)
	}
	enc.key("issues")
	if len(r.Issues) == 0 {
		enc.raw([]byte("[]"))
	} else {
		enc.open('[')
		for n, i := range sortedIssues(r.Issues) {
			if n%256 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			enc.elem(&r.Issues[i])
		}
		enc.close(']')
	}
	enc.field("summary", summary(r.Summary))
	if len(r.Diagnostics) > 0 {
		enc.field("diagnostics", r.Diagnostics)
	}
	enc.close('}')
	enc.raw([]byte("\n"))
	if enc.err != nil {
		return fmt.Errorf("json: %w", enc.err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("json: %w", err)
	}
	return nil
}

// summary gives nil maps their empty JSON object, as the schema requires.
func summary(s aspm.Summary) aspm.Summary {
	if s.BySeverity == nil {
		s.BySeverity = map[aspm.Severity]int{}
	}
	if s.ByStatus == nil {
		s.ByStatus = map[aspm.Lifecycle]int{}
	}
	if s.Gate == "" {
		s.Gate = aspm.GatePass
	}
	return s
}

// sortedIssues returns the indices of issues in ID order, ties in input
// order.
func sortedIssues(issues []aspm.Issue) []int {
	idx := make([]int, len(issues))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(issues[a].ID, issues[b].ID) })
	return idx
}

// writer writes one JSON value piece by piece with the layout
// json.MarshalIndent(v, "", "  ") would give, or compact.
type writer struct {
	w       *bufio.Writer
	compact bool
	depth   int
	first   []bool // per open container: no member written yet
	err     error
	buf     bytes.Buffer
}

func (e *writer) raw(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}

func (e *writer) newline() {
	if e.compact {
		return
	}
	e.raw([]byte("\n"))
	for range e.depth {
		e.raw([]byte("  "))
	}
}

func (e *writer) open(c byte) {
	e.raw([]byte{c})
	e.depth++
	e.first = append(e.first, true)
}

func (e *writer) close(c byte) {
	e.depth--
	e.first = e.first[:len(e.first)-1]
	e.newline()
	e.raw([]byte{c})
}

// sep writes the comma before a member and the member's line break.
func (e *writer) sep() {
	top := len(e.first) - 1
	if !e.first[top] {
		e.raw([]byte(","))
	}
	e.first[top] = false
	e.newline()
}

func (e *writer) key(k string) {
	e.sep()
	e.value(k)
	if e.compact {
		e.raw([]byte(":"))
	} else {
		e.raw([]byte(": "))
	}
}

func (e *writer) field(k string, v any) {
	e.key(k)
	e.value(v)
}

func (e *writer) elem(v any) {
	e.sep()
	e.value(v)
}

// value marshals v, indented to the current depth.
func (e *writer) value(v any) {
	if e.err != nil {
		return
	}
	e.buf.Reset()
	enc := stdjson.NewEncoder(&e.buf)
	if !e.compact {
		prefix := make([]byte, 2*e.depth)
		for i := range prefix {
			prefix[i] = ' '
		}
		enc.SetIndent(string(prefix), "  ")
	}
	if err := enc.Encode(v); err != nil {
		e.err = err
		return
	}
	e.raw(bytes.TrimSuffix(e.buf.Bytes(), []byte("\n")))
}

// ErrSchema is returned by [Decode] for a document that is not a posture/v1
// result.
var ErrSchema = errors.New("json: not a posture/v1 result")

// DefaultMaxBytes is the size limit of [Decode] when the caller gives none.
const DefaultMaxBytes = 1 << 30

// Decode reads a result that [Encoder] wrote, such as a baseline from an
// earlier run. The input must be a JSON object whose "schema" is
// [aspm.SchemaV1]; it is read through a limit of [DefaultMaxBytes]. Decode
// does not close r.
func Decode(ctx context.Context, r io.Reader) (*aspm.Result, error) {
	return DecodeLimit(ctx, r, DefaultMaxBytes)
}

// DecodeLimit is [Decode] with a size limit of maxBytes.
func DecodeLimit(ctx context.Context, r io.Reader, maxBytes int64) (*aspm.Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	lr := &io.LimitedReader{R: r, N: maxBytes + 1}
	dec := stdjson.NewDecoder(lr)
	var res aspm.Result
	if err := dec.Decode(&res); err != nil {
		if lr.N <= 0 {
			return nil, fmt.Errorf("json: result larger than %d bytes", maxBytes)
		}
		return nil, fmt.Errorf("json: %w", err)
	}
	if res.Schema != aspm.SchemaV1 {
		return nil, fmt.Errorf("%w: schema %q", ErrSchema, res.Schema)
	}
	return &res, nil
}
