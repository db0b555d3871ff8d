package decode_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/internal/decode"
)

func TestCheckXMLDepth(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		deep bool
		bad  bool
	}{
		{"within", `<?xml version="1.0"?><a><b><c/></b></a>`, 3, false, false},
		{"too deep", `<a><b><c><d/></c></b></a>`, 3, true, false},
		{"siblings do not add up", `<a><b/><b/><b/></a>`, 2, false, false},
		{"empty", ``, 1, false, false},
		{"mismatched tags are left to the decoder", `<a></b>`, 5, false, false},
		{"not XML", `<a b=></a>`, 5, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := decode.CheckXMLDepth([]byte(tt.in), tt.max)
			switch {
			case tt.deep:
				require.ErrorIs(t, err, decode.ErrTooDeep)
				var se *decode.SyntaxError
				require.ErrorAs(t, err, &se)
				assert.Positive(t, se.Offset)
			case tt.bad:
				require.Error(t, err)
				assert.NotErrorIs(t, err, decode.ErrTooDeep)
			default:
				require.NoError(t, err)
			}
		})
	}
}
