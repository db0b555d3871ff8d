package dependencycheck_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/posturekit/posture/ingest/dependencycheck"
	"github.com/posturekit/posture/internal/decode"
)

func seed(f *testing.F, suffix string) {
	f.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*"+suffix))
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

func FuzzDecodeXML(f *testing.F) {
	seed(f, ".xml")
	f.Add([]byte(`<analysis xmlns="https://jeremylong.github.io/DependencyCheck/dependency-check.2.5.xsd"><dependencies><dependency><vulnerabilities><suppressedVulnerability><name>1</name></suppressedVulnerability></vulnerabilities></dependency></dependencies></analysis>`))
	fuzz(f, &dependencycheck.XMLDecoder{})
}

func FuzzDecodeJSON(f *testing.F) {
	seed(f, ".json")
	f.Add([]byte(strings.TrimSpace(`{"reportSchema":"1.1","dependencies":[{"vulnerabilities":[{"name":"1","source":"NPM","cvssv2":{"score":"x"}}]}]}`)))
	fuzz(f, &dependencycheck.JSONDecoder{})
}
