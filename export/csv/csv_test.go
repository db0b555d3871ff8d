package csv_test

import (
	"bytes"
	"context"
	stdcsv "encoding/csv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/export/csv"
	"github.com/posturekit/posture/export/exporttest"
	"github.com/posturekit/posture/internal/golden"
)

func encode(t *testing.T, e *csv.Encoder, r *aspm.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, e.Encode(t.Context(), &buf, r))
	return buf.Bytes()
}

func TestEncodeGolden(t *testing.T) {
	tests := []struct {
		name string
		enc  csv.Encoder
	}{
		{"fixture.csv", csv.Encoder{}},
		{"fixture-semicolon.csv", csv.Encoder{Comma: ';', LF: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden.Assert(t, tt.name, encode(t, &tt.enc, exporttest.Result()))
		})
	}
}

func TestRows(t *testing.T) {
	r := exporttest.Result()
	rows, err := stdcsv.NewReader(bytes.NewReader(encode(t, &csv.Encoder{}, r))).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, len(r.Issues)+1)
	assert.Equal(t, csv.Header(), rows[0])
	for _, row := range rows[1:] {
		assert.Len(t, row, len(csv.Header()))
	}
}

func TestCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=1+1", "'=1+1"},
		{"+cmd", "'+cmd"},
		{"-2", "'-2"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\r=x", "'=x"},
		{"  =x", "'  =x"},
		{"\x1b[31mred\x1b[0m", "red"},
		{"a=b", "a=b"},
		{"plain", "plain"},
		{"", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, csv.Cell(tt.in), "%q", tt.in)
	}
}

func TestHostile(t *testing.T) {
	rows, err := stdcsv.NewReader(bytes.NewReader(encode(t, &csv.Encoder{}, exporttest.Hostile()))).ReadAll()
	require.NoError(t, err)
	for _, row := range rows[1:] {
		for _, cell := range row {
			if cell == "" {
				continue
			}
			assert.NotContains(t, "=+-@\t\r", cell[:1], "cell %q starts a formula", cell)
			assert.NotContains(t, cell, "\x1b", "terminal escape in %q", cell)
		}
	}
	assert.False(t, strings.Contains(string(encode(t, &csv.Encoder{}, exporttest.Hostile())), "\x1b"))
}

func TestEncodeErrors(t *testing.T) {
	assert.Error(t, (&csv.Encoder{}).Encode(t.Context(), &bytes.Buffer{}, nil))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	assert.ErrorIs(t, (&csv.Encoder{}).Encode(ctx, &bytes.Buffer{}, exporttest.Result()), context.Canceled)
}
