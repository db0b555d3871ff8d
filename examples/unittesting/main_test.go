package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture"
	"github.com/posturekit/posture/export/json"
	"github.com/posturekit/posture/ingest/inventory"
)

const demo = "../demo"

// The program on the demo estate: a baseline written on 1 September, then
// the same scans on 28 November. Log4Shell has been in the checkout
// service (tier critical, internet-facing) for 88 days; the other critical
// issues are in services of lower tiers.
func TestRun(t *testing.T) {
	t0 := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	baseline := writeBaseline(t, t0)

	tests := []struct {
		name     string
		baseline string
		stale    int
		want     string
	}{
		{"with a baseline", baseline, 1,
			"8 issues, 1 open for more than 30 days in a critical internet-facing service\n" +
				"  critical CVE-2021-44228 in org.apache.logging.log4j:log4j-core@2.14.1: 88 days in checkout (policy: fail)\n"},
		{"without a baseline", "", 0,
			"8 issues, 0 open for more than 30 days in a critical internet-facing service\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			stale, err := run(t.Context(), &out, config{
				inventory: filepath.Join(demo, "inventory.yaml"), baseline: tt.baseline,
				inputs: []string{filepath.Join(demo, "scans")}, now: now,
			})
			require.NoError(t, err)
			assert.Equal(t, tt.stale, stale)
			assert.Equal(t, tt.want, out.String())
		})
	}
}

func TestRunErrors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"schema":"other"}`), 0o644))
	tests := []struct {
		name string
		c    config
		want string
	}{
		{"missing input", config{inputs: []string{"no-such-dir"}}, "no-such-dir"},
		{"missing inventory", config{inventory: "no-such.yaml", inputs: []string{demo + "/scans"}}, "no-such.yaml"},
		{"not a result", config{baseline: bad, inputs: []string{demo + "/scans"}}, "bad.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := run(t.Context(), &bytes.Buffer{}, tt.c)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// writeBaseline scans the demo as "posture scan -o json" would at t0 and
// returns the file it wrote.
func writeBaseline(t *testing.T, t0 time.Time) string {
	t.Helper()
	inv, err := inventory.DecodeFile(t.Context(), filepath.Join(demo, "inventory.yaml"))
	require.NoError(t, err)
	run, err := posture.New(posture.WithInventory(inv), posture.WithClock(func() time.Time { return t0 })).
		Run(t.Context(), filepath.Join(demo, "scans"))
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, (&json.Encoder{}).Encode(t.Context(), &buf, run.Result))
	name := filepath.Join(t.TempDir(), "baseline.json")
	require.NoError(t, os.WriteFile(name, buf.Bytes(), 0o644))
	return name
}
