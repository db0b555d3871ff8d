package decode_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/posturekit/posture/internal/decode"
)

func TestAppendUnique(t *testing.T) {
	tests := []struct {
		name string
		s    []string
		add  []string
		want []string
	}{
		{"appends new trimmed values", []string{"a"}, []string{" b ", "a", "", "b"}, []string{"a", "b"}},
		{"nil stays nil", nil, []string{" "}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, decode.AppendUnique(tt.s, tt.add...))
		})
	}
}

func TestSlash(t *testing.T) {
	assert.Equal(t, "C:/src/app/main.go", decode.Slash(`C:\src\app\main.go`))
	assert.Equal(t, "a/b", decode.Slash("a/b"))
}

func TestSplitList(t *testing.T) {
	assert.Equal(t, []string{"1.2.3", "1.3.0"}, decode.SplitList(" 1.2.3, 1.3.0,,1.2.3 ", ","))
	assert.Nil(t, decode.SplitList(" , ", ","))
}
