// Package reachability scores issues by whether the vulnerable code is
// used, as tools report it on findings: govulncheck's levels (the
// vulnerable symbol called, the package imported, only the module
// required) and SARIF code flows (a non-empty Trace: a flow that reaches
// the sink counts as called).
//
// # Neutral unknown
//
// Unknown reachability is no opinion, not 0.5: the issue is then scored by
// the other scorers alone, exactly as if reachability were not enabled.
// Code shown unreachable lowers the score (value 0.05 by default), code
// shown called raises it (1).
package reachability
