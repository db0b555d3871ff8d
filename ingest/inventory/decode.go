package inventory

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Format names the inventory format.
const Format aspm.Format = "posture-inventory"

// SchemaV1 is the value of an inventory's optional "schema" key.
const SchemaV1 = "posture-inventory/v1"

// DefaultMaxProblems is how many problems Decode reports before it stops
// looking for more.
const DefaultMaxProblems = 20

// Decoder reads inventory files. The zero value is ready to use; it is
// stateless and safe for concurrent use.
//
// Decoder is not an ingest.Decoder: an inventory is context, not scanner
// output, so it is never detected among scanner outputs. Pass it
// explicitly (posture's --inventory flag).
type Decoder struct {
	// MaxProblems bounds the problems one Decode reports (default
	// DefaultMaxProblems).
	MaxProblems int
}

// Format returns "posture-inventory".
func (*Decoder) Format() aspm.Format { return Format }

var reSchema = regexp.MustCompile(`(?m)^schema:\s*["']?posture-inventory/`)

// Detect reports whether head looks like an inventory: a top-level
// "schema: posture-inventory/..." line.
func (*Decoder) Detect(head []byte) bool { return reSchema.Match(head) }

// Decode reads an inventory from r; name is the file's name for errors and
// for [aspm.Inventory].File. It honours ctx's cancellation and the byte and
// record limits that ingest's registry puts in ctx (see ingest.Limits).
//
// Every problem is an [*Error] naming the file, line, column and field;
// several are joined with errors.Join, so errors.As finds the first.
func (d *Decoder) Decode(ctx context.Context, name string, r io.Reader) (*aspm.Inventory, error) {
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		if errors.Is(err, decode.ErrTooLarge) {
			return nil, &Error{File: name, Err: fmt.Errorf("%w: %w", ErrTooLarge, err)}
		}
		return nil, err
	}
	root, err := parseYAML(name, data)
	if err != nil {
		return nil, err
	}
	maxProblems := d.MaxProblems
	if maxProblems <= 0 {
		maxProblems = DefaultMaxProblems
	}
	p := &parser{file: name, max: maxProblems, budget: decode.LimitsFrom(ctx).MaxRecords}
	inv := p.inventory(root)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	inv.File = name
	return inv, nil
}

// Decode reads an inventory with the zero Decoder.
func Decode(ctx context.Context, name string, r io.Reader) (*aspm.Inventory, error) {
	var d Decoder
	return d.Decode(ctx, name, r)
}

// DecodeFile opens path and reads it as an inventory.
func DecodeFile(ctx context.Context, path string) (*aspm.Inventory, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Decode(ctx, path, f)
}

var reYAMLLine = regexp.MustCompile(`line (\d+)`)

// parseYAML parses the first YAML document of data into a node tree. A
// second document is an error: an inventory is one document.
func parseYAML(name string, data []byte) (root *yaml.Node, err error) {
	defer func() {
		// The YAML library is third-party code reading untrusted input: a
		// panic in it is reported as a syntax error, never passed on.
		if r := recover(); r != nil {
			root, err = nil, &Error{File: name, Err: fmt.Errorf("%w: %v", ErrSyntax, r)}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{File: name, Err: ErrEmpty}
		}
		e := &Error{File: name, Err: fmt.Errorf("%w: %s", ErrSyntax, strings.TrimPrefix(err.Error(), "yaml: "))}
		if m := reYAMLLine.FindStringSubmatch(err.Error()); m != nil {
			e.Line, _ = strconv.Atoi(m[1])
		}
		return nil, e
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, &Error{File: name, Line: extra.Line, Column: extra.Column, Err: fmt.Errorf("%w: more than one YAML document", ErrSyntax)}
	} else if !errors.Is(err, io.EOF) {
		e := &Error{File: name, Err: fmt.Errorf("%w: %s", ErrSyntax, strings.TrimPrefix(err.Error(), "yaml: "))}
		if m := reYAMLLine.FindStringSubmatch(err.Error()); m != nil {
			e.Line, _ = strconv.Atoi(m[1])
		}
		return nil, e
	}
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return nil, &Error{File: name, Err: ErrEmpty}
		}
		return doc.Content[0], nil
	}
	return &doc, nil
}

// parser walks the node tree and collects problems.
type parser struct {
	file   string
	errs   []error
	max    int
	budget int // nodes left to visit: aliases cannot blow the walk up
	over   bool
	merged map[*yaml.Node][]pair // the expanded entries of mappings merged with "<<"
}

