package spdx_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/posturekit/posture/ingest/spdx"
	"github.com/posturekit/posture/internal/decode"
)

// seed adds every testdata file whose name ends in one of suffixes.
func seed(f *testing.F, suffixes ...string) {
	f.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range files {
		for _, s := range suffixes {
			if strings.HasSuffix(p, s) {
				b, err := os.ReadFile(p)
				if err != nil {
					f.Fatal(err)
				}
				f.Add(b)
			}
		}
	}
}

func fuzz(f *testing.F, d decoder) {
	f.Fuzz(func(t *testing.T, in []byte) {
		ctx := decode.WithLimits(t.Context(), decode.Limits{MaxBytes: 1 << 20, MaxDepth: 64, MaxRecords: 10_000})
		d.Detect(in)
		doc, err := d.Decode(ctx, bytes.NewReader(in))
		if err == nil && doc == nil {
			t.Fatal("nil document without an error")
		}
	})
}

func FuzzDecodeJSON(f *testing.F) {
	seed(f, ".spdx.json")
	fuzz(f, &spdx.JSONDecoder{})
}

func FuzzDecodeTagValue(f *testing.F) {
	seed(f, ".spdx")
	f.Add([]byte("SPDXVersion: SPDX-2.2\nPackageName: a\nSPDXID: SPDXRef-a\nPackageComment: <text>x\n</text>\n"))
	fuzz(f, &spdx.TagValueDecoder{})
}

func FuzzDecodeJSONLD(f *testing.F) {
	seed(f, ".spdx3.json")
	fuzz(f, &spdx.JSONLDDecoder{})
}
