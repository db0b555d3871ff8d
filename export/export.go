package export

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/export/csv"
	"github.com/posturekit/posture/export/cyclonedx"
	"github.com/posturekit/posture/export/html"
	"github.com/posturekit/posture/export/json"
	"github.com/posturekit/posture/export/junit"
	"github.com/posturekit/posture/export/markdown"
	"github.com/posturekit/posture/export/openvex"
	"github.com/posturekit/posture/export/sarif"
)

// Encoder writes a result in one format.
//
// Encode must not close w, must not modify r and must honour ctx
// cancellation between issues; it returns an error only for I/O failure,
// cancellation or a result it cannot represent at all. An Encoder holds only
// settings, so one value may be used by many goroutines at once. A nil
// result is an error.
type Encoder interface {
	// Format names the output format ("json", "sarif", "csv"...).
	Format() aspm.Format
	// Encode writes r to w.
	Encode(ctx context.Context, w io.Writer, r *aspm.Result) error
}

// ErrUnknownFormat is returned by [Find] for a format no encoder writes.
var ErrUnknownFormat = errors.New("export: unknown format")

// Default returns a fresh list of the built-in encoders with their default
// settings, in a stable order. The caller owns the slice.
func Default() []Encoder {
	return []Encoder{
		&json.Encoder{},
		&sarif.Encoder{},
		&cyclonedx.Encoder{},
		&openvex.Encoder{},
		&csv.Encoder{},
		&markdown.Encoder{},
		&junit.Encoder{},
		&html.Encoder{},
	}
}

// Find returns the encoder of encs that writes format, or an error wrapping
// [ErrUnknownFormat].
func Find(encs []Encoder, format aspm.Format) (Encoder, error) {
	for _, e := range encs {
		if e.Format() == format {
			return e, nil
		}
	}
	return nil, fmt.Errorf("%w %q", ErrUnknownFormat, format)
}

// Target is one output of a [Multi]: an encoder and where it writes.
type Target struct {
	Encoder Encoder
	Writer  io.Writer
}

// Multi writes one result to several targets, in order. It does not stop
// at the first failure: every target is tried and the errors are joined,
// each prefixed with its format. Cancellation stops it before the next
// target.
type Multi []Target

// Encode writes r to every target.
func (m Multi) Encode(ctx context.Context, r *aspm.Result) error {
	var errs []error
	for _, t := range m {
		if err := ctx.Err(); err != nil {
			errs = append(errs, err)
			break
		}
		if t.Encoder == nil || t.Writer == nil {
			errs = append(errs, errors.New("export: target without encoder or writer"))
			continue
		}
		if err := t.Encoder.Encode(ctx, t.Writer, r); err != nil {
			errs = append(errs, fmt.Errorf("export: %s: %w", t.Encoder.Format(), err))
		}
	}
	return errors.Join(errs...)
}

// Nop is an encoder that writes nothing; it is useful in tests and as a
// placeholder.
type Nop struct{}

// Format returns "nop".
func (Nop) Format() aspm.Format { return "nop" }

// Encode writes nothing and returns ctx's error, if any.
func (Nop) Encode(ctx context.Context, _ io.Writer, _ *aspm.Result) error { return ctx.Err() }

var (
	_ Encoder = Nop{}
	_ Encoder = (*json.Encoder)(nil)
	_ Encoder = (*sarif.Encoder)(nil)
	_ Encoder = (*cyclonedx.Encoder)(nil)
	_ Encoder = (*openvex.Encoder)(nil)
	_ Encoder = (*csv.Encoder)(nil)
	_ Encoder = (*markdown.Encoder)(nil)
	_ Encoder = (*junit.Encoder)(nil)
	_ Encoder = (*html.Encoder)(nil)
)
