package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture"
	"github.com/posturekit/posture/aspm"
	postjson "github.com/posturekit/posture/export/json"
	"github.com/posturekit/posture/ingest/inventory"
	"github.com/posturekit/posture/internal/golden"
)

// The baseline is the result of the target branch's last build (scanned
// from testdata/previous on 20 November); the pull request is scanned on
// 28 November from testdata/scans.
var (
	baselineTime = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	now          = time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
)

// request is what the fake API received.
type request struct {
	method, path, auth, contentType string
	body                            string
}

// fakeAPI answers every request with status and answer and records the
// requests.
func fakeAPI(t *testing.T, status int, answer string) (*httptest.Server, *[]request) {
	t.Helper()
	var got []request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		assert.NoError(t, err)
		var payload struct {
			Body string `json:"body"`
		}
		assert.NoError(t, json.Unmarshal(b, &payload), "the request is JSON with a body")
		got = append(got, request{r.Method, r.URL.Path, r.Header.Get("Authorization"), r.Header.Get("Content-Type"), payload.Body})
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	return srv, &got
}

func cfg(api, baseline string) config {
	return config{
		api: api, token: "test-token", repo: "shop/storefront", pr: 42,
		baseline: baseline, inventory: filepath.Join("testdata", "inventory.yaml"),
		inputs: []string{filepath.Join("testdata", "scans")}, now: now, client: http.DefaultClient,
	}
}

// The comment names exactly the two new issues (the jsonwebtoken
// vulnerability and the XSS), not the lodash vulnerability and the SQL
// injection that the baseline already had, nor the fixed minimist one.
func TestPostNewIssues(t *testing.T) {
	srv, got := fakeAPI(t, http.StatusCreated, `{"id": 1, "html_url": "https://github.example/shop/storefront/pull/42#issuecomment-1"}`)
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), &out, cfg(srv.URL+"/api/v3", filepath.Join("testdata", "baseline.json"))))
	assert.Equal(t, "posted 2 new issue(s) to shop/storefront#42: https://github.example/shop/storefront/pull/42#issuecomment-1\n", out.String())

	require.Len(t, *got, 1)
	req := (*got)[0]
	assert.Equal(t, http.MethodPost, req.method)
	assert.Equal(t, "/api/v3/repos/shop/storefront/issues/42/comments", req.path)
	assert.Equal(t, "Bearer test-token", req.auth)
	assert.Equal(t, "application/json", req.contentType)

	body := req.body
	assert.True(t, strings.HasPrefix(body, marker+"## posture: policy gate passed"), "the comment starts with the bot's marker")
	assert.Contains(t, body, "### New issues (2)")
	assert.NotContains(t, body, "Other open issues")
	assert.NotContains(t, body, "Fixed issues")
	for _, s := range []string{"CVE-2022-23539", "jsonwebtoken", "Review text written to the page without escaping", "web/review.js"} {
		assert.Contains(t, body, s, "a new issue")
	}
	for _, s := range []string{"CVE-2020-8203", "lodash", "SQL query", "app/db.py", "CVE-2021-44906", "minimist"} {
		assert.NotContains(t, body, s, "an unchanged or fixed issue")
	}
	assert.Contains(t, body, "2 unchanged and 1 fixed issue(s) since the baseline are not listed")
	assert.Contains(t, body, "- Services: storefront\n- Owners: web", "the services come from the inventory")

	// By issue id: two blocks, neither of them an issue of the baseline.
	ids := regexp.MustCompile(`- ID: <code>([^<]+)</code>`).FindAllStringSubmatch(body, -1)
	require.Len(t, ids, 2)
	for _, is := range readResult(t, filepath.Join("testdata", "baseline.json")).Issues {
		for _, id := range ids {
			assert.NotEqual(t, is.ID, id[1])
		}
	}
}

// A pull request that brings nothing new gets no comment.
func TestNothingNew(t *testing.T) {
	srv, got := fakeAPI(t, http.StatusCreated, `{}`)
	baseline := writeResult(t, filepath.Join("testdata", "scans"), baselineTime, filepath.Join(t.TempDir(), "baseline.json"))
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), &out, cfg(srv.URL, baseline)))
	assert.Equal(t, "nothing new since the baseline: no comment posted\n", out.String())
	assert.Empty(t, *got)
}

