package builtin

import (
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/score"
	"github.com/posturekit/posture/score/business"
	"github.com/posturekit/posture/score/cvss"
	"github.com/posturekit/posture/score/epss"
	"github.com/posturekit/posture/score/kev"
	"github.com/posturekit/posture/score/reachability"
	"github.com/posturekit/posture/score/ssvc"
)

// Config says what the built-in scorers read. Its zero value scores by
// CVSS, SSVC, reachability and business context, without exploit
// intelligence.
type Config struct {
	// EPSS and KEV are loaded data (nil: none; their scorers then have no
	// opinion).
	EPSS *epss.Data
	KEV  *kev.Catalog
	// CVSS sets the CVSS source preference and the like.
	CVSS []cvss.Option
	// Clock ages the EPSS and KEV data (time.Now when nil).
	Clock func() time.Time
}

// Scorers returns engine options adding every built-in scorer with its
// weight from [score.DefaultWeights], in this order: cvss, epss, kev,
// ssvc, reachability, business. The CVSS scorer (and its vector cache) is
// shared with SSVC.
func Scorers(c Config) []score.Option {
	w := score.DefaultWeights()
	cv := cvss.New(c.CVSS...)
	clock := c.Clock
	if clock == nil {
		clock = time.Now
	}
	return []score.Option{
		score.WithScorer(cv, w[cvss.Name]),
		score.WithScorer(epss.New(c.EPSS, epss.WithClock(clock)), w[epss.Name]),
		score.WithScorer(kev.New(c.KEV, kev.WithClock(clock)), w[kev.Name]),
		score.WithScorer(ssvc.New(ssvc.WithCVSS(cv), ssvc.WithKEV(c.KEV), ssvc.WithEPSS(c.EPSS)), w[ssvc.Name]),
		score.WithScorer(reachability.New(), w[reachability.Name]),
		score.WithScorer(business.New(), w[business.Name]),
	}
}

// New returns an engine with every built-in scorer; opts come after the
// scorers, so that [score.WithWeights] or [score.WithConfig] among them
// retune the weights.
func New(c Config, opts ...score.Option) *score.Engine {
	return score.New(append(Scorers(c), opts...)...)
}

// Diagnostics reports what is wrong with the EPSS and KEV data: rows that
// could not be read, and data older than 30 days at the clock's time.
func Diagnostics(c Config) []aspm.Diagnostic {
	clock := c.Clock
	if clock == nil {
		clock = time.Now
	}
	now := clock()
	return append(c.EPSS.Check(now, epss.DefaultMaxAge), c.KEV.Check(now, kev.DefaultMaxAge)...)
}
