package decode

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
)

// Limits bounds what a decoder accepts from one input. A zero field means
// the default.
type Limits struct {
	// MaxBytes is the largest input read, in bytes (default 1 GiB).
	MaxBytes int64
	// MaxDepth is the deepest nesting of JSON arrays and objects or XML
	// elements (default 512).
	MaxDepth int
	// MaxRecords is the most findings, components or statements one input
	// may yield (default 20,000,000).
	MaxRecords int
	// MaxText is the longest text field kept; longer ones are cut with a
	// marker (default 1 MiB).
	MaxText int
	// MaxEvidence is the longest evidence or snippet kept (default 4 KiB).
	MaxEvidence int
}

// The default limits.
const (
	DefaultMaxBytes    = 1 << 30
	DefaultMaxDepth    = 512
	DefaultMaxRecords  = 20_000_000
	DefaultMaxText     = 1 << 20
	DefaultMaxEvidence = 4 << 10
)

// Errors for inputs over a limit.
var (
	ErrTooLarge       = errors.New("input larger than the byte limit")
	ErrTooDeep        = errors.New("input nested deeper than the depth limit")
	ErrTooManyRecords = errors.New("input has more records than the record limit")
)

// WithDefaults returns l with zero fields set to the defaults.
func (l Limits) WithDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxRecords <= 0 {
		l.MaxRecords = DefaultMaxRecords
	}
	if l.MaxText <= 0 {
		l.MaxText = DefaultMaxText
	}
	if l.MaxEvidence <= 0 {
		l.MaxEvidence = DefaultMaxEvidence
	}
	return l
}

type limitsKey struct{}

// WithLimits returns a context that carries l to decoders.
func WithLimits(ctx context.Context, l Limits) context.Context {
	return context.WithValue(ctx, limitsKey{}, l.WithDefaults())
}

// LimitsFrom returns the limits ctx carries, or the defaults.
func LimitsFrom(ctx context.Context) Limits {
	if l, ok := ctx.Value(limitsKey{}).(Limits); ok {
		return l
	}
	return Limits{}.WithDefaults()
}

type sizeKey struct{}

// WithSize returns a context that tells ReadAll how large the input is
// (a hint, from the file's size), so that it reads into one buffer.
func WithSize(ctx context.Context, n int64) context.Context {
	return context.WithValue(ctx, sizeKey{}, n)
}

// ReadAll reads r to its end, failing with ErrTooLarge past the byte limit
// in ctx and with the context's error once ctx is done. A size hint in ctx
// (WithSize) or from r (a Len method) sizes the buffer up front.
func ReadAll(ctx context.Context, r io.Reader) ([]byte, error) {
	lim := LimitsFrom(ctx)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	hint, _ := ctx.Value(sizeKey{}).(int64)
	if l, ok := r.(interface{ Len() int }); ok && hint <= 0 {
		hint = int64(l.Len())
	}
	var data []byte
	var err error
	if hint > 0 && hint <= lim.MaxBytes {
		buf := bytes.NewBuffer(make([]byte, 0, hint+512))
		_, err = buf.ReadFrom(io.LimitReader(r, lim.MaxBytes+1))
		data = buf.Bytes()
	} else {
		data, err = io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	}
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, fmt.Errorf("%w (%d bytes)", ErrTooLarge, lim.MaxBytes)
	}
	return data, ctx.Err()
}

// Records counts records against the record limit and checks for
// cancellation every 4096 records.
type Records struct {
	ctx context.Context
	max int
	n   int
}

// NewRecords returns a counter for the limits in ctx.
func NewRecords(ctx context.Context) *Records {
	return &Records{ctx: ctx, max: LimitsFrom(ctx).MaxRecords}
}

// Add counts one record. It fails with ErrTooManyRecords past the limit and
// with the context's error once it is done.
func (c *Records) Add() error {
	c.n++
	if c.n > c.max {
		return fmt.Errorf("%w (%d)", ErrTooManyRecords, c.max)
	}
	if c.n&4095 == 0 {
		return c.ctx.Err()
	}
	return nil
}

// ErrUnsupported marks an input of a known format in a version or variant
// that the decoder does not read (SARIF 1.0, say).
var ErrUnsupported = errors.New("unsupported format version")

// ErrNotFormat marks an input that is well-formed but not of the decoder's
// format (JSON of another shape).
var ErrNotFormat = errors.New("input is not of this format")
