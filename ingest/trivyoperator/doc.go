// Package trivyoperator reads the reports that Aqua Security's Trivy
// Operator keeps as Kubernetes custom resources (format [Format],
// "trivy-operator"), as kubectl get -o json writes them.
//
// The input may be one resource (apiVersion aquasecurity.github.io/…), a
// List of them (kind List or …ReportList, with items), an array of them, or
// an object mapping resource names ("vulnerabilityreports.aquasecurity.github.io")
// to such lists, as some export scripts write. Lists may nest a few levels.
//
// # Mapping
//
//   - VulnerabilityReport, ClusterVulnerabilityReport and
//     ImageVulnerabilityReport: one [aspm.KindContainer] finding per
//     vulnerability. The rule and vulnerability id is vulnerabilityID; the
//     component is packagePURL when given, else a purl built with
//     aspm.PURLFromEcosystem from packageType (the OS family, with the
//     report's OS release, or a language type such as gobinary or jar),
//     resource and installedVersion; fixedVersion is split on commas; the
//     cvss map gives one [aspm.CVSS] per source and version, and score is
//     added (with cvsssource) when the map does not already hold it.
//   - ConfigAuditReport, RbacAssessmentReport, InfraAssessmentReport and
//     their cluster variants: one [aspm.KindIaC] finding per check with
//     success false (passed checks are not problems). The rule is checkID,
//     the description the messages followed by the check's description.
//   - ExposedSecretReport: one [aspm.KindSecret] finding per secret. Trivy
//     masks the secret in match; posture keeps only that masked line,
//     clipped, as the redacted rendering (a line without a mask is redacted
//     as a whole).
//   - ClusterComplianceReport: with a detail report, one [aspm.KindIaC]
//     finding per failed check of each control (a check without a severity
//     takes its control's), located at the check's target; with only a
//     summary report, one finding per control whose totalFail is not zero.
//   - SbomReport and ClusterSbomReport: the CycloneDX components and
//     dependencies become the document's components and relationships.
//
// Every finding of a report is located at the workload it is about (the
// trivy-operator.resource.kind, .name and .namespace labels, else the
// report's owner) as a Resource of provider "kubernetes" named
// "namespace/name", and at the scanned image, rendered
// registry/repository:tag@digest. The finding's tool is the report's
// scanner (Trivy and its version); the document's tool is "Trivy Operator",
// with the operator's version when a report's labels give it.
//
// # Properties
//
// The members of each record that the model does not hold keep their JSON
// names (publishedDate, lastModifiedDate, target, class, packageType;
// category, remediation, scope; …). report_kind and report_name name the
// custom resource, container the container of the workload; compliance,
// control_id, control_name and control_severity describe a compliance
// check's control, totalFail a summary control.
package trivyoperator
