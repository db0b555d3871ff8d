// Package openvex writes OpenVEX 0.2.0 documents from posture's triage
// decisions and policy exceptions.
//
// # Statements
//
// An issue gets a statement when it is about a vulnerability in a package
// (it has a vulnerability id and a component purl, which becomes the
// product) and carries a decision:
//
//   - a triage VEX analysis: its state, justification (CycloneDX words are
//     mapped onto OpenVEX's), impact, response (as the action) and detail;
//   - a triage status without analysis: false_positive and suppressed are
//     not_affected, accepted is affected with "Risk accepted" as action,
//     fixed is fixed, open is under_investigation;
//   - without triage, excepted policy verdicts: affected, with the
//     exceptions as the action statement.
//
// With [Encoder.IncludeOpen], the other vulnerability issues are written
// too: fixed when their lifecycle state is fixed, affected with the
// upgrade as action otherwise. A not_affected statement always has a
// justification or an impact statement, an affected one an action
// statement, as the specification requires.
//
// # Determinism
//
// Statements are sorted by vulnerability and product; the timestamp is the
// result's generation time, and the default @id is a hash of the
// statements.
package openvex
