package decode_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

func TestIsNull(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{{"", true}, {" null ", true}, {`"null"`, false}, {"0", false}, {"{}", false}}
	for _, tt := range tests {
		assert.Equal(t, tt.want, decode.IsNull(json.RawMessage(tt.in)), tt.in)
	}
}

func TestLeftovers(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		known []string
		want  map[string]json.RawMessage
	}{
		{"known and nulls dropped", `{"a":1,"b":"x","c":null}`, []string{"a"}, map[string]json.RawMessage{"b": json.RawMessage(`"x"`)}},
		{"nothing left", `{"a":1}`, []string{"a"}, nil},
		{"not an object", `[1]`, nil, nil},
		{"broken", `{`, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, decode.Leftovers(json.RawMessage(tt.in), tt.known...))
		})
	}
}

func TestScalars(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		one  string
	}{
		{`" a "`, []string{"a"}, "a"},
		{`12.50`, []string{"12.50"}, "12.50"},
		{`true`, []string{"true"}, "true"},
		{`["a", 2, false, "", {"x":1}, null]`, []string{"a", "2", "false"}, ""},
		{`["only"]`, []string{"only"}, "only"},
		{`null`, nil, ""},
		{`{"a":"b"}`, nil, ""},
		{``, nil, ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, decode.Scalars(json.RawMessage(tt.in)), tt.in)
		assert.Equal(t, tt.one, decode.Scalar(json.RawMessage(tt.in)), tt.in)
	}
}

func TestRawText(t *testing.T) {
	tests := []struct{ in, want string }{
		{`" a "`, " a "},
		{`null`, ""},
		{``, ""},
		{`{ "a" : [1, 2] }`, `{"a":[1,2]}`},
		{`12`, "12"},
		{`{broken`, ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, decode.RawText(json.RawMessage(tt.in)), tt.in)
	}
}

func TestCheckArray(t *testing.T) {
	require.NoError(t, decode.CheckArray(json.RawMessage(" [1]"), "results"))
	require.EqualError(t, decode.CheckArray(json.RawMessage(`{}`), "results"), "results is not an array")
	require.EqualError(t, decode.CheckArray(nil, "results"), "results is not an array")
}

func TestShapeError(t *testing.T) {
	var v map[string]any
	typeErr := json.Unmarshal([]byte(`[1]`), &v)
	require.Error(t, typeErr)
	assert.ErrorIs(t, decode.ShapeError(typeErr), decode.ErrNotFormat)
	assert.ErrorContains(t, decode.ShapeError(typeErr), typeErr.Error())

	other := errors.New("boom")
	assert.Same(t, other, decode.ShapeError(other))
	assert.NoError(t, decode.ShapeError(nil))
}

func TestPointers(t *testing.T) {
	assert.Equal(t, "/runs/2", decode.PointerIndex("/runs", 2))
	assert.Equal(t, "/0", decode.PointerIndex("", 0))
	assert.Equal(t, "a~1b~0c", decode.PointerToken("a/b~c"))
}

func TestSummary(t *testing.T) {
	long := ""
	for range 50 {
		long += "wörd "
	}
	tests := []struct{ name, in, want string }{
		{"first sentence", "Use of exec. Consider subprocess.", "Use of exec."},
		{"first paragraph folded", " one\ntwo\n\nthree", "one two"},
		{"cut on a rune boundary", long, long[:199] + "…"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, decode.Summary(tt.in))
		})
	}
}

func TestFirstLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"\n  title  \r\nrest", "title"},
		{"one line ", "one line"},
		{"a\rb", "a"},
		{"", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, decode.FirstLine(tt.in), tt.in)
	}
}

func TestFirstNonEmpty(t *testing.T) {
	assert.Equal(t, "b", decode.FirstNonEmpty("", "  ", " b ", "c"))
	assert.Empty(t, decode.FirstNonEmpty())
}

func TestSortedSet(t *testing.T) {
	in := []string{"b", "", "a", "b"}
	assert.Equal(t, []string{"a", "b"}, decode.SortedSet(in))
	assert.Equal(t, []string{"b", "", "a", "b"}, in, "the input is not changed")
	assert.Nil(t, decode.SortedSet([]string{""}))
	assert.Nil(t, decode.SortedSet(nil))
}

func TestSplitValues(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		items []string
		ptrs  []string
	}{
		{"array", ` [{"a":1}, 2]`, []string{`{"a":1}`, `2`}, []string{"/0", "/1"}},
		{"JSON lines", "{\"a\":1}\n{\"b\":2}\n", []string{`{"a":1}`, `{"b":2}`}, []string{"line 1", "line 2"}},
		{"pretty objects in a row", "{\n \"a\": 1\n}\n{\n \"b\": 2\n}", []string{"{\n \"a\": 1\n}", "{\n \"b\": 2\n}"}, []string{"line 1", "line 4"}},
		{"empty", "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, ptrs, err := decode.SplitValues([]byte(tt.in), 10)
			require.NoError(t, err)
			var got []string
			for _, it := range items {
				got = append(got, string(it))
			}
			assert.Equal(t, tt.items, got)
			assert.Equal(t, tt.ptrs, ptrs)
		})
	}
	_, _, err := decode.SplitValues([]byte("{\"a\":1}\n{"), 10)
	require.Error(t, err)
	_, _, err = decode.SplitValues([]byte(`[[[1]]]`), 2)
	require.ErrorIs(t, err, decode.ErrTooDeep)
}

