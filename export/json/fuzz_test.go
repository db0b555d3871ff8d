package json_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/export/json"
)

// FuzzDecode checks that Decode never panics and that whatever it accepts
// encodes, decodes and encodes again to the same bytes.
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"fixture.json", "fixture.compact.json"} {
		b, err := os.ReadFile("testdata/golden/" + name)
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte(`{"schema":"posture/v1","issues":[]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		r, err := json.DecodeLimit(t.Context(), bytes.NewReader(in), 1<<20)
		if err != nil {
			return
		}
		var first, second bytes.Buffer
		require.NoError(t, (&json.Encoder{}).Encode(t.Context(), &first, r))
		r2, err := json.Decode(t.Context(), bytes.NewReader(first.Bytes()))
		require.NoError(t, err)
		require.NoError(t, (&json.Encoder{}).Encode(t.Context(), &second, r2))
		require.Equal(t, first.String(), second.String())
	})
}
