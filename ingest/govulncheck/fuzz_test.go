package govulncheck_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/govulncheck"
)

type fuzzDecoder interface {
	Detect([]byte) bool
	Decode(context.Context, io.Reader) (*aspm.Document, error)
}

func fuzzDecoderOf(f *testing.F, dec fuzzDecoder) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = dec.Detect(data)
		doc, err := dec.Decode(t.Context(), bytes.NewReader(data))
		if err == nil && doc == nil {
			t.Fatal("nil document without an error")
		}
	})
}

func FuzzDecode(f *testing.F) { fuzzDecoderOf(f, new(govulncheck.Decoder)) }

func FuzzDecodeLegacy(f *testing.F) { fuzzDecoderOf(f, new(govulncheck.LegacyDecoder)) }