func TestAnyObject(t *testing.T) {
	raws := func(ss ...string) []json.RawMessage {
		var out []json.RawMessage
		for _, s := range ss {
			out = append(out, json.RawMessage(s))
		}
		return out
	}
	assert.True(t, decode.AnyObject(nil))
	assert.True(t, decode.AnyObject(raws("1", ` {"a":1}`)))
	assert.False(t, decode.AnyObject(raws("1", `[]`)))
}

func TestMemberProperties(t *testing.T) {
	m := map[string]json.RawMessage{"id": json.RawMessage(`1`), "a": json.RawMessage(`"x"`), "b": json.RawMessage(` null`),
		"c": json.RawMessage(`""`), "d": json.RawMessage(`{ "k": 1 }`)}
	assert.Equal(t, map[string]string{"a": "x", "c": "", "d": `{"k":1}`}, decode.MemberProperties(m, "id"))
	assert.Nil(t, decode.MemberProperties(m, "id", "a", "b", "c", "d"))
}

func TestPrefixedProperties(t *testing.T) {
	m := map[string]json.RawMessage{"id": json.RawMessage(`1`), "a": json.RawMessage(`"x"`), "b": json.RawMessage(`null`),
		"c": json.RawMessage(`""`), "d": json.RawMessage(`[1, 2]`)}
	assert.Equal(t, map[string]string{"p.a": "x", "p.d": "[1,2]"}, decode.PrefixedProperties(m, "p.", "id"))
	assert.Nil(t, decode.PrefixedProperties(nil, "p."))
}

func TestSetProperty(t *testing.T) {
	var f aspm.Finding
	decode.SetProperty(&f, "a", "")
	assert.Nil(t, f.Properties, "an empty value makes no map")
	decode.SetProperty(&f, "a", "1")
	decode.SetProperty(&f, "a", "")
	assert.Equal(t, map[string]string{"a": "1"}, f.Properties)
}

func TestMismatchNotFormat(t *testing.T) {
	var obj map[string]any
	top := json.Unmarshal([]byte(`[1]`), &obj)
	var nested struct {
		A int `json:"a"`
	}
	inner := json.Unmarshal([]byte(`{"a":"x"}`), &nested)
	other := errors.New("boom")

	assert.EqualError(t, decode.MismatchNotFormat(top, "not a report"), decode.ErrNotFormat.Error()+": not a report")
	assert.ErrorIs(t, decode.MismatchNotFormat(inner, "x"), decode.ErrNotFormat)
	assert.Same(t, other, decode.MismatchNotFormat(other, "x"))
	assert.NoError(t, decode.MismatchNotFormat(nil, "x"))

	assert.ErrorIs(t, decode.TopMismatchNotFormat(top, "x"), decode.ErrNotFormat)
	assert.Equal(t, inner, decode.TopMismatchNotFormat(inner, "x"), "a nested mismatch passes")
	assert.Same(t, other, decode.TopMismatchNotFormat(other, "x"))
}

func TestRequiredArray(t *testing.T) {
	items, err := decode.RequiredArray(json.RawMessage(`[{"a":1}, 2]`), "results")
	require.NoError(t, err)
	assert.Equal(t, []json.RawMessage{json.RawMessage(`{"a":1}`), json.RawMessage(`2`)}, items)

	_, err = decode.RequiredArray(nil, "results")
	assert.EqualError(t, err, decode.ErrNotFormat.Error()+`: no "results" member`)
	_, err = decode.RequiredArray(json.RawMessage(`{}`), "results")
	assert.EqualError(t, err, decode.ErrNotFormat.Error()+`: "results" is not an array`)
	_, err = decode.RequiredArray(json.RawMessage(`null`), "results")
	assert.ErrorIs(t, err, decode.ErrNotFormat)
	_, err = decode.RequiredArray(json.RawMessage(`[1,`), "results")
	require.Error(t, err)
	assert.NotErrorIs(t, err, decode.ErrNotFormat)
}

func TestScalarText(t *testing.T) {
	tests := []struct{ in, want string }{
		{`" a "`, " a "},
		{` 12.0 `, "12.0"},
		{`true`, "true"},
		{`null`, ""},
		{`{"a":1}`, ""},
		{`[1]`, ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, decode.ScalarText(json.RawMessage(tt.in)), tt.in)
	}
}

func TestTake(t *testing.T) {
	m := map[string]json.RawMessage{"name": json.RawMessage(`"x"`), "n": json.RawMessage(`3`), "bad": json.RawMessage(`"s"`)}
	assert.Equal(t, "x", decode.TakeText(m, "name"))
	assert.Empty(t, decode.TakeText(m, "name"), "taken once")
	var n int
	assert.True(t, decode.Take(m, "n", &n))
	assert.Equal(t, 3, n)
	assert.False(t, decode.Take(m, "bad", &n), "unreadable")
	assert.False(t, decode.Take(m, "missing", &n))
	assert.Empty(t, m, "every member read is removed")
}
