package sarif

import (
	"sort"
	"strconv"
	"strings"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/posturekit/posture/aspm"
)

// runCtx is what is known of one run while its results are mapped.
type runCtx struct {
	st       *state
	r        *run
	n        int // the run's index
	tool     aspm.Tool
	toolKind aspm.Kind
	flavor   flavor
	paths    *paths
	// comps are the tool components: the driver first, then extensions.
	comps []*component
	rules [][]*ruleInfo    // per component, by index, filled lazily
	ids   []map[string]int // per component, rule id to index, built lazily
	adhoc map[string]*ruleInfo
	// taxonomies indexes the run's taxonomies by "guid:" and "name:".
	taxonomies map[string]*taxonomy
	// Counts reported once per run.
	unresolved int
	skipped    map[string]int
}

func newRunCtx(st *state, r *run, n int) *runCtx {
	rc := &runCtx{st: st, r: r, n: n, paths: newPaths(r)}
	if d := r.Tool.Driver; d != nil {
		rc.tool = aspm.Tool{Name: strings.TrimSpace(d.Name), Version: deref(d.Version), Vendor: deref(d.Organization)}
		if rc.tool.Version == "" {
			rc.tool.Version = deref(d.SemanticVersion)
		}
		if rc.tool.Version == "" {
			rc.tool.Version = deref(d.DottedQuadFileVersion)
		}
	} else {
		st.doc.Diagnostics = append(st.doc.Diagnostics, aspm.Warnf("/runs/"+strconv.Itoa(n)+"/tool", "run has no tool driver; its tool name is left empty"))
	}
	rc.toolKind, rc.flavor = classifyTool(rc.tool.Name)
	rc.comps = append(rc.comps, r.Tool.Driver)
	rc.comps = append(rc.comps, r.Tool.Extensions...)
	rc.rules = make([][]*ruleInfo, len(rc.comps))
	rc.ids = make([]map[string]int, len(rc.comps))
	return rc
}

func (rc *runCtx) pointer(j int) string {
	b := make([]byte, 0, 32)
	b = append(b, "/runs/"...)
	b = strconv.AppendInt(b, int64(rc.n), 10)
	b = append(b, "/results/"...)
	b = strconv.AppendInt(b, int64(j), 10)
	return string(b)
}

// finish reports what was counted over the run's results.
func (rc *runCtx) finish() {
	doc := rc.st.doc
	ptr := "/runs/" + strconv.Itoa(rc.n) + "/results"
	if rc.unresolved > 0 {
		doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf(ptr, "%d results name a rule the run does not describe; they are read without rule metadata", rc.unresolved))
	}
	if len(rc.skipped) > 0 {
		kinds := make([]string, 0, len(rc.skipped))
		for k := range rc.skipped {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		parts := make([]string, len(kinds))
		for i, k := range kinds {
			parts[i] = strconv.Itoa(rc.skipped[k]) + " " + k
		}
		doc.Diagnostics = append(doc.Diagnostics, aspm.Diagnostic{Level: aspm.DiagInfo, Pointer: ptr,
			Message: "results that report no problem are not findings: " + strings.Join(parts, ", ")})
	}
}

// componentIndex returns the index in comps of a toolComponent reference:
// by its index among the extensions, its guid or its name; -1 when it names
// none. A reference to the driver by name is 0.
func (rc *runCtx) componentIndex(ref *gosarif.ToolComponentReference) int {
	if ref.Index != nil {
		if i := int(*ref.Index) + 1; *ref.Index < uint(len(rc.comps)-1) {
			return i
		}
		return -1
	}
	for i, c := range rc.comps {
		if c == nil {
			continue
		}
		if ref.Guid != nil && c.GUID != nil && strings.EqualFold(*ref.Guid, *c.GUID) {
			return i
		}
		if ref.Name != nil && *ref.Name == c.Name {
			return i
		}
	}
	return -1
}