func (p *parser) fail(n *yaml.Node, field string, err error) {
	if len(p.errs) >= p.max {
		return
	}
	e := &Error{File: p.file, Field: field, Err: err}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	p.errs = append(p.errs, e)
}

func (p *parser) failf(n *yaml.Node, field string, sentinel error, format string, args ...any) {
	p.fail(n, field, fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...))
}

// resolve follows aliases and counts the node against the budget; it
// returns nil once the budget is spent.
func (p *parser) resolve(n *yaml.Node) *yaml.Node {
	for hops := 0; n != nil && n.Kind == yaml.AliasNode; hops++ {
		if hops > 64 {
			return nil
		}
		n = n.Alias
	}
	p.budget--
	if p.budget < 0 {
		if !p.over {
			p.over = true
			p.fail(n, "", fmt.Errorf("%w: more YAML nodes than the record limit", ErrTooLarge))
		}
		return nil
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// pair is one key and its value in a mapping.
type pair struct {
	key   string
	kn, v *yaml.Node
}

// pairs returns the entries of a mapping with YAML merge keys ("<<")
// expanded; keys written in the mapping override merged ones. A key given
// twice is a problem.
func (p *parser) pairs(n *yaml.Node, field string) []pair {
	return p.pairsDepth(n, field, 0)
}

func (p *parser) pairsDepth(n *yaml.Node, field string, depth int) []pair {
	if n.Kind != yaml.MappingNode {
		p.failf(n, field, ErrInvalid, "want a mapping, have %s", kindName(n))
		return nil
	}
	var own, merged []pair
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn := p.resolve(n.Content[i])
		v := p.resolve(n.Content[i+1])
		if kn == nil || v == nil {
			return nil
		}
		if kn.Kind != yaml.ScalarNode {
			p.failf(kn, field, ErrInvalid, "a key must be a string, have %s", kindName(kn))
			continue
		}
		if kn.Tag == "!!merge" {
			if depth > 8 {
				p.failf(kn, field, ErrInvalid, "merge keys nested too deep")
				continue
			}
			srcs := []*yaml.Node{v}
			if v.Kind == yaml.SequenceNode {
				srcs = v.Content
			}
			for _, s := range srcs {
				if s = p.resolve(s); s == nil {
					continue
				}
				// A mapping merged many times (through aliases) is expanded
				// once.
				ps, done := p.merged[s]
				if !done {
					ps = p.pairsDepth(s, field, depth+1)
					if p.merged == nil {
						p.merged = map[*yaml.Node][]pair{}
					}
					p.merged[s] = ps
				}
				merged = append(merged, ps...)
			}
			continue
		}
		if seen[kn.Value] {
			p.failf(kn, join(field, kn.Value), ErrInvalid, "key %q given twice", kn.Value)
			continue
		}
		seen[kn.Value] = true
		own = append(own, pair{key: kn.Value, kn: kn, v: v})
	}
	for _, m := range merged {
		if !seen[m.key] {
			seen[m.key] = true
			own = append(own, m)
		}
	}
	return own
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "null"
		}
		return "a " + strings.TrimPrefix(n.ShortTag(), "!!")
	}
	return "an unexpected node"
}

func join(field, key string) string {
	if field == "" {
		return key
	}
	return field + "." + key
}

func (p *parser) unknown(pr pair, field string, known []string) {
	p.failf(pr.kn, join(field, pr.key), ErrUnknownKey, "unknown key %q (known keys: %s)", pr.key, strings.Join(known, ", "))
}

// scalar returns a scalar's text; null is "" and anything else a problem.
func (p *parser) scalar(n *yaml.Node, field string) (string, bool) {
	if isNull(n) {
		return "", true
	}
	if n.Kind != yaml.ScalarNode {
		p.failf(n, field, ErrInvalid, "want a string, have %s", kindName(n))
		return "", false
	}
	return strings.TrimSpace(n.Value), true
}

// list returns the scalars of a list; a single scalar is a list of one and
// null an empty list. fn is called with each element's node and field.
func (p *parser) list(n *yaml.Node, field string, fn func(v string, n *yaml.Node, field string)) {
	switch {
	case isNull(n):
	case n.Kind == yaml.ScalarNode:
		v, _ := p.scalar(n, field)
		if v == "" {
			p.failf(n, field, ErrMissing, "empty value")
			return
		}
		fn(v, n, field)
	case n.Kind == yaml.SequenceNode:
		for i, c := range n.Content {
			f := fmt.Sprintf("%s[%d]", field, i)
			if c = p.resolve(c); c == nil {
				return
			}
			v, ok := p.scalar(c, f)
			if !ok {
				continue
			}
			if v == "" {
				p.failf(c, f, ErrMissing, "empty value")
				continue
			}
			fn(v, c, f)
		}
	default:
		p.failf(n, field, ErrInvalid, "want a list, have %s", kindName(n))
	}
}

