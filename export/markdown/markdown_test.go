package markdown_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/export/exporttest"
	"github.com/posturekit/posture/export/markdown"
	"github.com/posturekit/posture/internal/golden"
)

func encode(t *testing.T, e *markdown.Encoder, r *aspm.Result) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, e.Encode(t.Context(), &buf, r))
	return buf.String()
}

func TestEncodeGolden(t *testing.T) {
	golden.Assert(t, "fixture.md", []byte(encode(t, &markdown.Encoder{}, exporttest.Result())))
	golden.Assert(t, "truncated.md", []byte(encode(t, &markdown.Encoder{MaxChars: 3000, Title: "posture [main]"}, exporttest.Result())))
}

func TestNewFirst(t *testing.T) {
	out := encode(t, &markdown.Encoder{}, exporttest.Result())
	newAt := strings.Index(out, "### New issues (4)")
	otherAt := strings.Index(out, "### Other open issues (1)")
	fixedAt := strings.Index(out, "### Fixed issues (1)")
	require.True(t, newAt > 0 && otherAt > newAt && fixedAt > otherAt, out)
	// Within new issues, the highest score comes first.
	assert.Less(t, strings.Index(out, "Log4Shell"), strings.Index(out, "SQL built"))
	assert.Contains(t, out, "policy gate failed")
}

func TestLimit(t *testing.T) {
	for _, n := range []int{100, 5000} {
		r := exporttest.Large(n)
		out := encode(t, &markdown.Encoder{}, r)
		assert.LessOrEqual(t, utf8.RuneCountInString(out), markdown.DefaultMaxChars)
		assert.LessOrEqual(t, len(out), markdown.DefaultMaxChars)
		shown := strings.Count(out, "<details>") + strings.Count(out, "\n- ~~")
		if shown < n {
			assert.Contains(t, out, "more issue(s) not shown")
			assert.Contains(t, out, " "+itoa(n-shown)+" more issue(s)")
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestHostile(t *testing.T) {
	out := encode(t, &markdown.Encoder{Title: "<b>x</b>"}, exporttest.Hostile())
	for _, bad := range []string{"<script", "<img", "](", "![", "javascript:", "\x1b", "\r", "</details><h1>", "<!--", "@everyone", "`code`", "<b>x</b>"} {
		assert.NotContains(t, out, bad)
	}
	// Each issue is still one details block.
	assert.Equal(t, strings.Count(out, "<details>"), strings.Count(out, "</details>"))
	assert.Equal(t, len(exporttest.Payloads()), strings.Count(out, "<details>"))
}

func TestEncodeErrors(t *testing.T) {
	assert.Error(t, (&markdown.Encoder{}).Encode(t.Context(), &bytes.Buffer{}, nil))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	assert.ErrorIs(t, (&markdown.Encoder{}).Encode(ctx, &bytes.Buffer{}, exporttest.Result()), context.Canceled)
}
