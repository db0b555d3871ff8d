// Package golden compares test output with golden files under testdata/ and
// rewrites them when the tests run with the shared -update flag:
//
//	go test ./export/... -update
//
// It is a test helper: only _test.go files import it.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// update is the one -update flag every golden test shares. flag.Bool
// registers on the test binary's command line; it is not mutable state of
// the library.
var update = flag.Bool("update", false, "rewrite golden files under testdata/golden")

// Updating reports whether the tests run with -update.
func Updating() bool { return *update }

// Assert compares got with testdata/golden/name and fails t when they
// differ; with -update it writes got to the file instead.
func Assert(t testing.TB, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatalf("golden: %v", err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("golden: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden: %v (run the test with -update to create it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("golden: %s differs from the output (run with -update to accept it)\n%s", path, diff(want, got))
	}
}

// diff shows the first differing line of want and got.
func diff(want, got []byte) string {
	wl, gl := bytes.Split(want, []byte("\n")), bytes.Split(got, []byte("\n"))
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g []byte
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if !bytes.Equal(w, g) {
			col := 0
			for col < len(w) && col < len(g) && w[col] == g[col] {
				col++
			}
			return "line " + strconv.Itoa(i+1) + ", byte " + strconv.Itoa(col+1) + ":\n- " + excerpt(w, col) + "\n+ " + excerpt(g, col)
		}
	}
	return ""
}

// excerpt is up to 80 bytes of line on either side of col.
func excerpt(line []byte, col int) string {
	from, to := max(col-80, 0), min(col+80, len(line))
	s := string(line[from:to])
	if from > 0 {
		s = "…" + s
	}
	if to < len(line) {
		s += "…"
	}
	return s
}
