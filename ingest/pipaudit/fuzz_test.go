package pipaudit_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/posturekit/posture/ingest/pipaudit"
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
	d := &pipaudit.Decoder{}
	f.Fuzz(func(t *testing.T, data []byte) {
		d.Detect(data)
		doc, err := d.Decode(t.Context(), bytes.NewReader(data))
		if err == nil && doc == nil {
			t.Fatal("nil document without an error")
		}
	})
}
