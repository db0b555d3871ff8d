// Package correlate folds findings into issues: one issue per real problem,
// across tools, formats and scans.
//
// # Identity
//
// Each finding gets identity keys, comparable structs that never contain
// the tool's name or version, the input file or the record's position:
//
//   - a vulnerability in a package (SCA, container): the alias group of its
//     advisory + the versionless package + the installed version + where it
//     was found (the image for container findings, else the manifest or
//     lockfile);
//   - a weakness in code (SAST): the rule (mapped across tools where a map
//     entry says two tools' rules are one check) + the file + each anchor
//     that survives line shifts (the snippet hash with its column, the
//     tool's fingerprints, the logical location) and the exact line;
//   - a leaked secret: the SHA-256 of the secret + the file;
//   - a misconfiguration (IaC): the check (mapped across tools) + the
//     resource + the file;
//   - a web finding (DAST): the alert + the normalised URL (scheme and host
//     lower-case, ids in the path as "{id}", query keys sorted, values
//     dropped) + the method + the parameter.
//
// Findings that share any key are one issue (connected components, so the
// result does not depend on input order). Link keys join what tools name
// differently: code and web findings of two different tools with the same
// CWE at the same place (the same file within a few lines, the same
// endpoint and parameter) are one issue; one tool's own findings are never
// joined by a link key.
//
// Vulnerability ids are joined by a union-find over the aliases the inputs
// state (related ids never join); each link records the input that stated
// it; the canonical id of a group is a CVE, else a GHSA, else the smallest
// id (see [WithIDPreference]); groups are capped ([WithMaxAliasGroup]).
//
// An issue's ID is a hash of its smallest primary key, so it is the same on
// every machine that sees the same findings, and [Result.Merge] of shard
// results equals correlating everything at once.
//
// # Across scans
//
// With a baseline ([WithBaseline], the JSON result of an earlier run), each
// issue is new, unchanged or reopened, and each baseline issue no longer
// seen is fixed. An issue matches a baseline issue by ID, else by any shared
// identity key, else (code findings without a stable anchor) by the same
// rule or CWE in the same file within a few lines; a matched issue keeps the
// baseline's ID, triage decision and first-seen time, so a decision
// survives a rescan, a line shift and a change of the tool that finds it.
//
// # Evidence
//
// An issue holds its member findings (shared with the input documents),
// every tool that saw it, the highest severity with the tool that gave it,
// the union of CWEs, locations and fixed versions, every id of its
// vulnerability, and one line of explanation per merged finding saying what
// matched. [FixGroup]s gather vulnerability issues by the upgrade that
// resolves them, comparing versions by each ecosystem's rules.
package correlate
