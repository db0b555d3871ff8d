package policy

import (
	"math"
	"path"
	"reflect"
	"slices"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/ext"
	"cel.dev/cel-go/interpreter"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/graph"
)

// Input is what one rule sees of one issue: the variables of the CEL
// environment. [NewInput] builds it from an issue and its graph context;
// tests may build it by hand. The cel tags are the names rules use.
type Input struct {
	Issue    IssueInput     `cel:"issue"`
	Services []ServiceInput `cel:"services"`
	Scan     ScanInput      `cel:"scan"`
	// InternetFacing reports whether any service of the issue is reachable
	// from the internet; Production whether any runs in production;
	// DataClasses is the union of the services' data classes.
	InternetFacing bool     `cel:"internet_facing"`
	Production     bool     `cel:"production"`
	DataClasses    []string `cel:"data_classes"`
}

// IssueInput is the issue as rules see it (the variable issue).
type IssueInput struct {
	ID           string   `cel:"id"`
	Kind         string   `cel:"kind"`
	Title        string   `cel:"title"`
	Severity     string   `cel:"severity"`
	SeverityRank int64    `cel:"severity_rank"`
	Vulns        []string `cel:"vulns"`
	CWEs         []int64  `cel:"cwes"`
	// OWASP are the OWASP Top 10 2021 categories ("A03") of the CWEs.
	OWASP         []string `cel:"owasp"`
	Rules         []string `cel:"rules"`
	Component     string   `cel:"component"`
	Type          string   `cel:"type"`
	Package       string   `cel:"package"`
	Version       string   `cel:"version"`
	FixedVersions []string `cel:"fixed_versions"`
	Tools         []string `cel:"tools"`
	Status        string   `cel:"status"`
	Triage        string   `cel:"triage"`
	VEX           string   `cel:"vex"`
	Score         float64  `cel:"score"`
	Priority      string   `cel:"priority"`
	AgeDays       int64    `cel:"age_days"`
	SLAOverdue    bool     `cel:"sla_overdue"`
	SLADaysLeft   int64    `cel:"sla_days_left"`
	KEV           bool     `cel:"kev"`
	EPSS          float64  `cel:"epss"`
	// Factors are the score's factor values by scorer name.
	Factors        map[string]float64 `cel:"factors"`
	Reachability   string             `cel:"reachability"`
	Files          []string           `cel:"files"`
	URLs           []string           `cel:"urls"`
	Resources      []string           `cel:"resources"`
	SecretVerified bool               `cel:"secret_verified"`
	Owners         []string           `cel:"owners"`
	Services       []string           `cel:"service_names"`
}

// ServiceInput is one service of the issue (an element of services).
type ServiceInput struct {
	Name         string   `cel:"name"`
	Tier         string   `cel:"tier"`
	TierRank     int64    `cel:"tier_rank"`
	DataClasses  []string `cel:"data_classes"`
	Exposure     string   `cel:"exposure"`
	Environments []string `cel:"environments"`
	Controls     []string `cel:"controls"`
	Owners       []string `cel:"owners"`
	BusinessUnit string   `cel:"business_unit"`
	Production   bool     `cel:"production"`
}

// ScanInput is the scan metadata (the variable scan).
type ScanInput struct {
	// Time is the evaluation time as RFC 3339 text, Unix its seconds.
	Time  string   `cel:"time"`
	Unix  int64    `cel:"unix"`
	Tools []string `cel:"tools"`
}

// Field counts of the input structs, for cachedObj.
func issueFields() int   { return reflect.TypeFor[IssueInput]().NumField() }
func serviceFields() int { return reflect.TypeFor[ServiceInput]().NumField() }
func scanFields() int    { return reflect.TypeFor[ScanInput]().NumField() }

// Sizes assumed by the compile-time cost estimate for lists, maps and
// strings of the input; the runtime limit catches inputs beyond them.
const (
	estListSize   = 128
	estStringSize = 1024
)

// newEnv builds the CEL environment of rules.
func newEnv() (*cel.Env, error) {
	return cel.NewEnv(
		ext.NativeTypes(reflect.TypeFor[IssueInput](), reflect.TypeFor[ServiceInput](), reflect.TypeFor[ScanInput](), ext.ParseStructTags(true)),
		withCachedFields(),
		ext.Strings(),
		ext.Lists(),
		ext.Sets(),
		cel.Variable("issue", cel.ObjectType("policy.IssueInput")),
		cel.Variable("services", cel.ListType(cel.ObjectType("policy.ServiceInput"))),
		cel.Variable("scan", cel.ObjectType("policy.ScanInput")),
		cel.Variable("internet_facing", cel.BoolType),
		cel.Variable("production", cel.BoolType),
		cel.Variable("data_classes", cel.ListType(cel.StringType)),
	)
}

// sizeEstimator bounds the sizes of the input's values so that the
// compile-time cost estimate of a rule is finite.
type sizeEstimator struct{}

