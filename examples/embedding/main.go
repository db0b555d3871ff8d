// Command embedding shows posture embedded in an existing internal tool: a
// small HTTP service (standard library only) to which CI jobs and other
// tools POST their scanner outputs, and which answers at once, in process,
// with the top issues in their business context and the policy gate:
//
//	go run ./examples/embedding -addr localhost:8080 \
//	    -inventory examples/demo/inventory.yaml -policy policies/starter
//	curl -F file=@examples/demo/scans/checkout/trivy-image.json\;filename=scans/checkout/trivy-image.json \
//	     -F file=@examples/demo/scans/checkout/gitleaks.json\;filename=scans/checkout/gitleaks.json \
//	     'localhost:8080/scan?top=3'
//	curl --data-binary @examples/demo/scans/catalog/semgrep.json 'localhost:8080/scan?name=scans/catalog/semgrep.json'
//
// POST /scan takes either a multipart/form-data body with one file part
// per scanner output, or one scanner output as the raw body with its name
// in the query (?name=...). The names matter beyond messages: the
// inventory ties scanner outputs to services by path ("scans:
// [scans/checkout/*]"), so a client sends the relative path it would give
// "posture scan" (a multipart filename keeps its directories here). The
// format of each file is detected as "posture ingest" does. The answer is
// JSON: the gate, the counts, the top issues (?top=N, default 10) with
// their score, services, owners and failed rules, and each file's format.
// A request that cannot be scanned gets a JSON error with status 400, 405
// or 413.
//
// The service holds one posture.Pipeline, which is safe for concurrent
// use; nothing is written to disk and every request is independent.
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"os/signal"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture"
	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest"
	"github.com/posturekit/posture/ingest/inventory"
	"github.com/posturekit/posture/policy"
)

// Request limits: the whole body, the number of files, the top issues.
const (
	defaultMaxBytes = 64 << 20
	maxFiles        = 64
	defaultTop      = 10
	maxTop          = 1000
)

func main() {
	addr := flag.String("addr", "localhost:8080", "the `ADDRESS` to listen on")
	invPath := flag.String("inventory", "", "the inventory `FILE` (YAML)")
	polPath := flag.String("policy", "", "a policy `PATH` (file or directory) for the gate")
	maxBytes := flag.Int64("max-bytes", defaultMaxBytes, "the largest request body in `BYTES`")
	flag.Parse()
	if flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := serve(ctx, *addr, *invPath, *polPath, *maxBytes); err != nil {
		fmt.Fprintln(os.Stderr, "embedding:", err)
		os.Exit(1)
	}
}

// serve listens on addr until ctx is done.
func serve(ctx context.Context, addr, invPath, polPath string, maxBytes int64) error {
	var opts []posture.Option
	if invPath != "" {
		inv, err := inventory.DecodeFile(ctx, invPath)
		if err != nil {
			return err
		}
		opts = append(opts, posture.WithInventory(inv))
	}
	if polPath != "" {
		p, err := policy.LoadPath(ctx, polPath)
		if err != nil {
			return err
		}
		opts = append(opts, posture.WithPolicy(p))
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	srv := &http.Server{
		Addr:              addr,
		Handler:           newService(posture.New(opts...), maxBytes, logger).routes(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute,
		WriteTimeout:      5 * time.Minute,
	}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	logger.Info("listening", "addr", addr)
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// service answers scan requests with one shared pipeline.
type service struct {
	pipeline *posture.Pipeline
	registry *ingest.Registry
	maxBytes int64
	logger   *slog.Logger
}

func newService(p *posture.Pipeline, maxBytes int64, logger *slog.Logger) *service {
	return &service{pipeline: p, registry: ingest.Default(), maxBytes: cmp.Or(maxBytes, defaultMaxBytes), logger: logger}
}

// routes is the service's handler.
func (s *service) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /scan", s.scan)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok\n") })
	return mux
}

// Answer is the JSON answer to POST /scan.
type Answer struct {
	// Gate is "pass" or "fail" ("pass" when the service has no policy).
	Gate       aspm.Gate             `json:"gate"`
	Findings   int                   `json:"findings"`
	Issues     int                   `json:"issues"`
	BySeverity map[aspm.Severity]int `json:"by_severity"`
	// Top are the highest-scored open issues, best first.
	Top   []TopIssue `json:"top"`
	Files []File     `json:"files"`
	// Diagnostics are the problems met while decoding, one line each.
	Diagnostics []string `json:"diagnostics,omitempty"`
}

// TopIssue is one issue of the answer.
type TopIssue struct {
	ID        string        `json:"id"`
	Title     string        `json:"title"`
	Severity  aspm.Severity `json:"severity"`
	Score     float64       `json:"score"`
	Priority  aspm.Priority `json:"priority,omitempty"`
	Component string        `json:"component,omitempty"`
	Tools     []string      `json:"tools"`
	Services  []string      `json:"services"`
	Owners    []string      `json:"owners"`
	// Failed are the policy rules the issue fails.
	Failed []string `json:"failed,omitempty"`
}