// ruleFor finds the rule a result names, by ruleIndex or rule.index in the
// tool component the result names (the driver by default), else by id in
// any component. It returns the result's rule id too. A result whose rule
// the run does not describe gets a ruleInfo made from its rule id alone.
func (rc *runCtx) ruleFor(res *result) (*ruleInfo, string) {
	ruleID := deref(res.RuleID)
	idx := res.RuleIndex
	comp := 0
	if ref := res.Rule; ref != nil {
		if ruleID == "" {
			ruleID = deref(ref.Id)
		}
		if idx == nil {
			idx = ref.Index
		}
		if ref.ToolComponent != nil {
			comp = rc.componentIndex(ref.ToolComponent)
		}
	}
	if comp >= 0 && rc.comps[comp] != nil {
		rules := rc.comps[comp].Rules
		if idx != nil && *idx < uint(len(rules)) && rules[*idx] != nil {
			ri := rc.ruleAt(comp, int(*idx))
			if ruleID == "" || ri.id == ruleID || strings.HasPrefix(ruleID, ri.id+"/") {
				if ruleID == "" {
					ruleID = ri.id
				}
				return ri, ruleID
			}
		}
	}
	if ruleID != "" {
		if comp >= 0 {
			if ri := rc.ruleByID(comp, ruleID); ri != nil {
				return ri, ruleID
			}
		}
		for c := range rc.comps {
			if c != comp {
				if ri := rc.ruleByID(c, ruleID); ri != nil {
					return ri, ruleID
				}
			}
		}
	}
	if comp >= 0 && rc.comps[comp] != nil && idx != nil && *idx < uint(len(rc.comps[comp].Rules)) && rc.comps[comp].Rules[*idx] != nil {
		return rc.ruleAt(comp, int(*idx)), ruleID
	}
	if idx != nil || (ruleID != "" && rc.hasRules()) {
		rc.unresolved++
	}
	return rc.adhocRule(ruleID), ruleID
}

func (rc *runCtx) hasRules() bool {
	for _, c := range rc.comps {
		if c != nil && len(c.Rules) > 0 {
			return true
		}
	}
	return false
}

func (rc *runCtx) ruleAt(comp, i int) *ruleInfo {
	if rc.rules[comp] == nil {
		rc.rules[comp] = make([]*ruleInfo, len(rc.comps[comp].Rules))
	}
	if ri := rc.rules[comp][i]; ri != nil {
		return ri
	}
	ri := rc.newRuleInfo(rc.comps[comp].Rules[i], "", rc.comps[comp], comp)
	rc.rules[comp][i] = ri
	return ri
}

// ruleByID looks a rule up by id, then by the id's hierarchical parents
// ("C2001/1" names rule "C2001").
func (rc *runCtx) ruleByID(comp int, id string) *ruleInfo {
	c := rc.comps[comp]
	if c == nil || len(c.Rules) == 0 {
		return nil
	}
	if rc.ids[comp] == nil {
		m := make(map[string]int, len(c.Rules))
		for i := len(c.Rules) - 1; i >= 0; i-- { // the first of duplicates wins
			if c.Rules[i] != nil {
				m[c.Rules[i].ID] = i
			}
		}
		rc.ids[comp] = m
	}
	for {
		if i, ok := rc.ids[comp][id]; ok {
			return rc.ruleAt(comp, i)
		}
		cut := strings.LastIndexByte(id, '/')
		if cut <= 0 {
			return nil
		}
		id = id[:cut]
	}
}

func (rc *runCtx) adhocRule(ruleID string) *ruleInfo {
	if ri, ok := rc.adhoc[ruleID]; ok {
		return ri
	}
	if rc.adhoc == nil {
		rc.adhoc = map[string]*ruleInfo{}
	}
	ri := rc.newRuleInfo(nil, ruleID, rc.comps[0], 0)
	rc.adhoc[ruleID] = ri
	return ri
}
