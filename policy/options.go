package policy

import (
	"runtime"
	"time"
)

// DefaultCostLimit is the default CEL cost limit of one rule on one issue.
// Ordinary rules cost well under a hundred.
const DefaultCostLimit = 1_000_000

// Option configures [Load], [Compile] and [Evaluate].
type Option func(*config)

type config struct {
	costLimit  uint64
	clock      func() time.Time
	policy     *Policy
	exceptions []Exception
	scanTools  []string
	catalog    *Catalog
	workers    int
}

func newConfig(opts []Option) *config {
	c := &config{costLimit: DefaultCostLimit, clock: time.Now, workers: runtime.GOMAXPROCS(0)}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	return c
}

// WithCostLimit sets the CEL cost limit of one rule on one issue (default
// [DefaultCostLimit]). Compile rejects a rule whose estimated worst cost
// exceeds it; Evaluate stops a rule that reaches it, with an error.
func WithCostLimit(n uint64) Option { return func(c *config) { c.costLimit = n } }

// WithClock sets the clock that decides which exceptions have expired and
// how old issues are (default time.Now).
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.clock = now
		}
	}
}

// WithPolicy sets the compiled rules and exceptions Evaluate applies.
func WithPolicy(p *Policy) Option { return func(c *config) { c.policy = p } }

// WithExceptions adds exceptions to those of the policy.
func WithExceptions(ex ...Exception) Option {
	return func(c *config) { c.exceptions = append(c.exceptions, ex...) }
}

// WithScanTools names the tools of the scan (the variable scan.tools).
func WithScanTools(tools ...string) Option {
	return func(c *config) { c.scanTools = append(c.scanTools, tools...) }
}

// WithCatalog replaces the framework catalogue that tags are checked
// against and the compliance report is built from (default
// [DefaultCatalog]).
func WithCatalog(cat *Catalog) Option { return func(c *config) { c.catalog = cat } }

// WithWorkers sets how many goroutines Evaluate splits the issues among
// (default GOMAXPROCS; small inputs use one). The report is the same
// whatever the number.
func WithWorkers(n int) Option { return func(c *config) { c.workers = n } }
