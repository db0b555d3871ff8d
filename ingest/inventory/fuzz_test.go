package inventory_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/posturekit/posture/ingest/inventory"
)

// FuzzDecode feeds arbitrary bytes to the decoder: it must not panic, and
// it returns either an inventory or an error, never both or neither.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d inventory.Decoder
		d.Detect(data)
		inv, err := d.Decode(t.Context(), "fuzz.yaml", bytes.NewReader(data))
		if (inv == nil) == (err == nil) {
			t.Fatalf("inventory %v and error %v", inv, err)
		}
		if err != nil && err.Error() == "" {
			t.Fatal("an error without a message")
		}
		if inv != nil {
			for _, s := range inv.Services {
				if s.Name == "" {
					t.Fatal("a service without a name")
				}
			}
		}
	})
}
