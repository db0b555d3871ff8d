package zap_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/posturekit/posture/ingest/zap"
)

func seed(f *testing.F, pattern string) {
	files, _ := filepath.Glob(filepath.Join("testdata", pattern))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func FuzzDecodeXML(f *testing.F) {
	seed(f, "*.xml")
	f.Fuzz(func(t *testing.T, data []byte) {
		var d zap.XMLDecoder
		d.Detect(data)
		doc, err := d.Decode(t.Context(), bytes.NewReader(data))
		if err == nil && doc == nil {
			t.Fatal("nil document without an error")
		}
	})
}

func FuzzDecodeJSON(f *testing.F) {
	seed(f, "*.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		var d zap.JSONDecoder
		d.Detect(data)
		doc, err := d.Decode(t.Context(), bytes.NewReader(data))
		if err == nil && doc == nil {
			t.Fatal("nil document without an error")
		}
	})
}
