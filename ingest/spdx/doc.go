// Package spdx reads SPDX software bills of materials into
// [aspm.Document] values: components and the relationships between them,
// and no findings.
//
// Three syntaxes share one mapping, each with its own decoder and format
// name:
//
//   - [JSONDecoder], "spdx-json": SPDX 2.2 and 2.3 JSON. Detected by a
//     top-level spdxVersion starting with "SPDX-" and no JSON-LD @context;
//     documents whose own
//     fields come after their element lists (Microsoft's SBOM tool writes
//     files, packages and relationships first) are detected by a first key
//     that is an SPDX element list holding SPDXIDs.
//   - [TagValueDecoder], "spdx-tag-value": SPDX 2.x tag-value text. The
//     first line that is neither blank nor a "#" comment must be
//     "SPDXVersion: SPDX-2.x". Each line is a "Tag: value" pair; a value that
//     starts with <text> runs to the next </text>, across lines. A <text>
//     value that is never closed fails the whole input as truncated, naming
//     its line; any other malformed line is a warning that names its line,
//     and reading goes on.
//   - [JSONLDDecoder], "spdx3-jsonld": SPDX 3.0 and 3.0.1 JSON-LD, detected
//     by an @context naming "spdx.org/rdf/3.". Elements are read from
//     @graph, whatever their order; types may be compact ("software_Package")
//     or full IRIs.
//
// SPDX 1.x, and SPDX 3 spelled without its JSON-LD context, are reported
// as unsupported versions (ingest.ErrUnsupported).
//
// # Mapping
//
// Every package (SPDX 2) or software_Package element (SPDX 3) becomes an
// [aspm.Component]:
//
//   - Ref is the SPDXID (SPDX 3: spdxId, or @id);
//   - PURL is the first external reference of type "purl" that parses (its
//     category, PACKAGE-MANAGER or PACKAGE_MANAGER, is not checked); SPDX 3
//     uses software_packageUrl, then externalIdentifier entries of type
//     packageUrl. Unparsable purls are warnings;
//   - CPE is the first cpe23Type reference, else the first cpe22Type one
//     (SPDX 3: cpe23, then cpe22 identifiers);
//   - Name and Version are name and versionInfo (SPDX 3:
//     software_packageVersion);
//   - Licenses are licenseConcluded then licenseDeclared, without
//     NOASSERTION, NONE and repeats (SPDX 3: the licence expressions that
//     hasConcludedLicense and hasDeclaredLicense relationships point at);
//   - Hashes are the checksums, algorithm names as the input spells them
//     ("SHA256"; SPDX 3 verifiedUsing: "sha256");
//   - Supplier is the supplier, else the originator, without its
//     "Organization: " or "Person: " prefix (SPDX 3: the suppliedBy or
//     originatedBy agent's name);
//   - Type is primaryPackagePurpose in lower case with hyphens
//     ("OPERATING-SYSTEM" and "operatingSystem" both give
//     "operating-system").
//
// Files and snippets are not components: their ids are remembered only to
// tell a relationship that names one from a relationship that names nothing.
// A package id seen twice keeps its first occurrence, with a warning.
//
// # Relationships
//
// Relationships between two packages become [aspm.Relationship] edges
// between their Refs, oriented so that From depends on or contains To:
//
//   - DEPENDS_ON, HAS_PREREQUISITE, STATIC_LINK, DYNAMIC_LINK: depends_on
//     A→B;
//   - DEPENDENCY_OF, DEV_/BUILD_/RUNTIME_/OPTIONAL_/TEST_/PROVIDED_
//     DEPENDENCY_OF, PREREQUISITE_FOR ("A is a dependency of B"):
//     depends_on B→A;
//   - CONTAINS: contains A→B; CONTAINED_BY: contains B→A;
//   - DESCRIBES and documentDescribes: describes, with From "" and To the
//     package; DESCRIBED_BY likewise, reversed.
//   - SPDX 3: dependsOn, hasOptionalDependency, hasProvidedDependency,
//     hasStaticLink, hasDynamicLink and hasPrerequisite give depends_on
//     from→to; contains and hasOptionalComponent give contains; describes
//     and the rootElement of SpdxDocument, software_Sbom and Bom elements
//     give describes. A relationship with several "to" gives one edge each.
//
// Edges are de-duplicated and self-references dropped. Nothing is dropped
// silently: relationships that
// name a file, a snippet, the document, another document (DocumentRef-…)
// or NOASSERTION/NONE are counted, by type, in one info diagnostic; those of
// other types (GENERATED_FROM, VARIANT_OF, OTHER, generates…) in another;
// and a relationship that names an id the document does not define is a
// warning.
//
// # Document
//
// Source.Tool is the first "Tool: name-version" creator (the version is
// split off at the last hyphen when a version follows it), with the first
// "Organization:" creator as its vendor; SPDX 3 takes the Tool element named
// by the CreationInfo's createdUsing. Source.ScanTime is the creation time.
// Source.Target is the first package the document describes (kind "image"
// for a container purpose or an oci/docker purl, "other" otherwise), else
// the document's name.
//
// # Vulnerabilities
//
// SPDX 2 has no vulnerability records: security external references
// (advisory, fix, url…) only link to advisories that may concern a
// package. They are counted in one info diagnostic and make no findings.
// The SPDX 3 security profile (security_* elements and the relationships
// that tie vulnerabilities to packages) is likewise counted and not read.
//
// # Limits
//
// Each package counts against the record limit. Diagnostics of one kind are
// kept up to a bound, the rest counted in one closing note, so that a
// malformed input cannot grow the result by a diagnostic per line. Text
// values are clipped to the text limit.
package spdx
