package policy

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// MaxFileSize is the largest policy file Load reads.
const MaxFileSize = 4 << 20

// Load reads every rule and exception of the YAML files (*.yaml, *.yml) under
// fsys, walked in lexical order, and compiles the rules (see [Compile]). A
// file holds a mapping with the keys "rules" and "exceptions", each a list,
// or one rule as a mapping. Every problem found (an unknown field, a bad
// value, a rule that does not compile) is reported, each as an [*Error]
// with its file and line, joined with errors.Join; no policy is returned
// then.
func Load(ctx context.Context, fsys fs.FS, opts ...Option) (*Policy, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			files = append(files, p)
		}
		return ctx.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	slices.Sort(files)
	var rules []Rule
	var excs []Exception
	var errs []error
	for _, name := range files {
		b, err := readLimited(fsys, name)
		if err != nil {
			errs = append(errs, fmt.Errorf("policy: %s: %w", name, err))
			continue
		}
		r, e, err := Parse(name, b)
		rules, excs = append(rules, r...), append(excs, e...)
		if err != nil {
			errs = append(errs, err)
		}
	}
	// Compile what parsed too, so that one run reports every problem.
	p, err := Compile(ctx, rules, append([]Option{WithExceptions(excs...)}, opts...)...)
	if err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return p, nil
}

// LoadPath loads a policy from a directory or a single file on disk.
func LoadPath(ctx context.Context, p string, opts ...Option) (*Policy, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	if st.IsDir() {
		return Load(ctx, os.DirFS(p), opts...)
	}
	return Load(ctx, singleFS{os.DirFS(path.Dir(filepath.ToSlash(p))), path.Base(filepath.ToSlash(p))}, opts...)
}

func readLimited(fsys fs.FS, name string) ([]byte, error) {
	if st, err := fs.Stat(fsys, name); err == nil && st.Size() > MaxFileSize {
		return nil, fmt.Errorf("file larger than %d bytes", MaxFileSize)
	}
	return fs.ReadFile(fsys, name)
}

// Parse reads the rules and exceptions of one policy file's bytes without
// compiling them; file names the positions of errors and rules.
func Parse(file string, b []byte) ([]Rule, []Exception, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, nil, &Error{Pos: Pos{File: file}, Msg: "invalid YAML", Err: err}
	}
	if len(doc.Content) == 0 {
		return nil, nil, nil
	}
	p := &parser{file: file, lines: strings.Split(string(b), "\n")}
	top := doc.Content[0]
	var rules []Rule
	var excs []Exception
	if top.Kind == yaml.MappingNode && hasKey(top, "id") {
		rules = append(rules, p.rule(top))
		return rules, nil, p.err()
	}
	p.mapping(top, "", map[string]func(*yaml.Node){
		"rules": func(n *yaml.Node) {
			for _, item := range p.seq(n, "rules") {
				rules = append(rules, p.rule(item))
			}
		},
		"exceptions": func(n *yaml.Node) {
			for _, item := range p.seq(n, "exceptions") {
				excs = append(excs, p.exception(item))
			}
		},
	})
	return rules, excs, p.err()
}

type parser struct {
	file  string
	lines []string
	errs  []error
}

// exprPos is the position of the first character of a scalar's text.
func (p *parser) exprPos(n *yaml.Node) Pos {
	pos := p.pos(n)
	switch n.Style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		pos.Line++
		pos.Col = 1
		if pos.Line-1 < len(p.lines) {
			l := p.lines[pos.Line-1]
			pos.Col = len(l) - len(strings.TrimLeft(l, " ")) + 1
		}
	case yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle:
		pos.Col++
	}
	return pos
}

func (p *parser) err() error { return errors.Join(p.errs...) }

func (p *parser) pos(n *yaml.Node) Pos { return Pos{File: p.file, Line: n.Line, Col: n.Column} }

func (p *parser) fail(n *yaml.Node, id, field, msg string) {
	p.errs = append(p.errs, &Error{Pos: p.pos(n), Rule: id, Field: field, Msg: msg})
}

func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

func keyValue(n *yaml.Node, key string) string {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1].Value
		}
	}
	return ""
}

// mapping calls fields[key] for each key of n and reports unknown and
// repeated keys.
func (p *parser) mapping(n *yaml.Node, id string, fields map[string]func(*yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		p.fail(n, id, "", "expected a mapping")
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		f, ok := fields[k.Value]
		switch {
		case !ok:
			p.fail(k, id, k.Value, "unknown field")
		case seen[k.Value]:
			p.fail(k, id, k.Value, "repeated field")
		default:
			seen[k.Value] = true
			f(v)
		}
	}
}

