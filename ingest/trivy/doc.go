// Package trivy reads the JSON reports of Aqua Security's Trivy scanner
// (format [Format], "trivy-json").
//
// Three layouts are read:
//
//   - schema 2 reports (trivy image|fs|repo|config|sbom -f json, Trivy 0.20
//     and later): SchemaVersion, ArtifactName, ArtifactType, Metadata and
//     Results; any other SchemaVersion fails with decode.ErrUnsupported;
//   - Kubernetes cluster reports (trivy k8s -f json): ClusterName and a
//     Resources list (or, before Trivy 0.50, Vulnerabilities and
//     Misconfigurations lists) of objects, each with Namespace, Kind, Name
//     and its own Results;
//   - the array of results Trivy wrote before schema 2. The JSON null it
//     wrote when it found nothing decodes to an empty document (detection
//     does not claim it: nothing in it names a format).
//
// # Mapping
//
// One finding per vulnerability of a result (a package × advisory pair, as
// Trivy lists them), per failed misconfiguration, per secret and per
// licence; findings Trivy suppressed (ModifiedFindings, written with
// --show-suppressed) are read the same way and marked
// [aspm.StatusSuppressed], with the suppression's status and statement as
// VEX analysis. Misconfigurations with status PASS or EXCEPTION are not
// problems and give no finding.
//
// Vulnerabilities are [aspm.KindContainer] when they are in an image (an
// OS package result, a container_image artifact, or a Kubernetes workload's
// image) and [aspm.KindSCA] otherwise. The rule and vulnerability id is
// VulnerabilityID. VendorIDs are aliases when they name one vulnerability
// (GHSA, CVE, Go and other database ids) and related ids when they are
// vendor advisories (DSA, RHSA, ALAS, USN…), which bundle the fixes of
// several vulnerabilities and must not merge them. The component's purl is
// PkgIdentifier.PURL (or the Ref of older reports), else it is built with
// aspm.PURLFromEcosystem from the result Type (npm, pip, gomod, jar, cargo,
// composer, bundler, nuget… and, for OS packages, the OS family with the
// release, so that deb and apk purls carry Trivy's distro qualifier). Its
// path is PkgPath, else the result's Target for language results.
// FixedVersion is split on commas. The CVSS map gives one [aspm.CVSS] per
// source and version (V2, V3, V40), sorted by source. Severity is Trivy's
// word; UNKNOWN falls back to the best CVSS score. A vulnerability with
// Status not_affected or under_investigation carries that VEX state (Trivy's
// "fixed" means a fix exists, not that the artifact is fixed). Locations
// hold the image and the layer (digest, else diff ID), the file for
// language packages, and the workload for cluster reports.
//
// Misconfigurations are [aspm.KindIaC]: the rule is ID (AVDID when there is
// none), the title the check's title, the description the instance message
// followed by the check's description. CauseMetadata gives the region, the
// resource and provider, and the snippet (the cause lines), with its hash.
// In cluster reports the location is the workload.
//
// Secrets are [aspm.KindSecret]: the rule and secret type are RuleID; Trivy
// already masks the secret in Match and in the code lines, but posture
// keeps only the masked match line, clipped, as the redacted rendering (a
// match without a mask is redacted as a whole) and never keeps the code
// lines. Secret.Hash stays empty: the value is not in the report.
//
// Licences are [aspm.KindLicense]: the rule is the licence name, the
// component the package carrying it.
//
// Packages (--list-all-pkgs) become the document's components, with their
// DependsOn as depends-on relationships.
//
// # Properties
//
// The members of each record that the model does not hold keep their JSON
// names: Status, SeveritySource, DataSource, VendorSeverity, PublishedDate
// and LastModifiedDate of vulnerabilities; Type, Namespace, Query,
// Resolution and CauseMetadata.* of misconfigurations; Category and Offset
// of secrets. result_target, result_class and result_type name the result a
// finding came from; suppression_status, suppression_statement and
// suppression_source describe a suppressed finding.
package trivy
