package npmaudit_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/npmaudit"
)

func seed(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// decoder is the part of ingest.Decoder that the fuzz targets use.
type decoder interface {
	Detect(head []byte) bool
	Decode(ctx context.Context, r io.Reader) (*aspm.Document, error)
}

func fuzz(f *testing.F, d decoder) {
	seed(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		d.Detect(data)
		doc, err := d.Decode(t.Context(), bytes.NewReader(data))
		if err == nil && doc == nil {
			t.Fatal("nil document without an error")
		}
	})
}

func FuzzDecodeV6(f *testing.F) { fuzz(f, &npmaudit.V6Decoder{}) }

func FuzzDecodeV7(f *testing.F) { fuzz(f, &npmaudit.V7Decoder{}) }
