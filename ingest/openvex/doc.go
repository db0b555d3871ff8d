// Package openvex reads OpenVEX documents (https://openvex.dev), format
// "openvex": specification 0.2.x (an @context of
// "https://openvex.dev/ns/v0.2.0") and the earlier 0.0.x documents (an
// @context of "https://openvex.dev/ns", bare string vulnerabilities and
// products, subcomponents beside the products).
//
// A VEX document is not a scan: it is a supplier's statement of whether
// their products are affected by vulnerabilities. Its main output is
// [aspm.VEXStatement]s, which later stages apply to the findings of
// scanners.
//
// # Statements
//
// Each OpenVEX statement becomes one [aspm.VEXStatement]:
//
//   - Vuln: vulnerability.name (0.2) or the vulnerability string (0.0.x),
//     with vulnerability.aliases as aliases.
//   - Products: each product's @id when it is a package URL, else its
//     identifiers.purl; products without a purl are named in ProductRefs by
//     their @id and CPEs. Subcomponents: the products' subcomponents as
//     purls (a subcomponent without a purl is left out, with a warning).
//     When the products of one statement name different subcomponents, the
//     statement is split into one VEXStatement per product, so that no
//     subcomponent is attached to a product it was not stated for.
//   - Analysis: status → State (not_affected, affected, fixed,
//     under_investigation), justification, impact_statement → Impact,
//     action_statement → Response (as its only entry) and Detail;
//     status_notes → Detail when there is no action statement.
//   - Timestamp: the statement's timestamp, else the document's.
//
// A statement without a vulnerability or with a status outside the four is
// skipped with an error diagnostic.
//
// # Findings
//
// Statements that say a product is affected or under investigation also
// yield findings, one per product (one per subcomponent when the statement
// narrows the product to subcomponents), so that a supplier telling you
// that you are exposed shows up as work: Kind sca (container when the
// product is an oci or docker purl), Status open, VEX the statement's
// analysis, Component the product or subcomponent (a purl, else its @id
// with any CPE), Severity unknown (VEX states exploitability, not impact).
// not_affected and fixed statements yield no finding: they suppress, and a
// finding would turn a supplier's "you are safe" into work. DefectDojo's
// OpenVEX parser makes the same choice for what is active: it imports
// not_affected and fixed statements only as inactive findings.
//
// Properties keep the document's id, author, role, timestamps and version,
// the statement's id, version, timestamps, status_notes, supplier and
// action_statement_timestamp, the vulnerability's @id, the product of a
// subcomponent finding, product hashes, and any member of a statement that
// posture does not read.
//
// # Errors
//
// A JSON input that is not an object with an OpenVEX @context is not this
// format (decode.ErrNotFormat).
package openvex
