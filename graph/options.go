package graph

import "log/slog"

// Option configures a Graph.
type Option func(*config)

type config struct {
	log        *slog.Logger
	maxPaths   int
	maxSteps   int
	issuePaths int
}

func newConfig(opts []Option) config {
	c := config{log: slog.New(slog.DiscardHandler), maxPaths: 100, maxSteps: 1_000_000, issuePaths: 10}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return c
}

// WithLogger sets the logger for notes about the inputs (dangling
// references, edges that name nothing); the default discards them.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.log = l
		}
	}
}

// WithMaxPaths bounds how many dependency paths one query returns as
// evidence (default 100); results say when paths were left out.
func WithMaxPaths(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.maxPaths = n
		}
	}
}

// WithMaxPathSteps bounds the work of one path search, in nodes visited
// (default 1,000,000): a dense graph has more paths than anyone can read,
// and the search stops, saying so, instead of running for ever.
func WithMaxPathSteps(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.maxSteps = n
		}
	}
}

// WithIssuePaths bounds the dependency paths IssueContext returns for one
// issue (default 10).
func WithIssuePaths(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.issuePaths = n
		}
	}
}
