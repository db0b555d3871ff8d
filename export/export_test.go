package export_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/export"
	"github.com/posturekit/posture/export/exporttest"
	"github.com/posturekit/posture/export/sarif"
)

func TestDefault(t *testing.T) {
	a, b := export.Default(), export.Default()
	require.NotEmpty(t, a)
	a[0] = export.Nop{}
	assert.NotEqual(t, a[0], b[0], "each call returns a fresh list")
	seen := map[aspm.Format]bool{}
	for _, e := range b {
		assert.False(t, seen[e.Format()], "duplicate %s", e.Format())
		seen[e.Format()] = true
		var buf bytes.Buffer
		require.NoError(t, e.Encode(t.Context(), &buf, exporttest.Result()), e.Format())
		assert.NotZero(t, buf.Len(), e.Format())
		assert.Error(t, e.Encode(t.Context(), io.Discard, nil), "%s: nil result", e.Format())
	}
}

func TestFind(t *testing.T) {
	e, err := export.Find(export.Default(), "sarif")
	require.NoError(t, err)
	assert.Equal(t, aspm.Format("sarif"), e.Format())
	_, err = export.Find(export.Default(), "docx")
	assert.ErrorIs(t, err, export.ErrUnknownFormat)
}

type failing struct{}

func (failing) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestMulti(t *testing.T) {
	var a, b bytes.Buffer
	m := export.Multi{
		{Encoder: &sarif.Encoder{}, Writer: &a},
		{Encoder: &sarif.Encoder{}, Writer: failing{}},
		{Encoder: export.Nop{}, Writer: &b},
		{Encoder: nil, Writer: &b},
	}
	err := m.Encode(t.Context(), exporttest.Result())
	require.Error(t, err)
	assert.ErrorContains(t, err, "export: sarif: sarif: disk full")
	assert.ErrorContains(t, err, "without encoder")
	assert.NotZero(t, a.Len(), "the first target was written")

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	assert.ErrorIs(t, export.Multi{{Encoder: export.Nop{}, Writer: &b}}.Encode(ctx, exporttest.Result()), context.Canceled)
}

func ExampleMulti() {
	r := exporttest.Result()
	var sarifOut, csvOut bytes.Buffer
	sarifEnc, _ := export.Find(export.Default(), "sarif")
	csvEnc, _ := export.Find(export.Default(), "csv")
	err := export.Multi{{Encoder: sarifEnc, Writer: &sarifOut}, {Encoder: csvEnc, Writer: &csvOut}}.Encode(context.Background(), r)
	fmt.Println(err, sarifOut.Len() > 0, bytes.Count(csvOut.Bytes(), []byte("\n")))
	// Output: <nil> true 7
}

func ExampleDefault() {
	for _, e := range export.Default() {
		fmt.Println(e.Format())
	}
	// Output:
	// json
	// sarif
	// cyclonedx
	// openvex
	// csv
	// markdown
	// junit
	// html
}