// File is one uploaded scanner output as posture read it.
type File struct {
	Name     string      `json:"name"`
	Format   aspm.Format `json:"format"`
	Findings int         `json:"findings"`
}

// errorAnswer is the JSON answer to a request that could not be scanned.
type errorAnswer struct {
	Error string `json:"error"`
}

// requestError is a problem with the request, answered with its status.
type requestError struct {
	status int
	msg    string
}

func (e *requestError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &requestError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

func (s *service) scan(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	top := defaultTop
	if q := r.URL.Query().Get("top"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 0 || n > maxTop {
			s.fail(w, badRequest("top=%q: want a number from 0 to %d", q, maxTop))
			return
		}
		top = n
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.maxBytes)
	docs, err := s.decode(ctx, r)
	if err != nil {
		s.fail(w, err)
		return
	}
	run, err := s.pipeline.RunDocuments(ctx, docs)
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, answer(run, top))
}

// decode reads the scanner outputs of a request: the file parts of a
// multipart form, or the raw body named by ?name=.
func (s *service) decode(ctx context.Context, r *http.Request) ([]*aspm.Document, error) {
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "multipart/form-data" {
		name := cleanName(r.URL.Query().Get("name"))
		if name == "" {
			return nil, badRequest("a raw body needs its file name: ?name=PATH (or send multipart/form-data)")
		}
		doc, err := s.decodeOne(ctx, name, r.Body)
		if err != nil {
			return nil, err
		}
		return []*aspm.Document{doc}, nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, badRequest("multipart: %v", err)
	}
	var docs []*aspm.Document
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, tooLarge(err, badRequest("multipart: %v", err))
		}
		name := cleanName(fileName(part))
		if name == "" {
			part.Close()
			continue // a form field, not a file
		}
		if len(docs) == maxFiles {
			return nil, badRequest("more than %d files", maxFiles)
		}
		doc, err := s.decodeOne(ctx, name, part)
		part.Close()
		if err != nil {
			return nil, err
		}
		docs = append(docs, doc)
	}
	if len(docs) == 0 {
		return nil, badRequest("no files: send each scanner output as a file part")
	}
	return docs, nil
}

func (s *service) decodeOne(ctx context.Context, name string, src io.Reader) (*aspm.Document, error) {
	doc, err := s.registry.Decode(ctx, name, src)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, tooLarge(err, badRequest("%s: %v", name, err))
	}
	return doc, nil
}

// tooLarge turns an error of the body's size limit into a 413 and leaves
// any other as other.
func tooLarge(err, other error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return &requestError{http.StatusRequestEntityTooLarge, fmt.Sprintf("request body larger than %d bytes", mb.Limit)}
	}
	return other
}

// fileName is a part's file name as the client sent it, directories
// included (multipart.Part.FileName keeps only the last element).
func fileName(p *multipart.Part) string {
	_, params, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
	if err != nil {
		return ""
	}
	return params["filename"]
}

// cleanName makes a client's file name a clean relative slash path: it
// names a document and is matched against the inventory, never opened.
func cleanName(s string) string {
	s = path.Clean("/" + strings.ReplaceAll(s, `\`, "/"))
	return strings.TrimPrefix(s, "/")
}

// answer summarises a run: the counts, the top open issues and the files.
func answer(run *posture.Run, top int) Answer {
	res := run.Result
	a := Answer{Gate: res.Summary.Gate, Findings: res.Summary.Findings, Issues: res.Summary.Issues,
		BySeverity: res.Summary.BySeverity, Top: []TopIssue{}, Files: []File{}}
	for i := range res.Issues {
		if len(a.Top) == top {
			break
		}
		is := &res.Issues[i]
		if is.Status == aspm.LifecycleFixed {
			continue
		}
		t := TopIssue{ID: is.ID, Title: is.Title, Severity: is.Severity, Priority: is.Priority,
			Tools: is.Tools, Services: is.Services, Owners: is.Owners}
		if is.Score != nil {
			t.Score = is.Score.Value
		}
		if !is.Component.IsZero() {
			t.Component = is.Component.String()
		}
		for _, v := range is.Policy {
			if v.Result == aspm.VerdictFail {
				t.Failed = append(t.Failed, v.Rule)
			}
		}
		a.Top = append(a.Top, t)
	}
	for _, d := range run.Documents {
		a.Files = append(a.Files, File{Name: d.Source.File, Format: d.Source.Format, Findings: len(d.Findings)})
	}
	for _, d := range res.Diagnostics {
		a.Diagnostics = append(a.Diagnostics, d.String())
	}
	return a
}

// fail answers a request that could not be scanned.
func (s *service) fail(w http.ResponseWriter, err error) {
	var re *requestError
	if errors.As(err, &re) {
		writeJSON(w, re.status, errorAnswer{re.msg})
		return
	}
	s.logger.Error("scan", "err", err)
	writeJSON(w, http.StatusInternalServerError, errorAnswer{"internal error"})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
