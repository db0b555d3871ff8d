// Package grype reads the JSON reports of Anchore's Grype vulnerability
// scanner (grype -o json; format [Format], "grype-json"), from the early
// 0.x layout (cvssV2/cvssV3 objects, links, CPE objects) to the current one
// (cvss lists with sources, EPSS, known-exploited data, risk).
//
// # Mapping
//
// One finding per match: one vulnerability matched against one package.
// Grype may list the same vulnerability and package twice when two
// matchers found it; posture keeps both records (they get the same finding
// ID) and leaves folding to correlation, so a report can count one more
// finding than DefectDojo, which de-duplicates while parsing. Matches under
// ignoredMatches (suppressed by an ignore rule or a VEX document) are read
// too and marked [aspm.StatusSuppressed], their appliedIgnores kept.
//
// The finding is [aspm.KindContainer] when the source is an image and
// [aspm.KindSCA] otherwise. The rule and vulnerability id is
// vulnerability.id. Grype's related vulnerabilities are the records of the
// same vulnerability in other databases (the NVD record of a distro CVE,
// the CVE of a GHSA), so their ids are aliases; when the match's id is a
// vendor advisory (ALAS, RHSA, ELSA…), which bundles several CVEs, they are
// related ids instead, and so are the ids of vulnerability.advisories.
//
// Severity is Grype's word (Negligible is low); Unknown falls back to the
// first CVSS score. CVSS entries come from the vulnerability and its related
// ones: the source is the scorer ("nvd@nist.gov" is "nvd",
// "secalert@redhat.com" is "redhat", GitHub's is "ghsa"), else the first
// word of the record's namespace ("nvd:cpe" is "nvd", "github:language:go"
// is "ghsa", "debian:distro:debian:12" is "debian"). The description is the
// vulnerability's, else the first related one's; references are the URLs of
// both and the advisories' links; CWEs come from any cwes member.
//
// The component is artifact.purl when given, else a purl built with
// aspm.PURLFromEcosystem from the artifact type or language (deb, apk and
// rpm take the scanned distro), with the licences, the first CPE and the
// location paths. Each artifact location becomes a location with its file,
// its layer and the scanned image. Fix versions are fix.versions (or the
// fixedInVersion of old reports).
//
// The document's target is the image (userInput, the digest of the first
// repo digest, else the manifest digest, else the image ID; the distro as
// OS), or the scanned directory or file.
//
// # Properties
//
// epss and epss_percentile hold the highest EPSS probability of the
// vulnerability and its related records (epss_date its date), kev is
// "true" when any is in CISA's known exploited list. The other members the
// model does not hold keep their JSON names: dataSource, namespace, risk,
// knownExploited and fix.state of the vulnerability; matchDetails;
// relatedVulnerabilities (what is left of them); artifact.* (type,
// language, cpes, upstreams, metadata…).
package grype