func (sizeEstimator) EstimateSize(n cost.AstNode) *cost.SizeEstimate {
	if len(n.Path()) == 0 {
		return nil
	}
	switch n.Type().Kind() {
	case types.ListKind, types.MapKind:
		return &cost.SizeEstimate{Min: 0, Max: estListSize}
	case types.StringKind, types.BytesKind:
		return &cost.SizeEstimate{Min: 0, Max: estStringSize}
	}
	return nil
}

func (sizeEstimator) EstimateCallCost(string, string, *cost.AstNode, []cost.AstNode) *cost.CallEstimate {
	return nil
}

// activation resolves the variables of one input, converted to CEL values
// once per issue rather than on every reference. A worker reuses one
// activation for all its issues: in holds the current input, and the
// objects of in.Issue and in.Scan keep their addresses.
type activation struct {
	in                                                Input
	issueObj, scanObj                                 *cachedObj
	issue, services, scan, internet, production, data ref.Val
}

func (a *activation) set(adapter types.Adapter) {
	in := &a.in
	if a.issueObj == nil {
		a.issueObj = newCachedObj(adapter, &in.Issue, issueFields())
		a.scanObj = newCachedObj(adapter, &in.Scan, scanFields())
	}
	clear(a.issueObj.cache)
	clear(a.scanObj.cache)
	a.issue, a.scan = a.issueObj, a.scanObj
	svcs := make([]ref.Val, len(in.Services))
	for i := range in.Services {
		svcs[i] = newCachedObj(adapter, &in.Services[i], serviceFields())
	}
	a.services = types.NewRefValList(adapter, svcs)
	a.internet = types.Bool(in.InternetFacing)
	a.production = types.Bool(in.Production)
	a.data = adapter.NativeToValue(in.DataClasses)
}

func (a *activation) ResolveName(name string) (any, bool) {
	switch name {
	case "issue":
		return a.issue, true
	case "services":
		return a.services, true
	case "scan":
		return a.scan, true
	case "internet_facing":
		return a.internet, true
	case "production":
		return a.production, true
	case "data_classes":
		return a.data, true
	}
	return nil, false
}

func (a *activation) Parent() interpreter.Activation { return nil }

// NewInput builds the rule input of an issue from the issue, its graph
// context, the scan and the evaluation time.
func NewInput(is *aspm.Issue, ic graph.IssueContext, scan ScanInput, now time.Time) Input {
	return newInput(is, ic, scan, now)
}

func newInput(is *aspm.Issue, ic graph.IssueContext, scan ScanInput, now time.Time) Input {
	in := Input{Scan: scan, Services: make([]ServiceInput, 0, len(ic.Services)), DataClasses: []string{}}
	in.Issue = issueInput(is, now)
	for _, s := range ic.Services {
		si := ServiceInput{
			Name: s.Name, Tier: string(s.Tier), TierRank: int64(s.Tier.Rank()), Exposure: string(s.Exposure),
			BusinessUnit: s.BusinessUnit, Owners: nonNil(s.Owners),
			DataClasses: strs(s.DataClasses), Environments: strs(s.Environments), Controls: strs(s.Controls),
		}
		for _, e := range s.Environments {
			si.Production = si.Production || e.IsProduction()
		}
		in.InternetFacing = in.InternetFacing || s.Exposure == aspm.ExposureInternet
		in.Production = in.Production || si.Production
		in.Services = append(in.Services, si)
	}
	in.Production = in.Production || ic.Production
	in.InternetFacing = in.InternetFacing || ic.Exposure == aspm.ExposureInternet
	in.DataClasses = strs(ic.DataClasses)
	in.Issue.Owners = sortedUnion(in.Issue.Owners, ic.Owners)
	names := make([]string, 0, len(in.Services))
	for _, s := range in.Services {
		names = append(names, s.Name)
	}
	in.Issue.Services = sortedUnion(in.Issue.Services, names)
	return in
}

