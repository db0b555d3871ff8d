// Package kev reads CISA's Known Exploited Vulnerabilities catalog and
// raises the score of issues it lists.
//
// # Data
//
// [Load] reads known_exploited_vulnerabilities.json as CISA publishes it:
// each entry's CVE id, vendor and product, dateAdded, dueDate and
// knownRansomwareCampaignUse are kept ([Entry]). The library never
// fetches the catalog. Malformed or truncated JSON is an error; bad
// entries and a count that disagrees with the list are diagnostics; and
// [Catalog.Check] warns, with the release date, when the catalog is
// older than a limit.
//
// # Scoring
//
// [Scorer] gives an issue in the catalog the value 0.9, or 1 with known
// ransomware use, with the date added and the due date in the factor's
// input. An issue not in the catalog has no opinion: absence from KEV is
// not evidence of safety.
package kev
