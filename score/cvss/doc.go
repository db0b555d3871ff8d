// Package cvss scores issues by the CVSS base score of their
// vulnerability, and parses CVSS v2.0, v3.0, v3.1 and v4.0 vectors with
// github.com/pandatix/go-cvss (whose types never appear in this API).
//
// # Choosing a vector
//
// An issue's findings may carry several CVSS entries (NVD's, GitHub's, a
// vendor's, in several versions). [Scorer] takes the most preferred
// source first ([DefaultPreference]: nvd, then ghsa/github; any other
// named source next; unnamed last; reorder with [WithPreference]), then
// the newest version, then the highest score. Invalid vectors are
// skipped; without a valid one the stated score is used, then the
// severity word. The factor's Input names the vector and its source.
//
// # Conformance
//
// Scores agree with FIRST's published v2.0, v3.0, v3.1 and v4.0 examples
// and with FIRST's v4.0 reference corpus of 4,041 vectors (invalid ones
// rejected), tested through POSTURE_EXT. On one corpus vector the library
// gives 5.0 where the raw corpus says 4.9: it holds to the corrected
// reference (half-up rounding with an epsilon), which also says 5.0. Of
// the 157 vectors whose reference moved on that correction, go-cvss
// v0.6.4 agrees with the corrected score on some and the previous one on
// the others (see TestRoundingCorrectionsV40).
//
// For v4.0 the score is that of the vector as given (CVSS-B, -BT, -BE or
// -BTE, named in the factor's explanation): v4.0 has no separate base
// score once threat or environmental metrics are present.
package cvss
