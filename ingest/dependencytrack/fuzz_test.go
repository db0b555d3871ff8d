package dependencytrack_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/posturekit/posture/ingest/dependencytrack"
	"github.com/posturekit/posture/internal/decode"
)

func FuzzDecode(f *testing.F) {
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
	f.Fuzz(func(t *testing.T, in []byte) {
		ctx := decode.WithLimits(t.Context(), decode.Limits{MaxBytes: 1 << 20, MaxDepth: 64, MaxRecords: 10_000})
		d := &dependencytrack.Decoder{}
		d.Detect(in)
		doc, err := d.Decode(ctx, bytes.NewReader(in))
		if err == nil && doc == nil {
			t.Fatal("nil document without an error")
		}
	})
}