func (p *parser) seq(n *yaml.Node, field string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		p.fail(n, "", field, "expected a list")
		return nil
	}
	return n.Content
}

func (p *parser) str(n *yaml.Node, id, field string, dst *string) {
	if n.Kind != yaml.ScalarNode {
		p.fail(n, id, field, "expected a string")
		return
	}
	*dst = n.Value
}

func (p *parser) strs(n *yaml.Node, id, field string, dst *[]string) {
	if n.Kind == yaml.ScalarNode && n.Value != "" {
		*dst = []string{n.Value}
		return
	}
	for _, item := range p.seq(n, field) {
		var s string
		p.str(item, id, field, &s)
		*dst = append(*dst, s)
	}
}

func (p *parser) rule(n *yaml.Node) Rule {
	r := Rule{Pos: p.pos(n)}
	if n.Kind != yaml.MappingNode {
		p.fail(n, "", "", "a rule must be a mapping")
		return r
	}
	id := keyValue(n, "id")
	p.mapping(n, id, map[string]func(*yaml.Node){
		"id":          func(v *yaml.Node) { p.str(v, id, "id", &r.ID) },
		"title":       func(v *yaml.Node) { p.str(v, id, "title", &r.Title) },
		"description": func(v *yaml.Node) { p.str(v, id, "description", &r.Description) },
		"severity":    func(v *yaml.Node) { p.str(v, id, "severity", (*string)(&r.Severity)) },
		"expr": func(v *yaml.Node) {
			r.ExprPos = p.exprPos(v)
			p.str(v, id, "expr", &r.Expr)
		},
		"tags": func(v *yaml.Node) { p.strs(v, id, "tags", &r.Tags) },
		"scope": func(v *yaml.Node) {
			p.mapping(v, id, map[string]func(*yaml.Node){
				"services":     func(v *yaml.Node) { p.strs(v, id, "scope.services", &r.Scope.Services) },
				"teams":        func(v *yaml.Node) { p.strs(v, id, "scope.teams", &r.Scope.Teams) },
				"environments": func(v *yaml.Node) { p.strs(v, id, "scope.environments", &r.Scope.Environments) },
				"kinds":        func(v *yaml.Node) { p.strs(v, id, "scope.kinds", &r.Scope.Kinds) },
			})
		},
	})
	return r
}

func (p *parser) exception(n *yaml.Node) Exception {
	e := Exception{Pos: p.pos(n)}
	if n.Kind != yaml.MappingNode {
		p.fail(n, "", "", "an exception must be a mapping")
		return e
	}
	id := keyValue(n, "id")
	date := func(field string, dst *time.Time) func(*yaml.Node) {
		return func(v *yaml.Node) {
			var s string
			p.str(v, id, field, &s)
			t, err := parseDate(s)
			if err != nil {
				p.fail(v, id, field, err.Error())
			}
			*dst = t
		}
	}
	p.mapping(n, id, map[string]func(*yaml.Node){
		"id":            func(v *yaml.Node) { p.str(v, id, "id", &e.ID) },
		"by":            func(v *yaml.Node) { p.str(v, id, "by", &e.By) },
		"reason":        func(v *yaml.Node) { p.str(v, id, "reason", &e.Reason) },
		"created":       date("created", &e.Created),
		"expires":       date("expires", &e.Expires),
		"issue":         func(v *yaml.Node) { p.str(v, id, "issue", &e.Issue) },
		"vuln":          func(v *yaml.Node) { p.str(v, id, "vuln", &e.Vuln) },
		"purl":          func(v *yaml.Node) { p.str(v, id, "purl", &e.PURL) },
		"versions":      func(v *yaml.Node) { p.str(v, id, "versions", &e.Versions) },
		"service":       func(v *yaml.Node) { p.str(v, id, "service", &e.Service) },
		"rule":          func(v *yaml.Node) { p.str(v, id, "rule", &e.Rule) },
		"vex":           func(v *yaml.Node) { p.str(v, id, "vex", &e.VEX) },
		"justification": func(v *yaml.Node) { p.str(v, id, "justification", &e.Justification) },
	})
	return e
}

// parseDate reads a date ("2026-12-01", taken as midnight UTC) or an RFC
// 3339 time.
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("want a date (2006-01-02) or an RFC 3339 time, got %q", s)
	}
	return t, nil
}

// singleFS is a file system holding one file of a directory.
type singleFS struct {
	fs.FS
	name string
}

func (s singleFS) Open(name string) (fs.File, error) {
	if name != "." && name != s.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return s.FS.Open(name)
}

func (s singleFS) ReadDir(name string) ([]fs.DirEntry, error) {
	ents, err := fs.ReadDir(s.FS, name)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(ents, func(e fs.DirEntry) bool { return e.Name() != s.name }), nil
}