func (p *parser) stringList(n *yaml.Node, field string) []string {
	var out []string
	p.list(n, field, func(v string, _ *yaml.Node, _ string) { out = append(out, v) })
	return out
}

var (
	topKeys     = []string{"schema", "teams", "services"}
	teamKeys    = []string{"name", "parent", "contact"}
	serviceKeys = []string{"name", "description", "owners", "business_unit", "tier", "data_classes", "exposure",
		"environments", "repos", "images", "sboms", "scans", "components", "controls"}
)

func (p *parser) inventory(root *yaml.Node) *aspm.Inventory {
	inv := &aspm.Inventory{}
	if root = p.resolve(root); root == nil {
		return inv
	}
	if root.Kind != yaml.MappingNode {
		p.failf(root, "", ErrInvalid, "an inventory is a mapping with teams and services, have %s", kindName(root))
		return inv
	}
	var teamNodes []teamPos
	for _, pr := range p.pairs(root, "") {
		switch pr.key {
		case "schema":
			if v, ok := p.scalar(pr.v, "schema"); ok && v != SchemaV1 {
				p.failf(pr.v, "schema", ErrInvalid, "unsupported schema %q (want %q)", v, SchemaV1)
			}
		case "teams":
			inv.Teams, teamNodes = p.teams(pr.v)
		case "services":
			inv.Services = p.services(pr.v)
		default:
			if strings.HasPrefix(pr.key, "x-") {
				continue // an extension: a place for anchors, ignored
			}
			p.unknown(pr, "", topKeys)
		}
	}
	p.checkCycles(inv.Teams, teamNodes)
	return inv
}

// items returns the elements of a list field.
func (p *parser) items(n *yaml.Node, field string) []*yaml.Node {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.failf(n, field, ErrInvalid, "want a list, have %s", kindName(n))
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, c := range n.Content {
		if c = p.resolve(c); c == nil {
			break
		}
		out = append(out, c)
	}
	return out
}

// teamPos is where a team's parent is written: its node (the team's own
// when it has no parent) and the team's index in the list.
type teamPos struct {
	n     *yaml.Node
	index int
}

func (p *parser) teams(n *yaml.Node) ([]aspm.Team, []teamPos) {
	var teams []aspm.Team
	var nodes []teamPos
	names := map[string]int{}
	for i, item := range p.items(n, "teams") {
		field := fmt.Sprintf("teams[%d]", i)
		var t aspm.Team
		at := item
		for _, pr := range p.pairs(item, field) {
			f := join(field, pr.key)
			switch pr.key {
			case "name":
				t.Name, _ = p.scalar(pr.v, f)
			case "parent":
				t.Parent, _ = p.scalar(pr.v, f)
				at = pr.v
			case "contact":
				t.Contact, _ = p.scalar(pr.v, f)
			default:
				p.unknown(pr, field, teamKeys)
			}
		}
		if item.Kind != yaml.MappingNode {
			continue
		}
		if t.Name == "" {
			p.failf(item, join(field, "name"), ErrMissing, "a team needs a name")
			continue
		}
		if j, dup := names[t.Name]; dup {
			p.failf(item, join(field, "name"), ErrDuplicate, "team %q is also teams[%d]", t.Name, j)
			continue
		}
		names[t.Name] = i
		teams = append(teams, t)
		nodes = append(nodes, teamPos{at, i})
	}
	return teams, nodes
}

// checkCycles reports each cycle of parent teams once, at the parent field
// of its first team in file order.
func (p *parser) checkCycles(teams []aspm.Team, pos []teamPos) {
	parent := make(map[string]string, len(teams))
	for _, t := range teams {
		parent[t.Name] = t.Parent
	}
	reported := map[string]bool{}
	for i, t := range teams {
		chain := []string{t.Name}
		on := map[string]bool{t.Name: true}
		for cur := t.Parent; cur != ""; cur = parent[cur] {
			if on[cur] {
				if cur != t.Name || reported[t.Name] {
					break // a cycle above this team, reported from its own members
				}
				chain = append(chain, cur)
				for _, c := range chain {
					reported[c] = true
				}
				p.failf(pos[i].n, fmt.Sprintf("teams[%d].parent", pos[i].index), ErrCycle, "%s", strings.Join(chain, " → "))
				break
			}
			on[cur] = true
			chain = append(chain, cur)
		}
	}
}

