package sarif_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/ingest/sarif"
	"github.com/posturekit/posture/internal/decode"
)

// FuzzDecode feeds the decoder mutations of the testdata logs: it must not
// panic, and a decode without error yields a document.
func FuzzDecode(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.sarif"))
	require.NoError(f, err)
	for _, name := range files {
		data, err := os.ReadFile(name)
		require.NoError(f, err)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := decode.WithLimits(t.Context(), decode.Limits{MaxBytes: 1 << 20, MaxDepth: 64, MaxRecords: 10000})
		dec := &sarif.Decoder{}
		_ = dec.Detect(data)
		doc, err := dec.Decode(ctx, bytes.NewReader(data))
		if err == nil && doc == nil {
			t.Fatal("nil document without an error")
		}
	})
}
