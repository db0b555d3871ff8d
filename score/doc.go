// Package score turns correlated issues into a short list ordered by real
// risk, and says why: each issue gets a score from 0 to 100 made of
// factors, one per [Scorer], each with what it looked at (Input), its
// opinion (Value in [0,1]), its normalised weight and its contribution
// in points; the contributions add up to the score. From the score come a
// priority bucket (P0 to P4, or the user's own) and an SLA due date.
//
// # Scorers
//
// A [Scorer] judges one issue with the context graph at hand
// ([graph.View]) and may have no opinion, in which case it is left out
// and the weights of the others are renormalised. The built-in scorers are
// leaf packages, wired together by package score/builtin:
//
//   - score/cvss: CVSS v2.0, v3.0, v3.1 and v4.0 base scores from the
//     findings' vectors, by a source preference (NVD, then GHSA/vendor);
//   - score/epss: FIRST's EPSS probability from the daily CSV file;
//   - score/kev: CISA's Known Exploited Vulnerabilities catalog;
//   - score/ssvc: CISA's SSVC decision tree (track, track*, attend, act);
//   - score/reachability: govulncheck levels and SARIF code flows;
//   - score/business: tier, data classes, exposure, environment and
//     compensating controls from the graph.
//
// score/dtrack computes Dependency-Track's weighted count per service or
// team for comparison, and score/scoretest helps test a custom scorer.
//
// # Arithmetic
//
// For the scorers with an opinion, with values v and weights w, a
// factor's contribution is [Scale]·v·w/Σw rounded to hundredths by the
// largest-remainder rule: the floors of the exact shares, plus one
// hundredth to the largest remainders (ties to the earlier factor) until
// the total equals the exact score rounded to hundredths. So the score is
// the correctly rounded weighted mean and the contributions, as shown,
// add up to it exactly ([Sum]). Each factor's Weight is its normalised
// weight w/Σw.
//
// # Configuration
//
// Weights and buckets come from options ([WithScorer], [WithWeights],
// [WithBuckets]) or from a YAML file read by [LoadConfig] and applied with
// [WithConfig]:
//
//	weights:
//	  cvss: 0.30
//	  epss: 0.15
//	  kev: 0.15
//	  ssvc: 0.10
//	  reachability: 0.15
//	  business: 0.15
//	buckets:
//	  - {priority: P0, min: 80, sla_days: 7}
//	  - {priority: P1, min: 60, sla_days: 30}
//	  - {priority: P2, min: 40, sla_days: 90}
//	  - {priority: P3, min: 20, sla_days: 120}
//	  - {priority: P4, min: 0}
//
// SLA due dates count from the FirstSeen, or from the engine's
// clock ([WithClock]) for an issue seen for the first time.
//
// # Concurrency and determinism
//
// An [Engine] is safe for concurrent use; [Engine.ScoreAll] scores in
// parallel and its result does not depend on the number of workers or the
// order of issues. Scorers must be safe for concurrent use. [Sort] orders
// scored issues deterministically.
package score
