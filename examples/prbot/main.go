// Command prbot is a bespoke pull-request bot: it scans the outputs of a
// pull request's CI scanners against the baseline of the target branch
// (the "posture scan -o json" result of its last build), keeps the issues
// that are new since the baseline (new, or reopened after a fix), renders
// them as Markdown with posture's PR-comment encoder and posts them as one
// comment through a GitHub-compatible API:
//
//	GITHUB_TOKEN=... go run ./examples/prbot -repo shop/storefront -pr 42 \
//	    -baseline main-baseline.json -inventory inventory.yaml ./scan-results
//
// The API is POST {api}/repos/{owner}/{repo}/issues/{number}/comments with
// {"body": ...} and the token as "Authorization: Bearer"; -api (or
// GITHUB_API_URL) points it at GitHub Enterprise or a test server. The
// repository and the pull request may come from GITHUB_REPOSITORY and
// PR_NUMBER as well, and the token comes only from GITHUB_TOKEN, so that
// it never shows in a process list. When nothing is new the bot says so
// and posts nothing; an answer other than 2xx is an error that names the
// status. -dry-run writes the comment to standard output instead.
package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture"
	"github.com/posturekit/posture/aspm"
	postjson "github.com/posturekit/posture/export/json"
	"github.com/posturekit/posture/export/markdown"
	"github.com/posturekit/posture/ingest/inventory"
	"github.com/posturekit/posture/policy"
)

// marker starts every comment of the bot, so that a later version can find
// and update its own comments.
const marker = "<!-- posture-prbot -->\n"

// maxAnswer bounds how much of the API's answer is read.
const maxAnswer = 1 << 20

// config is what the command line and the environment say.
type config struct {
	api, token, repo string
	pr               int
	baseline         string
	inventory        string
	policy           string
	inputs           []string
	dryRun           bool
	now              time.Time
	client           *http.Client
}

func main() {
	c := config{token: os.Getenv("GITHUB_TOKEN"), now: time.Now(), client: &http.Client{Timeout: 30 * time.Second}}
	flag.StringVar(&c.api, "api", cmp.Or(os.Getenv("GITHUB_API_URL"), "https://api.github.com"), "the API's base `URL` (env GITHUB_API_URL)")
	flag.StringVar(&c.repo, "repo", os.Getenv("GITHUB_REPOSITORY"), "the repository as `OWNER/NAME` (env GITHUB_REPOSITORY)")
	pr, _ := strconv.Atoi(os.Getenv("PR_NUMBER"))
	flag.IntVar(&c.pr, "pr", pr, "the pull request's `NUMBER` (env PR_NUMBER)")
	flag.StringVar(&c.baseline, "baseline", "", "the target branch's result `FILE` (posture scan -o json)")
	flag.StringVar(&c.inventory, "inventory", "", "the inventory `FILE` (YAML)")
	flag.StringVar(&c.policy, "policy", "", "a policy `PATH` (file or directory) for the gate")
	flag.BoolVar(&c.dryRun, "dry-run", false, "write the comment to standard output instead of posting it")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: prbot -baseline FILE [-repo OWNER/NAME -pr N] [-inventory FILE] [-policy PATH] [-dry-run] INPUT...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 || c.baseline == "" {
		flag.Usage()
		os.Exit(2)
	}
	c.inputs = flag.Args()
	if err := run(context.Background(), os.Stdout, c); err != nil {
		fmt.Fprintln(os.Stderr, "prbot:", err)
		os.Exit(1)
	}
}

// run scans the inputs against the baseline and posts the new issues; it
// writes what it did to w.
func run(ctx context.Context, w io.Writer, c config) error {
	endpoint, err := c.endpoint()
	if err != nil && !c.dryRun {
		return err
	}
	res, err := scan(ctx, c)
	if err != nil {
		return err
	}
	fresh := newIssues(res)
	if len(fresh.Issues) == 0 {
		fmt.Fprintln(w, "nothing new since the baseline: no comment posted")
		return nil
	}
	body, err := comment(ctx, res, fresh)
	if err != nil {
		return err
	}
	if c.dryRun {
		_, err := io.WriteString(w, body)
		return err
	}
	link, err := post(ctx, c.client, endpoint, c.token, body)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "posted %d new issue(s) to %s#%d: %s\n", len(fresh.Issues), c.repo, c.pr, link)
	return nil
}

