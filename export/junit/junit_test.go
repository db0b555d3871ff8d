package junit_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/export/exporttest"
	"github.com/posturekit/posture/export/junit"
	"github.com/posturekit/posture/internal/golden"
)

func encode(t *testing.T, e *junit.Encoder, r *aspm.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, e.Encode(t.Context(), &buf, r))
	return buf.Bytes()
}

type suites struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Skipped  int `xml:"skipped,attr"`
	Suites   []struct {
		Cases []struct {
			Name    string `xml:"name,attr"`
			Failure *struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func parse(t *testing.T, b []byte) suites {
	t.Helper()
	var s suites
	require.NoError(t, xml.Unmarshal(b, &s))
	return s
}

func TestEncodeGolden(t *testing.T) {
	golden.Assert(t, "per-rule.xml", encode(t, &junit.Encoder{}, exporttest.Result()))
	golden.Assert(t, "per-issue.xml", encode(t, &junit.Encoder{PerIssue: true}, exporttest.Result()))
}

func TestPerRule(t *testing.T) {
	s := parse(t, encode(t, &junit.Encoder{}, exporttest.Result()))
	// no-critical-in-prod, no-high-in-prod, no-injection, no-secrets
	assert.Equal(t, 4, s.Tests)
	assert.Equal(t, 2, s.Failures)
	var failed []string
	for _, c := range s.Suites[0].Cases {
		if c.Failure != nil {
			failed = append(failed, c.Name)
		}
	}
	assert.Equal(t, []string{"no-critical-in-prod", "no-injection"}, failed)
}

func TestPerIssue(t *testing.T) {
	s := parse(t, encode(t, &junit.Encoder{PerIssue: true}, exporttest.Result()))
	assert.Equal(t, 6, s.Tests)
	assert.Equal(t, 2, s.Failures)
	assert.Equal(t, 2, s.Skipped, "the fixed issue and the excepted one")
}

func TestGateOnly(t *testing.T) {
	r := &aspm.Result{Summary: aspm.Summary{Gate: aspm.GateFail}}
	s := parse(t, encode(t, &junit.Encoder{}, r))
	assert.Equal(t, 1, s.Failures)
}

func TestHostile(t *testing.T) {
	for _, e := range []*junit.Encoder{{}, {PerIssue: true}} {
		out := encode(t, e, exporttest.Hostile())
		assert.NotContains(t, string(out), "<script")
		assert.NotContains(t, string(out), "<img")
		assert.NotContains(t, string(out), "\x1b")
		parse(t, out) // well-formed
	}
}

func TestEncodeErrors(t *testing.T) {
	assert.Error(t, (&junit.Encoder{}).Encode(t.Context(), &bytes.Buffer{}, nil))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	assert.ErrorIs(t, (&junit.Encoder{}).Encode(ctx, &bytes.Buffer{}, exporttest.Result()), context.Canceled)
}
