package openvex_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/posturekit/posture/ingest/openvex"
)

func FuzzDecode(f *testing.F) {
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
		dec := new(openvex.Decoder)
		_ = dec.Detect(data)
		doc, err := dec.Decode(t.Context(), bytes.NewReader(data))
		if err == nil && doc == nil {
			t.Fatal("nil document without an error")
		}
	})
}
