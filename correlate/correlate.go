package correlate

import (
	"cmp"
	"context"
	"encoding/hex"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/posturekit/posture/aspm"
)

// Result is the outcome of correlation: the issues, the alias groups that
// joined vulnerability ids, and what went wrong on the way.
type Result struct {
	// Issues are sorted by ID.
	Issues []aspm.Issue
	// Findings is the number of findings correlated (the raw count).
	Findings int
	// Groups are the alias groups of two or more ids; Links the statements
	// that made them, each with the input that stated it.
	Groups []AliasGroup
	Links  []AliasLink
	// FixGroups groups vulnerability issues by the upgrade that resolves
	// them.
	FixGroups   []FixGroup
	Diagnostics []aspm.Diagnostic

	members []member // kept so that Merge can correlate again
	cfg     *config
}

// member is one finding with what correlation needs beside it.
type member struct {
	f      *aspm.Finding
	target *aspm.Target
	parent *aspm.Finding // the input finding a split web finding came from
}

// Correlate folds the findings of docs into issues: findings that describe
// the same problem (the same vulnerability in the same package version and
// artifact, the same weakness at the same place in code, the same secret in
// the same file...) become one issue, whatever tool, format or scan they
// come from. It is deterministic: any order of docs and of their findings
// gives the same issues with the same IDs. Issue findings are shared with
// docs, not copied.
func Correlate(ctx context.Context, docs []*aspm.Document, opts ...Option) (*Result, error) {
	cfg := newConfig(opts)
	n := 0
	for _, d := range docs {
		if d != nil {
			n += len(d.Findings)
		}
	}
	ms := make([]member, 0, n)
	var links []AliasLink
	for _, d := range docs {
		if d == nil {
			continue
		}
		for i := range d.Findings {
			ms = appendMembers(ms, &d.Findings[i], d.Source.Target)
		}
		for _, st := range d.Statements {
			for _, al := range st.Vuln.Aliases {
				links = append(links, AliasLink{A: st.Vuln.ID, B: al, Source: d.Source.File})
			}
		}
	}
	return correlate(ctx, cfg, ms, links)
}

// appendMembers adds a finding. A web finding that lists several places
// (a ZAP alert with its instances, say) is one problem per endpoint and
// parameter: it is split into one member per place, each a copy with that
// one location and its own finding ID.
func appendMembers(ms []member, f *aspm.Finding, target *aspm.Target) []member {
	if f.Kind != aspm.KindDAST || len(f.Locations) < 2 {
		return append(ms, member{f: f, target: target})
	}
	seen := map[string]bool{}
	for i, l := range f.Locations {
		k := normURL(l.URL) + "\x00" + strings.ToUpper(l.Method) + "\x00" + l.Parameter
		if seen[k] {
			continue
		}
		seen[k] = true
		c := *f
		c.Locations = f.Locations[i : i+1 : i+1]
		c.Provenance.Pointer += "/locations/" + strconv.Itoa(i)
		c.ID = aspm.FindingID(&c)
		ms = append(ms, member{f: &c, target: target, parent: f})
	}
	return ms
}

// Merge correlates the findings of r and other together, as if they had
// been correlated at once: correlating shards (per repository, per day) and
// merging the results gives the same issues and IDs as one run over all
// inputs, in any order and grouping. Shards must not share findings.
// Baselines are not merged: compare the merged result with Compare. r's
// options apply. Merge returns a new Result; r and other are not changed.
func (r *Result) Merge(ctx context.Context, other *Result) (*Result, error) {
	ms := make([]member, 0, len(r.members)+len(other.members))
	ms = append(append(ms, r.members...), other.members...)
	links := append(slices.Clone(r.Links), other.Links...)
	cfg := *r.cfg
	cfg.baseline = nil
	return correlate(ctx, &cfg, ms, links)
}

