package trufflehog3_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/posturekit/posture/ingest/trufflehog3"
)

func seed(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func FuzzDecode(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		d := &trufflehog3.Decoder{}
		d.Detect(data)
		doc, err := d.Decode(t.Context(), bytes.NewReader(data))
		if err == nil && doc == nil {
			t.Fatal("nil document without error")
		}
	})
}
