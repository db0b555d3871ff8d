// Package csaf reads CSAF 2.0 documents (the OASIS Common Security Advisory
// Framework, https://docs.oasis-open.org/csaf/csaf/v2.0/), format
// "csaf-vex": the csaf_vex profile and every other category that carries
// vulnerabilities (csaf_security_advisory, csaf_base…). A document with
// another csaf_version major (1.x, the CVRF era) is decode.ErrUnsupported.
//
// A CSAF document is a supplier's advisory: for each vulnerability it says
// which of its products are affected, not affected, fixed or under
// investigation. Its products are defined once in the product tree and
// referred to by product id everywhere else.
//
// # Products
//
// The product tree is walked in full: branches (recursively, remembering
// the vendor, product name and product version above each product),
// full_product_names, relationships (a product that is a component
// installed in another product) and product groups. A product is named by
// its product_identification_helper purl (CSAF 2.1's purls too), else by
// its CPE or name. A product id the tree does not define is kept by its
// id, and product groups are expanded wherever group_ids appear.
//
// # Statements
//
// For each vulnerability, every product_status group becomes
// [aspm.VEXStatement]s: known_affected, first_affected and last_affected
// are affected; known_not_affected is not_affected; fixed, first_fixed and
// recommended are fixed; under_investigation is under_investigation. A
// product listed under two groups keeps the first in that order (affected
// before under investigation before not affected before fixed), with a
// warning. The analysis of each product is read from the entries that name
// it (by product id or group): the flag label is the justification
// (vulnerable_code_not_present…), impact threats' details are the Impact,
// remediation categories (vendor_fix, workaround, mitigation,
// no_fix_planned, none_available) are the Response and their details the
// Detail. Products of one group with the same analysis share one
// statement; their purls are Products, the others ProductRefs (CPE, else
// name, else id). A relationship product is stated as its parent product
// with the component as Subcomponent when both have purls. The timestamp is
// the document's current release date. Vuln: the cve, with the ids[]
// texts as aliases (the first id when there is no cve).
//
// # Findings
//
// Affected and under-investigation products also yield findings, one per
// vulnerability × product, so that an advisory saying you are exposed shows
// up as work; not_affected and fixed products yield statements only (a
// finding would turn a supplier's "you are safe" into work). This is the
// set DefectDojo's CSAF parser imports as active; it imports the other
// products as inactive findings, which posture does not make.
//
//   - Kind sca, Status open, VEX the product's analysis; Rule the Vuln id;
//     Title the vulnerability title; Description its description, summary,
//     details and general notes; CWEs from cwe.id; References the
//     vulnerability's references and the product's remediation URLs.
//   - Component: the product, or for a relationship product the component
//     installed in it (the product it is installed in is in Properties);
//     its purl, CPE, branch name and version, and vendor as Supplier.
//   - CVSS: the cvss_v3 and cvss_v2 entries of the scores that name the
//     product (or name no product), with Source the publisher's name.
//     Severity from the v3 base score, else the v2 one (ToolSeverity the
//     baseSeverity word or the score), else the impact threat's word ("Important"),
//     else the document's aggregate_severity.
//   - FixedVersions: the versions of the products of the same family (same
//     versionless purl, else same vendor and product name branch) that the
//     vulnerability lists as fixed, first_fixed or recommended.
//
// Properties keep the document's category, version, title, tracking id,
// status and revision, publisher, aggregate severity and TLP label, the
// product id and name, the parent product and relationship category, the
// vulnerability's title, dates and CWE name, its other notes and threats
// (as JSON), the product status group, and every member of the
// vulnerability that posture does not read, prefixed "vulnerability.".
//
// # Errors
//
// Input that is not an object with a document member stating a
// csaf_version is not this format (decode.ErrNotFormat). A vulnerability
// that cannot be read or has no identifier, a product without an id, an
// unparsable purl or date, and an unknown product status group become
// diagnostics; decoding goes on.
package csaf