func correlate(ctx context.Context, cfg *config, ms []member, extra []AliasLink) (*Result, error) {
	al := newAliases(cfg.pref, cfg.maxGroup)
	// vroots holds, for each member with one advisory, its id (and after
	// finish its group's root), else -1: the keys and the issue need the
	// group, and a second lookup by name costs more than the rest.
	vroots := make([]int32, len(ms))
	for i, m := range ms {
		vroots[i] = -1
		for _, v := range m.f.Vulns {
			if id := al.add(v, m.f.Provenance.File); len(m.f.Vulns) == 1 {
				vroots[i] = id
			}
		}
	}
	for _, l := range extra {
		al.add(aspm.Vuln{ID: aspm.NormalizeVulnID(l.A), Aliases: []string{aspm.NormalizeVulnID(l.B)}}, l.Source)
	}
	if cfg.baseline != nil {
		for _, is := range cfg.baseline.Issues {
			for _, f := range is.Findings {
				for _, v := range f.Vulns {
					al.add(v, "baseline")
				}
			}
		}
	}
	res := &Result{Findings: countInputs(ms), cfg: cfg}
	res.Diagnostics = append(res.Diagnostics, al.finish()...)
	for i, id := range vroots {
		if id >= 0 {
			vroots[i] = al.roots[id]
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fp := &fingerprinter{al: al, rules: cfg.rules, vague: markVague(ms), vroot: -1}
	workers := runtime.GOMAXPROCS(0)

	// The keys of each finding are independent of the others': hash them on
	// every core, each chunk of members in its own slot.
	// sums holds each member's primary key digest: an issue's ID is its
	// canonical member's.
	sums := make([][idBytes]byte, len(ms))
	chunks := keyChunks(ctx, fp, ms, vroots, sums, workers)
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// Union the findings that share an identity key. Keys are indexed by a
	// 128-bit hash to keep the index small; best holds each finding's
	// primary key hash, which orders the members of an issue.
	uf := newUnion(len(ms))
	best := make([]hash128, len(ms))
	for _, pairs := range sharedKeys(chunks, best, workers) {
		for _, p := range pairs {
			uf.union(p[0], p[1])
		}
	}
	nLinks := 0
	for _, c := range chunks {
		nLinks += len(c.links)
	}
	// Link keys are collected flat and grouped by sorting: fewer
	// allocations than a map of slices. A link key joins findings only when
	// different checks of different tools share it: one tool's two rules
	// with one CWE on nearby lines stay apart, and so do two reports of one
	// rule by a renamed tool (their identity keys decide).
	linked := make([]linkMember, 0, nLinks)
	for i := range chunks {
		linked = append(linked, chunks[i].links...)
		chunks[i] = keyChunk{}
	}
	slices.SortFunc(linked, func(a, b linkMember) int { return cmp.Or(a.h.compare(b.h), cmp.Compare(a.idx, b.idx)) })
	for lo := 0; lo < len(linked); {
		hi := lo + 1
		for hi < len(linked) && linked[hi].h == linked[lo].h {
			hi++
		}
		run := linked[lo:hi]
		lo = hi
		if crossTool(ms, run) {
			for _, x := range run[1:] {
				uf.union(x.idx, run[0].idx)
			}
		}
	}
	linked = nil

	// Collect the groups with a counting sort by root.
	start := make([]int32, len(ms)+1)
	roots := make([]int32, len(ms))
	for i := range ms {
		r := uf.find(int32(i))
		roots[i] = r
		start[r+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	order := make([]int32, len(ms))
	fill := slices.Clone(start[:len(ms)])
	for i, r := range roots {
		order[fill[r]] = int32(i)
		fill[r]++
	}
	roots, fill = nil, nil
	// Order each group's members (the first is the canonical member), name
	// the group by its canonical member's primary key, sort the groups by
	// that ID, and only then build each issue, once, in its final place.
	groups := nameGroups(ms, sums, start, order, best, workers)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sortGroups(groups, workers)
	// Issues are independent: build them on every core, each in its own
	// slot, so the result does not depend on the number of workers. Each
	// worker has its own fingerprinter (its rule cache is written).
	res.Issues = make([]aspm.Issue, len(groups))
	// Workers take runs of neighbouring slots, so that no two write to one
	// page or cache line at once.
	// The issues' small slices and strings come from shared arrays: the
	// finding lists from one array in member order (each issue's range is
	// its own), and per run of issues one string of IDs and one array of
	// tool slots, so that most issues cost no allocation of their own.
	found := make([]*aspm.Finding, len(ms))
	var next atomic.Int64
	parallel(min(workers, max(1, len(groups)/4096)), func(int, int) {
		wfp := fp.clone()
		idbuf := make([]byte, issueRun*idLen)
		for {
			lo := int(next.Add(issueRun)) - issueRun
			if lo >= len(groups) {
				return
			}
			run := groups[lo:min(lo+issueRun, len(groups))]
			for k, g := range run {
				putIssueID(idbuf[k*idLen:], g.sum)
			}
			ids := string(idbuf[:len(run)*idLen])
			tools := make([]string, len(run))
			for k, g := range run {
				buildIssue(&res.Issues[lo+k], ids[k*idLen:(k+1)*idLen], tools[k:k:k+1], found[g.lo:g.lo:g.hi],
					wfp, ms, vroots, order[g.lo:g.hi])
			}
		}
	})
	res.Groups = al.groups()
	res.Links = al.linkList()
	res.members = ms
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	now := cfg.clock().UTC()
	if cfg.baseline != nil {
		compare(res, fp, cfg.baseline, now)
	} else {
		for i := range res.Issues {
			is := &res.Issues[i]
			is.Status, is.FirstSeen, is.LastSeen = aspm.LifecycleNew, now, now
		}
	}
	res.FixGroups = fixGroups(res.Issues)
	return res, nil
}

// countInputs counts the input findings behind the members (a split web
// finding counts once).
func countInputs(ms []member) int {
	n := 0
	for i, m := range ms {
		if m.parent == nil || i == 0 || ms[i-1].parent != m.parent {
			n++
		}
	}
	return n
}

// issueRun is the number of neighbouring issues a worker builds at a time.
const issueRun = 2048

// idBytes is the number of digest bytes an issue ID prints.
const idBytes = 12

// idLen is the length of an issue ID.
const idLen = 2 + 2*idBytes

// putIssueID prints an issue's identity into out: "i-" and 24 hex digits
// of a SHA-256 of its primary key.
func putIssueID(out []byte, sum [idBytes]byte) {
	out[0], out[1] = 'i', '-'
	hex.Encode(out[2:idLen], sum[:])
}

// sortMembers puts a group's members in a stable order: by primary key,
// then finding id, file and record, so that the first is the canonical
// member whatever the input order.
func sortMembers(ms []member, idx []int32, best []hash128) {
	slices.SortFunc(idx, func(a, b int32) int {
		if c := best[a].compare(best[b]); c != 0 {
			return c
		}
		fa, fb := ms[a].f, ms[b].f
		return cmp.Or(strings.Compare(fa.ID, fb.ID), strings.Compare(fa.Provenance.File, fb.Provenance.File),
			cmp.Compare(fa.Provenance.Index, fb.Provenance.Index), strings.Compare(fa.Tool.Name, fb.Tool.Name))
	})
}

// buildIssue fills is, which must be the zero Issue, from a group of
// findings, canonical member first. It sets the fields one by one: issues
// are many and large, and writing a whole struct over zeroed memory costs
// as much as the rest of the work.
//
// tool and found are where its tool list (when it has one member) and its
// finding list go: empty, with room for one tool and every member.
func buildIssue(is *aspm.Issue, id string, tool []string, found []*aspm.Finding, fp *fingerprinter, ms []member, vroots, idx []int32) {
	canon := ms[idx[0]].f
	is.ID = id
	is.Kind = canon.Kind
	is.Title = canon.Title
	is.Severity = aspm.SeverityUnknown
	is.Findings = found
	is.Policy = []aspm.Verdict{}
	is.Services = []string{}
	is.Owners = []string{}
	if len(idx) == 1 {
		// Most issues have one finding: share its slices (read-only).
		is.Findings = append(is.Findings, canon)
		if canon.Severity != "" {
			is.Severity = canon.Severity
		}
		is.SeveritySource = canon.Tool.Name
		is.CWEs, is.FixedVersions, is.Locations = canon.CWEs, canon.FixedVersions, canon.Locations
		is.Tools = append(tool, canon.Tool.Name)
		if is.Locations == nil {
			is.Locations = []aspm.Location{}
		}
		finishVulns(fp, is, ms, vroots, idx, canon)
		return
	}
	var cwes []int
	var fixed, tools []string
	seen := fp.locs[:0] // the places listed so far; a map once there are many
	var seenMap map[locID]bool
	titleRank := -1
	for n, i := range idx {
		f := ms[i].f
		is.Findings = append(is.Findings, f)
		if f.Severity.Rank() > is.Severity.Rank() || (n == 0 && f.Severity != "") {
			is.Severity, is.SeveritySource = f.Severity, f.Tool.Name
		}
		// The title of the most severe member, the more descriptive (longer)
		// one on a tie; package issues get theirs from finishVulns.
		if r := f.Severity.Rank(); r > titleRank || (r == titleRank && len(f.Title) > len(is.Title)) {
			is.Title, titleRank = f.Title, r
		}
		cwes = append(cwes, f.CWEs...)
		fixed = append(fixed, f.FixedVersions...)
		tools = append(tools, f.Tool.Name)
		for _, l := range f.Locations {
			k := locKey(l)
			switch {
			case seenMap != nil:
				if seenMap[k] {
					continue
				}
				seenMap[k] = true
			case slices.Contains(seen, k):
				continue
			case len(seen) < 32:
				seen = append(seen, k)
			default:
				seenMap = make(map[locID]bool, 2*len(seen))
				for _, x := range seen {
					seenMap[x] = true
				}
				seenMap[k] = true
			}
			is.Locations = append(is.Locations, l)
		}
		if n > 0 {
			is.Explanation = append(is.Explanation, explain(f, joinedOn(fp, ms, idx[:n], i)))
		}
	}
	fp.locs = seen[:0]
	if is.Locations == nil {
		is.Locations = []aspm.Location{}
	}
	slices.Sort(cwes)
	is.CWEs = slices.Compact(cwes)
	slices.Sort(fixed)
	is.FixedVersions = slices.Compact(fixed)
	slices.Sort(tools)
	is.Tools = slices.Compact(tools)
	finishVulns(fp, is, ms, vroots, idx, canon)
}

// finishVulns sets an issue's vulnerability ids (every id of its groups,
// canonical first) and, for a package issue, its component and title.
func finishVulns(fp *fingerprinter, is *aspm.Issue, ms []member, vroots, idx []int32, canon *aspm.Finding) {
	is.Vulns = []string{}
	if r := vroots[idx[0]]; len(idx) == 1 && r >= 0 {
		// One finding, one advisory: its group, shared (read-only).
		is.Vulns = fp.al.lists[r]
		setPackageTitle(is, canon)
		return
	}
	seen := map[string]bool{}
	var ids []string
	for _, i := range idx {
		for _, v := range ms[i].f.Vulns {
			for _, id := range v.IDs() {
				c := fp.al.canonical(id)
				if !seen[c] {
					seen[c] = true
					ids = append(ids, fp.al.group(c)...) // copies: group is shared
				}
			}
		}
	}
	if len(ids) > 0 {
		slices.SortFunc(ids, func(a, b string) int {
			if fp.al.less(a, b) {
				return -1
			}
			if a == b {
				return 0
			}
			return 1
		})
		is.Vulns = slices.Compact(ids)
	}
	setPackageTitle(is, canon)
}

// locID is a location's identity within an issue: the same place named
// by two members is listed once.
type locID struct {
	file, url, method, param, image, layer, logical, rtype, rname string
	line, col                                                     int
}

func locKey(l aspm.Location) locID {
	k := locID{file: normPath(l.File), url: l.URL, method: l.Method, param: l.Parameter, image: l.Image, layer: l.Layer, logical: l.Logical}
	if l.Region != nil {
		k.line, k.col = l.Region.StartLine, l.Region.StartColumn
	}
	if l.Resource != nil {
		k.rtype, k.rname = l.Resource.Type, l.Resource.Name
	}
	return k
}

// setPackageTitle gives a package issue its component and a title naming
// the vulnerability and the package version.
func setPackageTitle(is *aspm.Issue, canon *aspm.Finding) {
	if canon.Component != nil {
		is.Component = canon.Component.PURL
		if len(is.Vulns) > 0 {
			name := canon.Component.Name
			if !canon.Component.PURL.IsZero() {
				name = canon.Component.PURL.FullName()
			}
			if v := version(canon.Component); v != "" {
				name += "@" + v
			}
			is.Title = is.Vulns[0] + " in " + name
		}
	}
}

// joinedOn returns the key that ties member i to one of the members before
// it in the issue's order: an identity key they share, else a link key of
// another tool. It depends only on the members, never on input order.
func joinedOn(fp *fingerprinter, ms []member, before []int32, i int32) key {
	ids, links := fp.appendKeys(fp.scratch[0][:0], fp.scratch[1][:0], ms[i].f, ms[i].target)
	defer func() { fp.scratch[0], fp.scratch[1] = ids, links }()
	for _, j := range before {
		jids, jlinks := fp.appendKeys(fp.scratch[2][:0], fp.scratch[3][:0], ms[j].f, ms[j].target)
		fp.scratch[2], fp.scratch[3] = jids, jlinks
		for _, k := range ids {
			if slices.Contains(jids, k) {
				return k
			}
		}
		if ms[j].f.Tool.Name != ms[i].f.Tool.Name && ms[j].f.Rule != ms[i].f.Rule {
			for _, k := range links {
				if slices.Contains(jlinks, k) {
					return k
				}
			}
		}
	}
	return ids[0] // joined through a chain of other members
}

// explain says in words why a finding joined its issue.
func explain(f *aspm.Finding, k key) string {
	who := f.Tool.Name + " finding " + f.ID + " from " + f.Provenance.File
	switch k.class {
	case classVuln:
		s := who + ": matched on alias group " + k.a + ", package " + k.b
		if k.c != "" {
			s += " version " + k.c
		}
		switch k.tag {
		case tagFile:
			s += ", found in " + k.d
		case tagImage:
			s += ", in image " + k.d
		case tagPrint:
			s += ", the tool's " + k.c + " " + k.d
		}
		return s
	case classSAST:
		at := map[tag]string{tagSnippet: "the same code (snippet " + short(k.c) + ")", tagPrint: "the tool's fingerprint " + k.c,
			tagLogical: k.c, tagLine: "line " + k.c}[k.tag]
		return who + ": matched on rule " + ruleText(k.rk, k.a) + " in " + k.b + " at " + at
	case classSecret:
		if k.rk != rkNone {
			return who + ": matched on " + ruleText(k.rk, k.a) + " in " + k.b
		}
		return who + ": matched on the same secret (sha256 " + short(k.a) + ") in " + k.b
	case classIaC:
		return who + ": matched on " + ruleText(k.rk, k.a) + " for resource " + k.c + " in " + k.b
	case classDAST:
		return who + ": matched on alert " + ruleText(k.rk, k.a) + " at " + k.c + " " + k.b + " parameter " + k.d
	case classLink:
		return who + ": another tool reports CWE-" + k.a + " at the same place (" + k.b + ")"
	case classLicense:
		return who + ": matched on licence " + ruleText(k.rk, k.a) + " for " + k.b + "@" + k.c
	}
	return who + ": matched on " + ruleText(k.rk, k.a) + " " + k.b + " " + k.c
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// union is a union-find over finding indexes.
type union struct{ parent []int32 }

func newUnion(n int) *union {
	u := &union{parent: make([]int32, n)}
	for i := range u.parent {
		u.parent[i] = int32(i)
	}
	return u
}

func (u *union) find(i int32) int32 {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

// union joins the sets of a and b, the smaller root under the larger index
// order; it reports whether they were apart.
func (u *union) union(a, b int32) bool {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return false
	}
	if ra < rb {
		ra, rb = rb, ra
	}
	u.parent[ra] = rb
	return true
}

func sortStrings(s []string) { slices.Sort(s) }
