package export_test

import (
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/export"
	"github.com/posturekit/posture/export/exporttest"
	"github.com/posturekit/posture/export/html"
)

// countWriter counts what it is given and drops it.
type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// BenchmarkEncode writes 100,000 issues (POSTURE_BENCH_ISSUES overrides)
// in each built-in format and reports the output size as out-bytes.
func BenchmarkEncode(b *testing.B) {
	n := 100_000
	if s := os.Getenv("POSTURE_BENCH_ISSUES"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	r := exporttest.Large(n)
	for _, e := range export.Default() {
		b.Run(string(e.Format()), func(b *testing.B) {
			b.ReportAllocs()
			var w countWriter
			for b.Loop() {
				w.n = 0
				if err := e.Encode(b.Context(), &w, r); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(w.n), "out-bytes")
		})
	}
}

// TestHTMLSize checks that the HTML report of 100,000 issues stays under
// 50 MB.
func TestHTMLSize(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a large report")
	}
	var w countWriter
	require.NoError(t, (&html.Encoder{}).Encode(t.Context(), &w, exporttest.Large(100_000)))
	t.Logf("HTML for 100,000 issues: %d bytes", w.n)
	assert.Less(t, w.n, int64(50<<20))
}
