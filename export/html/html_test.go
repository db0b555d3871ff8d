package html_test

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/export/exporttest"
	"github.com/posturekit/posture/export/html"
	"github.com/posturekit/posture/internal/golden"
)

func encode(t *testing.T, e *html.Encoder, r *aspm.Result) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, e.Encode(t.Context(), &buf, r))
	return buf.String()
}

func TestEncodeGolden(t *testing.T) {
	golden.Assert(t, "fixture.html", []byte(encode(t, &html.Encoder{}, exporttest.Result())))
}

func TestContent(t *testing.T) {
	out := encode(t, &html.Encoder{}, exporttest.Result())
	for _, want := range []string{
		`<html lang="en">`, `<h2 id="h-summary">Summary</h2>`, `Open issues by severity`, `Open issues by priority`,
		`Open risk by team (owner)`, `Open risk by service`, `<h2 id="h-sla">SLA status</h2>`, `<table id="issues">`,
		`<label for="f-q">`, `Score 92: how it is made`, `EPSS 0.97 on 2026-11-27`, `role="img"`,
	} {
		assert.Contains(t, out, want)
	}
	// One row per issue, linked to its details.
	assert.Equal(t, 6, strings.Count(out, "<tr data-sev="))
	assert.Equal(t, 6, strings.Count(out, `<article class="issue"`))
	// Past SLA: the reopened SQL injection was due three days before the scan.
	assert.Contains(t, out, "<td>Past due</td><td class=\"n\">1</td>")
}

func TestSelfContained(t *testing.T) {
	out := encode(t, &html.Encoder{}, exporttest.Result())
	// No resource is loaded from anywhere: no src, no stylesheet link.
	assert.NotRegexp(t, `(?i)<(script|img|iframe|link)[^>]+(src|href)=`, out)
	assert.Equal(t, 1, strings.Count(out, "<script"), "one inline script")
	assert.True(t, strings.Contains(out, "default-src &#39;none&#39;"), "a Content-Security-Policy forbids loading anything")
}

func TestHostile(t *testing.T) {
	out := encode(t, &html.Encoder{Title: "<script>alert(1)</script>"}, exporttest.Hostile())
	assert.Equal(t, 1, strings.Count(out, "<script"), "only the report's own script")
	for _, bad := range []string{"<img", `href="javascript`, "</details><h1>", "\x1b", "<!-- comment"} {
		assert.False(t, strings.Contains(out, bad), "output contains %q", bad)
	}
	assert.False(t, regexp.MustCompile(`<[^>]*\bon[a-z]+=`).MatchString(out), "no event handler attribute")
	// Links are only http(s).
	for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(out, -1) {
		assert.Regexp(t, `^(#|https?://)`, m[1])
	}
}

func TestLimits(t *testing.T) {
	out := encode(t, &html.Encoder{MaxDetails: 10, MaxRows: 50}, exporttest.Large(200))
	assert.Equal(t, 50, strings.Count(out, "<tr data-sev="))
	assert.Equal(t, 10, strings.Count(out, `<article class="issue"`))
	assert.Contains(t, out, "150 more issue(s) not listed")
	assert.Contains(t, out, "190 more are listed in the table only")
}

func TestEncodeErrors(t *testing.T) {
	assert.Error(t, (&html.Encoder{}).Encode(t.Context(), &bytes.Buffer{}, nil))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	assert.ErrorIs(t, (&html.Encoder{}).Encode(ctx, &bytes.Buffer{}, exporttest.Result()), context.Canceled)
}
