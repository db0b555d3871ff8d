// Package business scores issues by what is at stake where they live:
// the criticality tier, data classes, internet exposure and environment
// of the services the context graph maps them to, lowered by the
// compensating controls in front of those services.
//
// # Inputs
//
// Everything comes from [graph.View.IssueContext]: the most critical tier,
// the data classes, the widest exposure and whether any service runs in
// production. Controls count only when every service of the issue has
// them. [Scorer] documents the values and the blend; an issue the graph
// maps to no service has no opinion.
package business
