// Package aspm is posture's model: the plain data types that every other
// package speaks.
//
// # What it holds
//
// Decoders in package ingest turn scanner output into [Document] values: the
// [Finding]s a tool reported, the [Component]s and [Relationship]s of an SBOM,
// the [VEXStatement]s of a VEX document, and the [Diagnostic]s that describe
// records that could not be read. Later stages hand on their results in the
// same vocabulary: correlation folds findings into [Issue]s, scoring writes a
// [Score] made of [Factor]s, policy writes [Verdict]s, and a [Result] holds
// them all for the exporters.
//
// # Identity
//
// A component is identified by its normalised package URL, [PURL.Key]; all
// versions of a package share [PURL.VersionlessKey]. Vulnerability ids are
// normalised with [NormalizeVulnID] so that "cve-2021-44228" and
// "CVE-2021-44228" are the same id.
//
// # Rules of the model
//
// The package imports nothing of posture's and holds no behaviour beyond
// small, pure helpers (parsing, ordering, normalising). Every enum is a typed
// string so that serialised values are readable and stable. Slices are nil
// when empty. Values are safe to copy; none holds a lock or a goroutine.
package aspm
