// Package builtin wires posture's built-in scorers into a
// [score.Engine]: CVSS, EPSS, CISA KEV, SSVC, reachability and business
// context, each weighted by [score.DefaultWeights].
//
// # Use
//
//	data, err := epss.Load(f, "epss.csv.gz")
//	...
//	eng := builtin.New(builtin.Config{EPSS: data, KEV: catalog}, score.WithConfig(cfg))
//	err = eng.ScoreAll(ctx, issues, g)
//
// The package lives apart from package score so that score itself does
// not import its leaves: a program that scores with its own scorers
// compiles none of these.
package builtin
