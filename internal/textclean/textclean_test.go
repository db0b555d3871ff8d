package textclean_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/posturekit/posture/internal/textclean"
)

func TestClean(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"plain", 0, "plain"},
		{"red \x1b[31mtext\x1b[0m", 0, "red text"},
		{"bell\x07 and nul\x00", 0, "bell and nul"},
		{"line\nand\ttab", 0, "line\nand\ttab"},
		{"evil\u202egnp.exe", 0, "evilgnp.exe"},
		{"ünïcödé text", 5, "ünïcö…"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, textclean.Clean(tt.in, tt.max), "%q", tt.in)
	}
}
