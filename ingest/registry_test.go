package ingest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest"
	"github.com/posturekit/posture/internal/decode"
)

// toyDecoder reads {"toy": [{"rule": ..., "file": ...}]}.
type toyDecoder struct{ name aspm.Format }

func (d toyDecoder) Format() aspm.Format { return d.name }
func (d toyDecoder) Detect(head []byte) bool {
	return decode.Sniff(head).Has("toy")
}
func (d toyDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var in struct {
		Toy []json.RawMessage `json:"toy"`
	}
	if err := decode.Unmarshal(data, decode.LimitsFrom(ctx).MaxDepth, &in); err != nil {
		return nil, err
	}
	if in.Toy == nil {
		return nil, decode.ErrNotFormat
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "toy"}}}
	recs := decode.NewRecords(ctx)
	for i, raw := range in.Toy {
		var rec struct{ Rule, File string }
		if err := json.Unmarshal(raw, &rec); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf("/toy/"+itoa(i), "%v", err))
			continue
		}
		if err := recs.Add(); err != nil {
			return nil, err
		}
		doc.Findings = append(doc.Findings, aspm.Finding{Rule: rec.Rule, Title: rec.Rule,
			Locations:  []aspm.Location{{File: rec.File}},
			Provenance: aspm.Provenance{Index: i, Pointer: "/toy/" + itoa(i)}})
	}
	return doc, nil
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestRegistryDecode(t *testing.T) {
	reg := ingest.NewRegistry(toyDecoder{"toy"}, nil, toyDecoder{"toy"}, toyDecoder{"other"})
	assert.Equal(t, []aspm.Format{"toy", "other"}, reg.Formats(), "nil and duplicate formats are skipped")

	doc, err := reg.Decode(t.Context(), "in.json", strings.NewReader("\xef\xbb\xbf  {\"toy\":[{\"rule\":\"r1\",\"file\":\"a.go\"},7,{\"rule\":\"r2\"}]}"))
	require.NoError(t, err)
	assert.Equal(t, aspm.Format("toy"), doc.Source.Format, "the first detecting decoder wins")
	assert.Equal(t, "in.json", doc.Source.File)
	require.Len(t, doc.Findings, 2, "the bad record is a diagnostic, the others decode")
	f := doc.Findings[0]
	assert.Equal(t, "in.json", f.Provenance.File)
	assert.Equal(t, aspm.Format("toy"), f.Format)
	assert.Equal(t, "toy", f.Tool.Name, "findings inherit the document's tool")
	assert.Equal(t, aspm.SeverityUnknown, f.Severity)
	assert.Equal(t, aspm.KindOther, f.Kind)
	assert.Equal(t, aspm.FindingID(&f), f.ID)
	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, "in.json", doc.Diagnostics[0].File)
	assert.Equal(t, "/toy/1", doc.Diagnostics[0].Pointer)
}

func TestRegistryErrors(t *testing.T) {
	reg := ingest.NewRegistry(toyDecoder{"toy"})
	tests := []struct {
		name   string
		input  string
		format aspm.Format
		is     error
		offset bool
	}{
		{name: "empty", input: "", is: ingest.ErrEmpty},
		{name: "blank", input: " \n\t ", is: ingest.ErrEmpty},
		{name: "unknown shape", input: `{"something":"else"}`, is: ingest.ErrUnknownFormat},
		{name: "random bytes", input: "\x00\x9f\x12binary\xff", is: ingest.ErrUnknownFormat},
		{name: "truncated", input: `{"toy":[{"rule":"r1"`, is: ingest.ErrTruncated},
		{name: "malformed", input: `{"toy":[{"rule":}]}`, offset: true},
		{name: "wrong shape for explicit format", input: `{"other":1}`, format: "toy", is: ingest.ErrNotFormat},
		{name: "explicit unknown format", input: `{"toy":[]}`, format: "nope", is: ingest.ErrUnknownFormat},
		{name: "too deep", input: `{"toy":[` + strings.Repeat("[", 600) + strings.Repeat("]", 600) + `]}`, is: ingest.ErrTooDeep, offset: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.format != "" {
				_, err = reg.DecodeFormat(t.Context(), tt.format, "x.json", strings.NewReader(tt.input))
			} else {
				_, err = reg.Decode(t.Context(), "x.json", strings.NewReader(tt.input))
			}
			require.Error(t, err)
			var pe *ingest.ParseError
			require.True(t, errors.As(err, &pe), "a *ParseError: %v", err)
			assert.Equal(t, "x.json", pe.File)
			assert.True(t, strings.HasPrefix(err.Error(), "x.json: "), err.Error())
			assert.NotContains(t, err.Error(), "\n")
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
			if tt.offset {
				assert.Greater(t, pe.Offset, int64(0), err.Error())
			}
		})
	}
}

