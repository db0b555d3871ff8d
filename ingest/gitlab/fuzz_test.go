package gitlab_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/posturekit/posture/ingest/gitlab"
)

func fuzz(f *testing.F, d decoder) {
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
	f.Fuzz(func(t *testing.T, data []byte) {
		d.Detect(data)
		doc, err := d.Decode(t.Context(), bytes.NewReader(data))
		if err == nil && doc == nil {
			t.Fatal("nil document without an error")
		}
	})
}

func FuzzDecodeDependencyScanning(f *testing.F) { fuzz(f, &gitlab.DependencyScanningDecoder{}) }

func FuzzDecodeContainerScanning(f *testing.F) { fuzz(f, &gitlab.ContainerScanningDecoder{}) }

func FuzzDecodeSAST(f *testing.F) { fuzz(f, &gitlab.SASTDecoder{}) }

func FuzzDecodeSecretDetection(f *testing.F) { fuzz(f, &gitlab.SecretDetectionDecoder{}) }
