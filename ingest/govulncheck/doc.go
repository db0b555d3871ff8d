// Package govulncheck reads the JSON output of govulncheck
// (golang.org/x/vuln/cmd/govulncheck), Go's vulnerability scanner, which
// reports known vulnerabilities together with how far the analysis proved
// the vulnerable code is used.
//
// Two formats, two decoders:
//
//   - [Decoder], format "govulncheck-json": the message stream of
//     govulncheck 1.0 and later (`govulncheck -json` or `-format json`,
//     protocol v1): a sequence of JSON objects, each holding one of config,
//     progress, SBOM, osv (an OSV record) or finding. A JSON array of the
//     same messages is read too. The stream is decoded message by message;
//     the byte, depth and record limits apply to each.
//   - [LegacyDecoder], format "govulncheck-json-legacy": the single object
//     of the 0.0.x releases (vulncheck.Result), with a call graph (Calls),
//     import graph (Imports), module graph (Requires), the module list
//     (Modules) and Vulns, one entry per vulnerable symbol.
//
// # What one finding is
//
// govulncheck reports a vulnerability several times: once when the
// vulnerable module is required, once when a vulnerable package is
// imported, and once per vulnerable symbol called (or per call stack
// shown). posture folds these into one finding per OSV id and module, at
// the strongest level reached, so that a vulnerability counts once whatever
// the scan level; the reports' details are kept on the finding.
//
// # Mapping
//
//   - Kind sca; Rule and the Vuln id are the OSV id ("GO-2022-1144"), with
//     the OSV record's aliases (CVE, GHSA) and related ids. Title is the
//     record's summary (else the first line of its details), Description
//     its details, References its references and its pkg.go.dev page.
//   - Component: the module, pkg:golang/<module>@<version>, built with
//     [aspm.PURLFromEcosystem]; the standard library is the module "stdlib",
//     versioned from the trace or else from the Go version of the scan
//     ("go1.21.4" → "v1.21.4").
//   - FixedVersions: the finding's fixed_version. The legacy format has
//     none: it is computed from the OSV record's ranges, the fixed version
//     of the range holding the module's version (every fixed version when
//     none holds it).
//   - Severity is unknown: the Go vulnerability database does not score
//     vulnerabilities. CVSS entries an OSV record carries are kept with
//     Source "osv".
//   - Reachability: the level of the strongest report (its trace's first
//     frame has a function: [aspm.ReachFunction]; a package only:
//     [aspm.ReachPackage]; a module only: [aspm.ReachModule]); Symbols are
//     the vulnerable functions called ("net/http.Server.ListenAndServe");
//     Trace is the first call stack as "pkg.Func (file:line)" frames, entry
//     point first, at most 30 frames (the middle of a longer stack is
//     replaced by a marker). The legacy call stacks are rebuilt from the call
//     graph along each function's first call site.
//   - Locations: the entry-point frame of each distinct call stack (the
//     caller in your code, with file, line, column and function), as the
//     tool gave the file name.
//   - Provenance.Pointer names the first report folded into the finding:
//     "/N/finding" for the Nth message (from 0, as if the stream were an
//     array), "/Vulns/N" in the legacy format.
//
// Properties keep the scan's configuration (protocol_version, db,
// db_last_modified, go_version, scan_level, scan_mode), the vulnerable
// packages imported, every distinct call stack (up to 10, as JSON, with
// trace_count the number seen), the OSV record's dates and the module's
// ecosystem_specific imports.
//
// The SBOM message (govulncheck 1.1 and later) and the legacy module list
// become the document's components (the root modules as applications, with
// a describes relationship); the legacy module graph's requirements become
// depends-on relationships. OSV messages for which no finding follows are
// only the database entries govulncheck consulted: they make no finding.
//
// # Errors
//
// A stream whose first message is not a govulncheck message, or a legacy
// input without Vulns beside a call or module graph, is not this format
// (decode.ErrNotFormat). A later message that cannot be read, or one of an
// unknown kind, becomes a diagnostic and decoding goes on; malformed JSON
// fails the input.
package govulncheck
