package export_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/export"
	"github.com/posturekit/posture/export/exporttest"
)

// TestHostileAllFormats feeds every built-in encoder titles, messages,
// paths, URLs, owners and rule ids carrying markup, script URLs, Markdown
// link and image injection, spreadsheet formulas and terminal escapes, and
// checks what every format must neutralise. Each leaf package's
// TestHostile checks what is specific to its format (formula prefixes in
// CSV, Markdown metacharacters, HTML links and event handlers).
func TestHostileAllFormats(t *testing.T) {
	r := exporttest.Hostile()
	for _, e := range export.Default() {
		t.Run(string(e.Format()), func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, e.Encode(t.Context(), &buf, r))
			out := buf.String()
			wantScripts := 0
			if e.Format() == "html" {
				wantScripts = 1 // the report's own, allowed by its CSP hash
			}
			if e.Format() != "csv" { // markup is inert text in a spreadsheet
				assert.Equal(t, wantScripts, strings.Count(strings.ToLower(out), "<script"), "injected script tag")
				assert.False(t, strings.Contains(strings.ToLower(out), "<img"), "injected image tag")
			}
			assert.False(t, strings.Contains(out, "\x1b"), "raw terminal escape")
			if e.Format() != "json" { // the JSON result keeps data verbatim, as inert \u escapes
				assert.False(t, strings.Contains(out, `\u001b`), "escaped terminal escape")
			}
			assert.False(t, strings.Contains(strings.ToLower(out), `href="javascript`), "script link")
			switch e.Format() {
			case "markdown":
				assert.False(t, strings.Contains(out, "]("), "Markdown link or image")
			case "csv":
				for _, line := range strings.Split(out, "\n") {
					for _, cell := range strings.Split(line, ",") {
						if cell != "" {
							assert.NotContains(t, "=+-@\t", cell[:1], "formula cell %q", cell)
						}
					}
				}
			}
		})
	}
}

// TestDeterministicAllFormats checks that every encoder gives the same
// bytes whatever the order of the issues.
func TestDeterministicAllFormats(t *testing.T) {
	for _, e := range export.Default() {
		t.Run(string(e.Format()), func(t *testing.T) {
			r := exporttest.Result()
			var a, b bytes.Buffer
			require.NoError(t, e.Encode(t.Context(), &a, r))
			for i, j := 0, len(r.Issues)-1; i < j; i, j = i+1, j-1 {
				r.Issues[i], r.Issues[j] = r.Issues[j], r.Issues[i]
			}
			require.NoError(t, e.Encode(t.Context(), &b, r))
			assert.Equal(t, a.String(), b.String())
		})
	}
}
