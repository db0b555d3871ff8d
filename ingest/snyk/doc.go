// Package snyk reads the JSON that the Snyk CLI writes for open-source and
// container tests (snyk test --json, snyk container test --json; format
// [Format], "snyk-json"): one project object, or the array of them that
// --all-projects writes. Snyk Code writes SARIF, which is the SARIF
// decoder's; Detect does not claim it.
//
// # Mapping
//
// One finding per entry of a project's vulnerabilities list. Snyk repeats a
// vulnerability once per dependency path (from) that reaches the vulnerable
// package; each entry is one finding, as Snyk reports and counts them (the
// corpus counts agree), and the path stays in the properties. The
// vulnerabilities of the applications Snyk finds inside a container image
// (applications[].vulnerabilities) are findings too. A project Snyk could
// not test (ok false with an error) becomes a warning diagnostic.
//
// Entries of type "license" are [aspm.KindLicense] findings whose rule is
// the Snyk licence id and rule name the licence. Other entries are
// [aspm.KindContainer] in a container project and [aspm.KindSCA]
// otherwise: the rule and vulnerability id is the Snyk id; identifiers give
// the aliases (CVE, GHSA, ALTERNATIVE and other database ids, and
// alternativeIds) and related ids (vendor advisories such as SUSE-SU or
// RHSA, which bundle several vulnerabilities), and CWE the CWEs.
//
// Severity is severityWithCritical, else severity. CVSS entries are Snyk's
// own CVSSv3 vector and cvssScore (source "snyk") and the per-assigner
// entries of cvssSources and cvssDetails (source "nvd", "redhat", "suse"…).
// Fix versions are fixedIn, else nearestFixedInVersion.
//
// The component's purl is built with aspm.PURLFromEcosystem from the
// package manager (npm, yarn, pip, poetry, maven (name group:artifact),
// gradle, gomodules, rubygems, nuget, composer…; container packages take
// the distro of "debian:12"-style managers, or, for plain deb, apk and rpm,
// of the Snyk id ("SNYK-DEBIAN12-…") or of docker.baseImage), the name and
// the version. Snyk names a container OS
// package "source/binary" ("glibc/libc6"); the binary package is the one
// installed and the one the purl names. The location is the project's
// displayTargetFile (else targetFile), with forward slashes, and for a
// container the image, from the head of the dependency path
// ("docker-image|name@tag" is name:tag) or the project name.
//
// # Properties
//
// The members of an entry the model does not hold keep their JSON names:
// from, upgradePath, isUpgradable, isPatchable, identifiers, semver,
// exploit, patches, packageManager, language, the publication times and
// the rest. epss and epss_percentile come from epssDetails.
// project.name, project.path, project.org, project.packageManager and
// project.platform describe the project the entry belongs to.
package snyk
