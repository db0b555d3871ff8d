package correlate

import (
	"maps"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
)

// Option configures Correlate.
type Option func(*config)

type config struct {
	pref     []string
	maxGroup int
	rules    map[string]string
	clock    func() time.Time
	baseline *aspm.Result
}

func newConfig(opts []Option) *config {
	c := &config{pref: []string{"CVE-", "GHSA-"}, maxGroup: 64, rules: DefaultRuleMap(), clock: time.Now}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	return c
}

// WithIDPreference sets the order of id prefixes that chooses an alias
// group's canonical id; the default is "CVE-", then "GHSA-", then any other
// id, with ties broken by the lexically smallest id.
func WithIDPreference(prefixes ...string) Option {
	return func(c *config) { c.pref = prefixes }
}

// WithMaxAliasGroup caps how many ids one alias group may hold (default
// 64); a link that would grow a group past it is not applied and is
// reported as a diagnostic. Real advisories have a handful of aliases; a
// huge group means an input joined unrelated advisories.
func WithMaxAliasGroup(n int) Option {
	return func(c *config) {
		if n > 1 {
			c.maxGroup = n
		}
	}
}

// WithRuleMap adds equivalences between rule ids of different tools: each
// rule id (matched case-insensitively) maps to a canonical check name, and
// findings whose rules map to the same name are compared as one rule. It
// adds to DefaultRuleMap; map a rule to "" to remove a default entry.
func WithRuleMap(m map[string]string) Option {
	return func(c *config) {
		c.rules = maps.Clone(c.rules)
		for k, v := range m {
			if v == "" {
				delete(c.rules, strings.ToLower(k))
				continue
			}
			c.rules[strings.ToLower(k)] = v
		}
	}
}

// WithClock sets the clock for first-seen, last-seen and fixed-at times;
// the default is time.Now. Inject one for reproducible output.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.clock = now
		}
	}
}

// WithBaseline compares the result with a previous one (the JSON result of
// an earlier run, read back): each issue becomes new, unchanged or
// reopened, issues of the baseline that are gone become fixed, and triage
// decisions and first-seen times carry over. See Compare.
func WithBaseline(prev *aspm.Result) Option {
	return func(c *config) { c.baseline = prev }
}