func (p *parser) services(n *yaml.Node) []aspm.Service {
	var out []aspm.Service
	names := map[string]int{}
	for i, item := range p.items(n, "services") {
		field := fmt.Sprintf("services[%d]", i)
		s, ok := p.service(item, field)
		if !ok {
			continue
		}
		if j, dup := names[s.Name]; dup {
			p.failf(item, join(field, "name"), ErrDuplicate, "service %q is also services[%d]", s.Name, j)
			continue
		}
		names[s.Name] = i
		out = append(out, s)
	}
	return out
}

func (p *parser) service(item *yaml.Node, field string) (aspm.Service, bool) {
	var s aspm.Service
	if item.Kind != yaml.MappingNode {
		p.failf(item, field, ErrInvalid, "a service is a mapping, have %s", kindName(item))
		return s, false
	}
	for _, pr := range p.pairs(item, field) {
		f := join(field, pr.key)
		switch pr.key {
		case "name":
			s.Name, _ = p.scalar(pr.v, f)
		case "description":
			s.Description, _ = p.scalar(pr.v, f)
		case "owners":
			s.Owners = p.stringList(pr.v, f)
		case "business_unit":
			s.BusinessUnit, _ = p.scalar(pr.v, f)
		case "tier":
			if v, ok := p.scalar(pr.v, f); ok && v != "" {
				t, ok := aspm.ParseTier(v)
				if !ok {
					p.failf(pr.v, f, ErrInvalid, "unknown tier %q (use 1 to 4 or critical, high, medium, low)", v)
				}
				s.Tier = t
			}
		case "data_classes":
			p.list(pr.v, f, func(v string, n *yaml.Node, f string) {
				d := aspm.DataClass(strings.ToLower(v))
				if !d.Valid() {
					p.failf(n, f, ErrInvalid, "unknown data class %q (known: %s)", v, joinStrings(aspm.DataClasses()))
					return
				}
				s.DataClasses = append(s.DataClasses, d)
			})
		case "exposure":
			if v, ok := p.scalar(pr.v, f); ok && v != "" {
				e := aspm.Exposure(strings.ToLower(v))
				if !e.Valid() {
					p.failf(pr.v, f, ErrInvalid, "unknown exposure %q (known: %s)", v, joinStrings(aspm.Exposures()))
				}
				s.Exposure = e
			}
		case "environments":
			p.list(pr.v, f, func(v string, _ *yaml.Node, _ string) { s.Environments = append(s.Environments, aspm.Environment(v)) })
		case "repos":
			s.Repos = p.stringList(pr.v, f)
		case "images":
			s.Images = p.stringList(pr.v, f)
		case "sboms":
			p.list(pr.v, f, func(v string, n *yaml.Node, f string) {
				if _, err := path.Match(v, ""); err != nil {
					p.failf(n, f, ErrInvalid, "malformed glob %q", v)
					return
				}
				s.SBOMs = append(s.SBOMs, v)
			})
		case "scans":
			p.list(pr.v, f, func(v string, n *yaml.Node, f string) {
				if _, err := path.Match(v, ""); err != nil {
					p.failf(n, f, ErrInvalid, "malformed glob %q", v)
					return
				}
				s.Scans = append(s.Scans, v)
			})
		case "components":
			p.list(pr.v, f, func(v string, n *yaml.Node, f string) {
				pu, err := aspm.ParsePURL(v)
				if err != nil {
					p.failf(n, f, ErrInvalid, "%v", err)
					return
				}
				s.Components = append(s.Components, pu)
			})
		case "controls":
			p.list(pr.v, f, func(v string, n *yaml.Node, f string) {
				c := aspm.Control(strings.ToLower(v))
				if !c.Valid() {
					p.failf(n, f, ErrInvalid, "unknown control %q (known: %s, or x-NAME for your own)", v, joinStrings(aspm.Controls()))
					return
				}
				s.Controls = append(s.Controls, c)
			})
		default:
			p.unknown(pr, field, serviceKeys)
		}
	}
	if s.Name == "" {
		p.failf(item, join(field, "name"), ErrMissing, "a service needs a name")
		return s, false
	}
	s.DataClasses = sortedUnique(s.DataClasses)
	s.Controls = sortedUnique(s.Controls)
	return s, true
}

func sortedUnique[T ~string](s []T) []T {
	slices.Sort(s)
	return slices.Compact(s)
}

func joinStrings[T ~string](vs []T) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return strings.Join(out, ", ")
}
