// Package cyclonedx reads CycloneDX bills of materials, in JSON
// ([JSONDecoder], format "cyclonedx-json", specification 1.2 to 1.7) and in
// XML ([XMLDecoder], format "cyclonedx-xml", specification 1.0 to 1.7, with
// the vulnerability extension 1.0 that BOMs of 1.0 to 1.3 used). Parsing is
// done by github.com/CycloneDX/cyclonedx-go; this package maps its model
// onto posture's.
//
// # Detection
//
// JSON: a top-level object whose bomFormat is "CycloneDX" or whose $schema
// names a CycloneDX schema. XML: a root element bom in a namespace starting
// with http://cyclonedx.org/schema/bom/.
//
// # Components and relationships
//
// Every component becomes an [aspm.Component]: metadata.component (the
// BOM's subject, which is also the document's [aspm.Source].Target: of kind
// image when its type is container, with the digest from its version or oci
// purl and the first operating-system component as OS; repository for an
// application, library, framework or file; other otherwise), the
// components list, and components
// nested in either at any depth, flattened depth first in input order.
// Services, nested ones included, become components of type "service".
// Ref is the bom-ref; PURL is the purl, parsed and normalised (an invalid
// purl is a warning and the component is kept without it); Name and Version
// are as given (a Maven-like group is not folded into Name: it is the purl's
// namespace); Type, Licenses (SPDX ids, names or expressions), Hashes, CPE,
// Supplier (the supplier's name, else the publisher) and Paths (evidence
// occurrences) follow the input. Scope is optional or excluded when the BOM
// says so; otherwise components the root depends on directly are direct and
// the others it reaches through dependencies are transitive.
//
// Relationships: describes from the document to metadata.component;
// contains from a component to each component nested in it; depends_on for
// every dependsOn entry of dependencies, in input order, named by bom-ref.
// A ref that names no component is a warning and its edge is kept (refs
// that are BOM-Links to other BOMs, urn:cdx:…, are not reported). Two
// components with the same bom-ref are a warning; references resolve to the
// first. The 1.6 provides relation is not read.
//
// # Findings
//
// One finding per vulnerability and affected component: a vulnerability
// with n distinct affects refs gives n findings, and one with no affects
// gives a single finding without a component. An extension vulnerability
// inside a component affects that component; one at the top names it in
// its ref attribute. The kind is sca, or container when metadata.component
// is a container (the image is then the finding's location).
//
//   - Rule is the vulnerability id; Title is "<id> in <package> <version>".
//   - Vulns: the id with the ids of references[] as aliases, since CycloneDX
//     defines references as the same vulnerability in other databases.
//   - CVSS: each rating of method CVSSv2, CVSSv3, CVSSv31 or CVSSv4 (or
//     whose vector starts with "CVSS:"), with the rating source's name as
//     Source; the version comes from the vector's prefix, else the method
//     ("2.0", "3.0", "3.1", "4.0").
//   - Severity: the most severe severity word of any rating, kept as given
//     in ToolSeverity; without one, the band of the highest score.
//   - CWEs, Description (description, then detail), References (advisory
//     URLs), FixedVersions (affects versions whose status is unaffected and
//     that are single versions, not ranges).
//   - Tool: the vulnerability's own tools when it has them, else the
//     document's: the first of metadata.tools, in the legacy list form or
//     the 1.5 components/services form ("CycloneDX" when the BOM names
//     none).
//   - analysis becomes the finding's VEX: resolved and
//     resolved_with_pedigree → fixed (and status fixed), exploitable →
//     affected, in_triage → under_investigation, not_affected →
//     not_affected, false_positive → not_affected (and status false
//     positive); justification, responses and detail are kept.
//
// A vulnerability with an analysis also gives an [aspm.VEXStatement] whose
// products are the purls of the affected components (ProductRefs for those
// without one), stamped with analysis.lastUpdated or firstIssued.
//
// # Properties
//
// A finding's Properties keep the vulnerability's other fields: source.name
// and source.url, bom-ref, recommendation, workaround, created, published,
// updated, rejected, analysis.state, analysis.firstIssued and
// analysis.lastUpdated as text; proofOfConcept, credits, ratings that are
// not CVSS, references with their sources, advisories with titles, tools
// when there are several, and the affected component's affects.versions as
// JSON; each of the vulnerability's own properties as "property:<name>"
// (repeated names joined by new lines); for extension vulnerabilities the
// sub-scores ("ratings.<i>.score.impact", "…exploitability") and the ref.
//
// # Errors
//
// Input that is not a CycloneDX BOM fails with ingest.ErrNotFormat, a BOM of
// an unknown specification version with ingest.ErrUnsupported, malformed
// JSON or XML with the parser's error. A JSON value of the wrong type is an
// error diagnostic: encoding/json skips it and the rest is read. Other bad
// records (invalid purls, unknown refs, unreadable timestamps or CWEs) are
// diagnostics too.
//
// # Limits
//
// JSON nesting is checked with the depth limit before decoding. XML is
// pre-scanned for its nesting and its root element; encoding/xml rejects
// entities other than the predefined ones, so entity expansion cannot
// inflate an input, and only UTF-8, US-ASCII and ISO-8859-1 encodings are
// read.
package cyclonedx
