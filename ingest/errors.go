package ingest

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Sentinel errors. Test for them with errors.Is.
var (
	// ErrUnknownFormat: no decoder recognised the input.
	ErrUnknownFormat = errors.New("ingest: unknown format")
	// ErrEmpty: the input has no content (nothing, or only white space).
	ErrEmpty = errors.New("ingest: empty input")
	// ErrTooLarge, ErrTooDeep and ErrTooManyRecords: the input is over a
	// limit (see Limits).
	ErrTooLarge       = decode.ErrTooLarge
	ErrTooDeep        = decode.ErrTooDeep
	ErrTooManyRecords = decode.ErrTooManyRecords
	// ErrUnsupported: a known format in a version posture does not read.
	ErrUnsupported = decode.ErrUnsupported
	// ErrNotFormat: well-formed input that is not of the requested format.
	ErrNotFormat = decode.ErrNotFormat
	// ErrTruncated: the input ends in the middle of a value.
	ErrTruncated = errors.New("ingest: input is truncated")
)

// ParseError is an input that could not be decoded. File is the name the
// caller gave; Offset (bytes from the start, -1 when unknown), Line (0 when
// unknown) and Record (a JSON pointer or record path, "" when unknown)
// locate the problem as well as the decoder could.
type ParseError struct {
	File   string
	Format aspm.Format
	Offset int64
	Line   int
	Record string
	Err    error
}

// Error renders "file: format: offset N: message".
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Format != "" {
		b.WriteString(": ")
		b.WriteString(string(e.Format))
	}
	switch {
	case e.Line > 0:
		fmt.Fprintf(&b, ": line %d", e.Line)
	case e.Offset >= 0:
		fmt.Fprintf(&b, ": offset %d", e.Offset)
	}
	if e.Record != "" {
		b.WriteString(": ")
		b.WriteString(e.Record)
	}
	b.WriteString(": ")
	b.WriteString(describe(e.Err))
	return b.String()
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// describe renders the library errors that users meet most in plain words.
func describe(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te):
		where := te.Field
		if where == "" {
			where = "a value"
		}
		return fmt.Sprintf("%s: JSON %s where %s was expected", where, te.Value, te.Type)
	case errors.As(err, &se):
		return "malformed JSON: " + se.Error()
	}
	return err.Error()
}

// newParseError wraps a decoder's error with what is known of its position.
func newParseError(file string, format aspm.Format, err error) *ParseError {
	var pe *ParseError
	if errors.As(err, &pe) {
		if pe.File == "" {
			pe.File = file
		}
		return pe
	}
	e := &ParseError{File: file, Format: format, Offset: -1, Err: err}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var xe *xml.SyntaxError
	var de *decode.SyntaxError
	switch {
	case errors.As(err, &se):
		e.Offset = se.Offset
	case errors.As(err, &te):
		e.Offset = te.Offset
		e.Record = te.Field
	case errors.As(err, &xe):
		e.Line = xe.Line
	case errors.As(err, &de):
		e.Offset = de.Offset
	}
	truncated := errors.Is(err, io.ErrUnexpectedEOF) || (se != nil && strings.HasPrefix(se.Error(), "unexpected end of JSON input"))
	var xe2 *xml.SyntaxError
	if errors.As(err, &xe2) && strings.Contains(xe2.Msg, "unexpected EOF") {
		truncated = true
	}
	if truncated && !errors.Is(err, ErrTruncated) {
		e.Err = fmt.Errorf("%w: %w", ErrTruncated, err)
	}
	return e
}