func issueInput(is *aspm.Issue, now time.Time) IssueInput {
	ii := IssueInput{
		ID: is.ID, Kind: string(is.Kind), Title: is.Title, Severity: string(is.Severity),
		SeverityRank: int64(is.Severity.Rank()), Vulns: nonNil(is.Vulns), FixedVersions: nonNil(is.FixedVersions),
		Tools: nonNil(is.Tools), Status: string(is.Status), Priority: string(is.Priority),
		Owners: slices.Clone(is.Owners), Services: slices.Clone(is.Services), CWEs: make([]int64, 0, len(is.CWEs)),
	}
	if ii.Severity == "" {
		ii.Severity = string(aspm.SeverityUnknown)
	}
	if !is.Component.IsZero() {
		ii.Component, ii.Type, ii.Version = is.Component.String(), is.Component.Type(), is.Component.Version()
		ii.Package = is.Component.FullName()
	}
	for _, c := range is.CWEs {
		ii.CWEs = append(ii.CWEs, int64(c))
	}
	ii.OWASP = owaspOf(is.CWEs)
	if is.Triage != nil {
		ii.Triage = string(is.Triage.Status)
		if is.Triage.VEX != nil {
			ii.VEX = string(is.Triage.VEX.State)
		}
	}
	ii.Factors = map[string]float64{}
	if is.Score != nil {
		ii.Score = is.Score.Value
		for _, f := range is.Score.Factors {
			ii.Factors[f.Name] = f.Value
		}
		ii.KEV = ii.Factors["kev"] > 0
		ii.EPSS = ii.Factors["epss"]
	}
	if !is.FirstSeen.IsZero() && now.After(is.FirstSeen) {
		ii.AgeDays = int64(now.Sub(is.FirstSeen) / (24 * time.Hour))
	}
	if !is.SLADue.IsZero() {
		left := is.SLADue.Sub(now)
		ii.SLAOverdue = left < 0
		ii.SLADaysLeft = int64(math.Floor(left.Hours() / 24))
	}
	var files, urls, res, rules []string
	addLoc := func(l *aspm.Location) {
		if l.File != "" {
			files = append(files, path.Clean(l.File))
		}
		if l.URL != "" {
			urls = append(urls, l.URL)
		}
		if l.Resource != nil && l.Resource.Name != "" {
			res = append(res, l.Resource.Name)
		}
	}
	for i := range is.Locations {
		addLoc(&is.Locations[i])
	}
	best := aspm.ReachUnknown
	for _, f := range is.Findings {
		if f == nil {
			continue
		}
		if f.Rule != "" {
			rules = append(rules, f.Rule)
		}
		for i := range f.Locations {
			addLoc(&f.Locations[i])
		}
		if f.Secret != nil && f.Secret.Verified {
			ii.SecretVerified = true
		}
		if f.Reachability != nil && reachRank(f.Reachability.Level) > reachRank(best) {
			best = f.Reachability.Level
		}
		if ii.VEX == "" && f.VEX != nil {
			ii.VEX = string(f.VEX.State)
		}
	}
	ii.Reachability = string(best)
	ii.Files, ii.URLs, ii.Resources, ii.Rules = sortedSet(files), sortedSet(urls), sortedSet(res), sortedSet(rules)
	return ii
}

func reachRank(l aspm.ReachabilityLevel) int {
	switch l {
	case aspm.ReachUnreachable:
		return 1
	case aspm.ReachModule:
		return 2
	case aspm.ReachPackage:
		return 3
	case aspm.ReachFunction:
		return 4
	}
	return 0
}

// sortedSet sorts s and drops repeats, in place; nil becomes empty.
func sortedSet(s []string) []string {
	if len(s) == 0 {
		return []string{}
	}
	slices.Sort(s)
	return slices.Compact(s)
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func strs[T ~string](in []T) []string {
	out := make([]string, len(in))
	for i, v := range in {
		out[i] = string(v)
	}
	return out
}

func sortedUnion(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	out = slices.Compact(out)
	if out == nil {
		return []string{}
	}
	return out
}

// withinEstimate reports whether every list, map and string of the input
// is within the sizes the compile-time cost estimate assumed.
func (in *Input) withinEstimate() bool {
	ii := &in.Issue
	for _, n := range []int{len(ii.Vulns), len(ii.CWEs), len(ii.OWASP), len(ii.Rules), len(ii.FixedVersions), len(ii.Tools),
		len(ii.Factors), len(ii.Files), len(ii.URLs), len(ii.Resources), len(ii.Owners), len(ii.Services),
		len(in.Services), len(in.DataClasses), len(in.Scan.Tools)} {
		if n > estListSize {
			return false
		}
	}
	strOK := func(ss ...string) bool {
		for _, s := range ss {
			if len(s) > estStringSize {
				return false
			}
		}
		return true
	}
	if !strOK(ii.ID, ii.Kind, ii.Title, ii.Severity, ii.Component, ii.Type, ii.Package, ii.Version, ii.Status, ii.Triage,
		ii.VEX, ii.Priority, ii.Reachability, in.Scan.Time) {
		return false
	}
	for _, l := range [][]string{ii.Vulns, ii.OWASP, ii.Rules, ii.FixedVersions, ii.Tools, ii.Files, ii.URLs, ii.Resources,
		ii.Owners, ii.Services, in.DataClasses, in.Scan.Tools} {
		if !strOK(l...) {
			return false
		}
	}
	for k := range ii.Factors {
		if !strOK(k) {
			return false
		}
	}
	for i := range in.Services {
		s := &in.Services[i]
		if len(s.DataClasses) > estListSize || len(s.Environments) > estListSize || len(s.Controls) > estListSize || len(s.Owners) > estListSize ||
			!strOK(s.Name, s.Tier, s.Exposure, s.BusinessUnit) || !strOK(s.DataClasses...) || !strOK(s.Environments...) ||
			!strOK(s.Controls...) || !strOK(s.Owners...) {
			return false
		}
	}
	return true
}
