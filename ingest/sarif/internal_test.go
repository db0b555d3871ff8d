package sarif

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/posturekit/posture/aspm"
)

func TestSnippetHashMatchesModel(t *testing.T) {
	st := &state{}
	for _, s := range []string{
		"", "   ", "a", "  a  b\t\tc\n", "x\u00a0y\u2003z", "\u0085lead", "bad\xffutf8 \xfe", "tab\vvt\fff\rcr",
		"\t\tresult := db.Query(user input)\n", strings.Repeat("ab cd ", 1000),
	} {
		assert.Equal(t, aspm.SnippetHash(s), st.snippetHash(s), "%q", s)
	}
}

func FuzzSnippetHash(f *testing.F) {
	f.Add("  a \u00a0b\n")
	f.Fuzz(func(t *testing.T, s string) {
		st := &state{}
		if got, want := st.snippetHash(s), aspm.SnippetHash(s); got != want {
			t.Fatalf("%q: %s, model says %s", s, got, want)
		}
	})
}

func jsonString(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

func TestAppendJSONStringMatchesEncoder(t *testing.T) {
	for _, s := range []string{"", "plain", `q"b\s`, "nl\n\r\t\x00\x1f", "<&>", "bad\xff", "\u2028\u2029", "é☃"} {
		assert.Equal(t, jsonString(s), string(appendJSONString(nil, s)), "%q", s)
	}
}

func FuzzAppendJSONString(f *testing.F) {
	f.Add("a\"\\\n\xff\u2028")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendJSONString(nil, s)), jsonString(s); got != want {
			t.Fatalf("%q: %s, encoding/json says %s", s, got, want)
		}
	})
}