// endpoint is the URL of the pull request's comments.
func (c config) endpoint() (string, error) {
	owner, name, ok := strings.Cut(c.repo, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		return "", fmt.Errorf("repository %q: want OWNER/NAME (-repo or GITHUB_REPOSITORY)", c.repo)
	}
	if c.pr <= 0 {
		return "", errors.New("no pull request number (-pr or PR_NUMBER)")
	}
	if c.token == "" {
		return "", errors.New("no token (GITHUB_TOKEN)")
	}
	base, err := url.Parse(c.api)
	if err != nil || (base.Scheme != "https" && base.Scheme != "http") || base.Host == "" {
		return "", fmt.Errorf("API URL %q: want http(s)://host[/path]", c.api)
	}
	return base.JoinPath("repos", owner, name, "issues", strconv.Itoa(c.pr), "comments").String(), nil
}

// scan runs the pipeline on the inputs against the baseline.
func scan(ctx context.Context, c config) (*aspm.Result, error) {
	f, err := os.Open(c.baseline)
	if err != nil {
		return nil, err
	}
	prev, err := postjson.Decode(ctx, f)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.baseline, err)
	}
	opts := []posture.Option{posture.WithBaseline(prev), posture.WithClock(func() time.Time { return c.now })}
	if c.inventory != "" {
		inv, err := inventory.DecodeFile(ctx, c.inventory)
		if err != nil {
			return nil, err
		}
		opts = append(opts, posture.WithInventory(inv))
	}
	if c.policy != "" {
		p, err := policy.LoadPath(ctx, c.policy)
		if err != nil {
			return nil, err
		}
		opts = append(opts, posture.WithPolicy(p))
	}
	run, err := posture.New(opts...).Run(ctx, c.inputs...)
	if err != nil {
		return nil, err
	}
	if len(run.Failed) > 0 {
		return nil, errors.Join(run.Failed...) // a comment from half the scanners would mislead
	}
	return run.Result, nil
}

// newIssues is the part of res that is new since the baseline: the new
// and reopened issues, with the run's gate and their own counts.
func newIssues(res *aspm.Result) *aspm.Result {
	out := &aspm.Result{Schema: res.Schema, GeneratedAt: res.GeneratedAt, Sources: res.Sources}
	for _, is := range res.Issues {
		if is.Status == aspm.LifecycleNew || is.Status == aspm.LifecycleReopened {
			out.Issues = append(out.Issues, is)
		}
	}
	findings := 0
	for _, is := range out.Issues {
		findings += len(is.Findings)
	}
	out.Summary = posture.Summarize(findings, out.Issues)
	out.Summary.Gate = res.Summary.Gate
	return out
}

// comment renders the new issues with posture's Markdown encoder (which
// makes every scanner-controlled string inert), and counts the rest.
func comment(ctx context.Context, res, fresh *aspm.Result) (string, error) {
	var b strings.Builder
	b.WriteString(marker)
	// The encoder's limit leaves room for the marker and the closing line.
	enc := &markdown.Encoder{MaxChars: markdown.DefaultMaxChars - 1000}
	if err := enc.Encode(ctx, &b, fresh); err != nil {
		return "", err
	}
	s := res.Summary.ByStatus
	fmt.Fprintf(&b, "\n%d unchanged and %d fixed issue(s) since the baseline are not listed.\n",
		s[aspm.LifecycleUnchanged], s[aspm.LifecycleFixed])
	return b.String(), nil
}

// post creates the comment and returns its html_url.
func post(ctx context.Context, client *http.Client, endpoint, token, body string) (string, error) {
	payload, err := json.Marshal(map[string]string{"body": body})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(payload))
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	req.Header.Set("User-Agent", "posture-prbot")
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return "", fmt.Errorf("POST %s: %s: %w", endpoint, resp.Status, err)
	}
	var out struct {
		HTMLURL string `json:"html_url"`
		Message string `json:"message"`
	}
	_ = json.Unmarshal(answer, &out) // the status decides; the message only explains
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		if out.Message != "" {
			return "", fmt.Errorf("POST %s: %s: %.200q", endpoint, resp.Status, out.Message)
		}
		return "", fmt.Errorf("POST %s: %s", endpoint, resp.Status)
	}
	return out.HTMLURL, nil
}
