package ingest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Registry holds decoders in detection order. It is a plain value: build one
// with NewRegistry or Default, set Limits if the defaults do not suit, and
// then use it from any number of goroutines. Do not change Limits while it
// is in use.
type Registry struct {
	// Limits bounds every input decoded through the registry; zero fields
	// mean the defaults (see DefaultLimits).
	Limits Limits

	decoders []Decoder
}

// NewRegistry returns a registry of decs, asked in the order given: the first
// decoder whose Detect accepts an input decodes it. Nil decoders are
// skipped. When two decoders share a Format, the first wins.
func NewRegistry(decs ...Decoder) *Registry {
	r := &Registry{}
	for _, d := range decs {
		if d == nil {
			continue
		}
		if _, dup := r.Lookup(d.Format()); dup {
			continue
		}
		r.decoders = append(r.decoders, d)
	}
	return r
}

// Default returns a fresh registry of every built-in decoder, in the order
// listed by [Builtin].
func Default() *Registry { return NewRegistry(Builtin()...) }

// Decoders returns the registry's decoders in detection order.
func (r *Registry) Decoders() []Decoder { return slices.Clone(r.decoders) }

// Formats returns the registry's formats in detection order.
func (r *Registry) Formats() []aspm.Format {
	out := make([]aspm.Format, len(r.decoders))
	for i, d := range r.decoders {
		out[i] = d.Format()
	}
	return out
}

// Lookup returns the decoder of a format.
func (r *Registry) Lookup(f aspm.Format) (Decoder, bool) {
	for _, d := range r.decoders {
		if d.Format() == f {
			return d, true
		}
	}
	return nil, false
}

// Detect returns the first decoder that accepts head. It fails with
// ErrEmpty for a blank head and ErrUnknownFormat when no decoder accepts it.
func (r *Registry) Detect(head []byte) (Decoder, error) {
	head = decode.TrimHead(head)
	if len(head) == 0 {
		return nil, ErrEmpty
	}
	if len(head) > DetectLimit {
		head = head[:DetectLimit]
	}
	for _, d := range r.decoders {
		if d.Detect(head) {
			return d, nil
		}
	}
	return nil, ErrUnknownFormat
}

// Decode detects the format of src and decodes it. name is the input's name
// for error messages, diagnostics and provenance (usually its path). Decode
// does not close src. Errors about the input are *ParseError.
func (r *Registry) Decode(ctx context.Context, name string, src io.Reader) (*aspm.Document, error) {
	return r.decode(ctx, "", name, src)
}

// DecodeFormat decodes src with the decoder of format, without detection; it
// fails with ErrUnknownFormat when the registry has no such decoder.
func (r *Registry) DecodeFormat(ctx context.Context, format aspm.Format, name string, src io.Reader) (*aspm.Document, error) {
	if _, ok := r.Lookup(format); !ok {
		return nil, &ParseError{File: name, Offset: -1, Err: fmt.Errorf("%w %q", ErrUnknownFormat, format)}
	}
	return r.decode(ctx, format, name, src)
}

// DecodeFile opens path and decodes it; format "" means detect.
func (r *Registry) DecodeFile(ctx context.Context, format aspm.Format, path string) (*aspm.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &ParseError{File: path, Offset: -1, Err: unwrapPathError(err)}
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, &ParseError{File: path, Offset: -1, Err: errors.New("is a directory")}
	}
	if format == "" {
		return r.Decode(ctx, path, f)
	}
	return r.DecodeFormat(ctx, format, path, f)
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (r *Registry) decode(ctx context.Context, format aspm.Format, name string, src io.Reader) (*aspm.Document, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	lim := r.Limits.WithDefaults()
	if n := sizeOf(src); n > 0 {
		ctx = decode.WithSize(ctx, n)
	}
	br := bufio.NewReaderSize(&limitedReader{r: src, left: lim.MaxBytes}, DetectLimit)
	head, err := br.Peek(DetectLimit)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, &ParseError{File: name, Format: format, Offset: -1, Err: err}
	}
	if len(decode.TrimHead(head)) == 0 {
		return nil, &ParseError{File: name, Format: format, Offset: -1, Err: ErrEmpty}
	}
	if len(head) >= 3 && string(head[:3]) == "\xef\xbb\xbf" {
		_, _ = br.Discard(3) // decoders never see a byte-order mark
		head = head[3:]
	}
	var dec Decoder
	if format != "" {
		dec, _ = r.Lookup(format)
	} else if dec, err = r.Detect(head); err != nil {
		return nil, &ParseError{File: name, Offset: -1, Err: err}
	}
	doc, err := dec.Decode(decode.WithLimits(ctx, lim), br)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, newParseError(name, dec.Format(), err)
	}
	if doc == nil {
		doc = &aspm.Document{}
	}
	finish(doc, dec.Format(), name)
	return doc, nil
}

// finish fills in what the registry knows better than a decoder.
func finish(doc *aspm.Document, format aspm.Format, name string) {
	doc.Source.File = name
	if doc.Source.Format == "" {
		doc.Source.Format = format
	}
	for i := range doc.Findings {
		f := &doc.Findings[i]
		f.Provenance.File = name
		if f.Format == "" {
			f.Format = doc.Source.Format
		}
		if f.Tool.Name == "" {
			f.Tool = doc.Source.Tool
		}
		if f.Severity == "" {
			f.Severity = aspm.SeverityUnknown
		}
		if f.Kind == "" {
			f.Kind = aspm.KindOther
		}
		if f.ID == "" {
			f.ID = aspm.FindingID(f)
		}
	}
	for i := range doc.Statements {
		doc.Statements[i].Provenance.File = name
	}
	for i := range doc.Diagnostics {
		doc.Diagnostics[i].File = name
	}
}

// sizeOf returns the size of src when it knows it (a file, an in-memory
// reader), else 0.
func sizeOf(src io.Reader) int64 {
	switch s := src.(type) {
	case interface{ Stat() (os.FileInfo, error) }:
		if st, err := s.Stat(); err == nil && st.Mode().IsRegular() {
			return st.Size()
		}
	case interface{ Len() int }:
		return int64(s.Len())
	}
	return 0
}

// limitedReader fails with ErrTooLarge once more than left bytes are read.
type limitedReader struct {
	r    io.Reader
	left int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, fmt.Errorf("%w", ErrTooLarge)
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n, ErrTooLarge
	}
	return n, err
}