// An issue fixed in the baseline that comes back is new again: the pull
// request that reverts to the previous scan's state reopens minimist.
func TestReopened(t *testing.T) {
	dir := t.TempDir()
	srv, got := fakeAPI(t, http.StatusCreated, `{}`)
	// The pull request's scan against the baseline: minimist is fixed.
	c := cfg(srv.URL, filepath.Join("testdata", "baseline.json"))
	res, err := scan(t.Context(), c)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, (&postjson.Encoder{}).Encode(t.Context(), &buf, res))
	fixedBaseline := filepath.Join(dir, "baseline.json")
	require.NoError(t, os.WriteFile(fixedBaseline, buf.Bytes(), 0o644))

	c = cfg(srv.URL, fixedBaseline)
	c.inputs = []string{filepath.Join("testdata", "previous")}
	require.NoError(t, run(t.Context(), io.Discard, c))
	require.Len(t, *got, 1)
	body := (*got)[0].body
	assert.Equal(t, 1, strings.Count(body, "<details>"))
	assert.Contains(t, body, "minimist")
	assert.Contains(t, body, "· reopened")
	assert.NotContains(t, body, "jsonwebtoken")
}

// An answer other than 2xx is an error that names the status (and the
// API's message when it gives one).
func TestErrorStatus(t *testing.T) {
	tests := []struct {
		status int
		answer string
		want   string
	}{
		{http.StatusForbidden, `{"message": "Resource not accessible by integration"}`, `403 Forbidden: "Resource not accessible by integration"`},
		{http.StatusNotFound, `{"message": "Not Found"}`, `404 Not Found: "Not Found"`},
		{http.StatusBadGateway, `<html>bad gateway</html>`, "502 Bad Gateway"},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			srv, got := fakeAPI(t, tt.status, tt.answer)
			err := run(t.Context(), io.Discard, cfg(srv.URL, filepath.Join("testdata", "baseline.json")))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Len(t, *got, 1)
		})
	}
}

// Configuration errors are found before anything is scanned or posted.
func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func(*config)
		want   string
	}{
		{"no repository", func(c *config) { c.repo = "" }, "want OWNER/NAME"},
		{"repository without owner", func(c *config) { c.repo = "storefront" }, "want OWNER/NAME"},
		{"repository with a path", func(c *config) { c.repo = "shop/storefront/issues" }, "want OWNER/NAME"},
		{"no pull request", func(c *config) { c.pr = 0 }, "no pull request number"},
		{"no token", func(c *config) { c.token = "" }, "no token"},
		{"bad API URL", func(c *config) { c.api = "ftp://example" }, "API URL"},
		{"no baseline", func(c *config) { c.baseline = "no-such.json" }, "no-such.json"},
		{"not a result", func(c *config) { c.baseline = filepath.Join("testdata", "inventory.yaml") }, "inventory.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, got := fakeAPI(t, http.StatusCreated, `{}`)
			c := cfg(srv.URL, filepath.Join("testdata", "baseline.json"))
			tt.change(&c)
			err := run(t.Context(), io.Discard, c)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Empty(t, *got)
		})
	}
}

// -dry-run writes the comment instead of posting it, and needs no API.
func TestDryRun(t *testing.T) {
	c := cfg("", filepath.Join("testdata", "baseline.json"))
	c.dryRun, c.token, c.repo = true, "", ""
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), &out, c))
	assert.True(t, strings.HasPrefix(out.String(), marker+"## posture: policy gate passed"))
	assert.Equal(t, 2, strings.Count(out.String(), "<details>"))
}

// testdata/baseline.json is the result of scanning testdata/previous on 20
// November with the inventory; go test -update rewrites it.
func TestBaselineFixture(t *testing.T) {
	name := filepath.Join("testdata", "baseline.json")
	if golden.Updating() {
		writeResult(t, filepath.Join("testdata", "previous"), baselineTime, name)
	}
	want, err := os.ReadFile(name)
	require.NoError(t, err)
	got := writeResult(t, filepath.Join("testdata", "previous"), baselineTime, filepath.Join(t.TempDir(), "baseline.json"))
	gotBytes, err := os.ReadFile(got)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(gotBytes), "run the test with -update to rewrite the baseline")

	assert.Equal(t, 3, readResult(t, name).Summary.Issues)
}

// writeResult scans dir at the time at with the inventory, as "posture
// scan -o json=name" would, and returns name.
func writeResult(t *testing.T, dir string, at time.Time, name string) string {
	t.Helper()
	inv, err := inventory.DecodeFile(t.Context(), filepath.Join("testdata", "inventory.yaml"))
	require.NoError(t, err)
	run, err := posture.New(posture.WithInventory(inv), posture.WithClock(func() time.Time { return at })).Run(t.Context(), dir)
	require.NoError(t, err)
	require.Empty(t, run.Failed)
	var buf bytes.Buffer
	require.NoError(t, (&postjson.Encoder{}).Encode(t.Context(), &buf, run.Result))
	require.NoError(t, os.WriteFile(name, buf.Bytes(), 0o644))
	return name
}

func readResult(t *testing.T, name string) *aspm.Result {
	t.Helper()
	f, err := os.Open(name)
	require.NoError(t, err)
	defer f.Close()
	res, err := postjson.Decode(t.Context(), f)
	require.NoError(t, err)
	return res
}
