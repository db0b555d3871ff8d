// Package epss reads FIRST's Exploit Prediction Scoring System daily
// scores and scores issues by them.
//
// # Data
//
// [Load] reads the CSV file FIRST publishes each day (epss_scores-
// YYYY-MM-DD.csv.gz, gzipped or not) with its comment line of model
// version and score date, which [Data] keeps. The library never fetches
// the file: download it yourself and pass a reader. Malformed files are
// errors, bad rows are diagnostics with their line, and [Data.Check] warns
// when the scores are older than a limit, giving their date.
//
// # Scoring
//
// [Scorer] gives an issue the highest EPSS probability among its CVE ids
// as the factor's value; an issue without a scored CVE has no opinion, and
// so has every issue when no data is loaded: scoring works without EPSS.
package epss