func TestRegistryLimits(t *testing.T) {
	reg := ingest.NewRegistry(toyDecoder{"toy"})
	input := `{"toy":[{"rule":"a"},{"rule":"b"},{"rule":"c"}]}`

	reg.Limits = ingest.Limits{MaxBytes: 20}
	_, err := reg.Decode(t.Context(), "big.json", strings.NewReader(input))
	assert.ErrorIs(t, err, ingest.ErrTooLarge)

	reg.Limits = ingest.Limits{MaxRecords: 2}
	_, err = reg.Decode(t.Context(), "many.json", strings.NewReader(input))
	assert.ErrorIs(t, err, ingest.ErrTooManyRecords)

	reg.Limits = ingest.Limits{}
	doc, err := reg.Decode(t.Context(), "ok.json", strings.NewReader(input))
	require.NoError(t, err)
	assert.Len(t, doc.Findings, 3)
	assert.Equal(t, int64(decode.DefaultMaxBytes), ingest.DefaultLimits().MaxBytes)
}

func TestRegistryCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := ingest.NewRegistry(toyDecoder{"toy"}).Decode(ctx, "x", strings.NewReader(`{"toy":[]}`))
	assert.ErrorIs(t, err, context.Canceled)
}

func TestDecodeFile(t *testing.T) {
	reg := ingest.NewRegistry(toyDecoder{"toy"})
	dir := t.TempDir()
	_, err := reg.DecodeFile(t.Context(), "", filepath.Join(dir, "missing.json"))
	var pe *ingest.ParseError
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, os.ErrNotExist)
	assert.Equal(t, filepath.Join(dir, "missing.json")+": no such file or directory", err.Error())

	_, err = reg.DecodeFile(t.Context(), "", dir)
	assert.ErrorContains(t, err, "is a directory")

	p := filepath.Join(dir, "ok.json")
	require.NoError(t, os.WriteFile(p, []byte(`{"toy":[{"rule":"x"}]}`), 0o600))
	doc, err := reg.DecodeFile(t.Context(), "toy", p)
	require.NoError(t, err)
	assert.Equal(t, p, doc.Findings[0].Provenance.File)
}

func TestDetect(t *testing.T) {
	reg := ingest.NewRegistry(toyDecoder{"toy"})
	d, err := reg.Detect([]byte(`  {"toy":[`))
	require.NoError(t, err)
	assert.Equal(t, aspm.Format("toy"), d.Format())
	_, err = reg.Detect(nil)
	assert.ErrorIs(t, err, ingest.ErrEmpty)
	_, err = reg.Detect(bytes.Repeat([]byte("x"), ingest.DetectLimit*2))
	assert.ErrorIs(t, err, ingest.ErrUnknownFormat)
}

func TestNop(t *testing.T) {
	d := ingest.Nop()
	assert.False(t, d.Detect([]byte(`{}`)))
	doc, err := d.Decode(t.Context(), strings.NewReader("anything"))
	require.NoError(t, err)
	assert.Empty(t, doc.Findings)
}
