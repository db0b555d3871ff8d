package cyclonedx_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/posturekit/posture/ingest"
	"github.com/posturekit/posture/ingest/cyclonedx"
)

// seed adds every testdata file whose name ends with ext.
func seed(f *testing.F, ext string) {
	files, err := filepath.Glob(filepath.Join("testdata", "*"+ext))
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

// fuzzDecode decodes data with small limits: no panic, and a document
// whenever there is no error.
func fuzzDecode(t *testing.T, dec ingest.Decoder, data []byte) {
	reg := ingest.NewRegistry(dec)
	reg.Limits = ingest.Limits{MaxBytes: 1 << 20, MaxDepth: 64, MaxRecords: 10_000}
	doc, err := reg.DecodeFormat(t.Context(), dec.Format(), "fuzz", bytes.NewReader(data))
	if err != nil {
		if doc != nil {
			t.Fatalf("a document with an error: %v", err)
		}
		return
	}
	if doc == nil {
		t.Fatal("no document and no error")
	}
	for _, f := range doc.Findings {
		if f.Kind == "" || f.Severity == "" {
			t.Fatalf("finding without kind or severity: %+v", f)
		}
		if strings.ContainsAny(f.Title, "\r\n") {
			t.Fatalf("multi-line title %q", f.Title)
		}
	}
}

func FuzzDecodeJSON(f *testing.F) {
	seed(f, ".json")
	f.Add([]byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"bom-ref":"a","components":[{"bom-ref":"a"}]}],"dependencies":[{"ref":"a","dependsOn":["a","b"]}],"vulnerabilities":[{"id":"x","affects":[{"ref":"a"},{"ref":"a"}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDecode(t, &cyclonedx.JSONDecoder{}, data)
	})
}

func FuzzDecodeXML(f *testing.F) {
	seed(f, ".xml")
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDecode(t, &cyclonedx.XMLDecoder{}, data)
	})
}
