package ingest

import (
	"context"
	"io"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// DetectLimit is the most bytes of an input's head that a Decoder's Detect
// is shown.
const DetectLimit = 128 << 10

// Decoder reads one wire format.
//
// Detect must be cheap and must not keep head; it is shown at most
// DetectLimit bytes, with any byte-order mark and leading white space
// removed, and may be cut anywhere. Decode reads the whole input, must not
// close r, must honour ctx's cancellation and the limits carried in ctx (see
// [Registry.Limits]), and returns partial results with diagnostics rather
// than failing on a bad record. The registry fills in the document's file
// name, the findings' provenance file and format, and finding IDs that a
// decoder leaves empty.
//
// A Decoder must be safe for concurrent use; the built-in ones are
// stateless values.
type Decoder interface {
	// Format names the format, such as "sarif" or "cyclonedx-json".
	Format() aspm.Format
	// Detect reports whether head looks like this format.
	Detect(head []byte) bool
	// Decode reads one input.
	Decode(ctx context.Context, r io.Reader) (*aspm.Document, error)
}

// Limits bounds what decoders accept from one input; see the field
// comments. The zero value of a field means its default.
type Limits = decode.Limits

// DefaultLimits returns the limits used when none are set.
func DefaultLimits() Limits { return Limits{}.WithDefaults() }

// nopDecoder is the no-op Decoder: it detects nothing and decodes every
// input to an empty document.
type nopDecoder struct{}

// Nop returns a Decoder that detects nothing and decodes any input into an
// empty document of format "nop". It is useful as a placeholder in tests.
func Nop() Decoder { return nopDecoder{} }

func (nopDecoder) Format() aspm.Format { return "nop" }
func (nopDecoder) Detect([]byte) bool  { return false }
func (nopDecoder) Decode(ctx context.Context, _ io.Reader) (*aspm.Document, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &aspm.Document{Source: aspm.Source{Format: "nop"}}, nil
}

var _ Decoder = nopDecoder{}
