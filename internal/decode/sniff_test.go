package decode_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/posturekit/posture/internal/decode"
)

func TestSniff(t *testing.T) {
	tests := []struct {
		name    string
		head    string
		json    bool
		array   bool
		keys    []string
		strings map[string]string
		xmlRoot string
	}{
		{"object", `{"version":"2.1.0","$schema":"x","runs":[{"tool":{}}]}`, true, false, []string{"version", "$schema", "runs"}, map[string]string{"version": "2.1.0", "$schema": "x"}, ""},
		{"cut object", `{"a":1,"b":{"c":[1,2`, true, false, []string{"a", "b"}, nil, ""},
		{"array of objects", `[{"x":"1","y":[{"deep":1}]},{"z":2}]`, true, true, []string{"x", "y"}, map[string]string{"x": "1"}, ""},
		{"bom and space", "\xef\xbb\xbf \n{\"k\":true}", true, false, []string{"k"}, nil, ""},
		{"nested keys ignored", `{"outer":{"inner":"v"},"next":"n"}`, true, false, []string{"outer", "next"}, map[string]string{"next": "n"}, ""},
		{"xml", `<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1">`, false, false, nil, nil, "bom"},
		{"garbage", "\x00\x01binary", false, false, nil, nil, ""},
		{"empty", "", false, false, nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := decode.Sniff([]byte(tt.head))
			assert.Equal(t, tt.json, s.JSON)
			assert.Equal(t, tt.array, s.Array)
			assert.Equal(t, tt.keys, s.Keys)
			assert.Equal(t, tt.strings, s.Strings)
			assert.Equal(t, tt.xmlRoot, s.XMLRoot)
		})
	}
}

func TestCheckDepth(t *testing.T) {
	assert.NoError(t, decode.CheckDepth([]byte(`{"a":[[["]]]]]]"]]]}`), 4))
	err := decode.CheckDepth([]byte(`[[[[[1]]]]]`), 4)
	assert.ErrorIs(t, err, decode.ErrTooDeep)
	var se *decode.SyntaxError
	assert.ErrorAs(t, err, &se)
	assert.Equal(t, int64(4), se.Offset)
}

func TestClip(t *testing.T) {
	assert.Equal(t, "abc", decode.Clip("abc", 3))
	assert.Equal(t, "ab…[1 bytes cut]", decode.Clip("abc", 2))
	assert.Equal(t, "…[2 bytes cut]", decode.Clip("é", 1)) // never splits a rune
}
