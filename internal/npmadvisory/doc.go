// Package npmadvisory maps the advisories of the npm registry (the GitHub
// advisory database as npm serves it) to posture's model. npm 6 audit
// reports hold them as they are, yarn 1 audit reports pass them on, and
// npm 7 and yarn 4 reports carry parts of them (a URL, a vulnerable range,
// a CVSS member).
//
// # Advisories
//
// [Advisory] is the advisory object; [Advisory.Finding] maps what it says
// about every installed version, without the text bounds and leftover
// members that the decoder adds. [GroupByVersion] merges its findings[]
// entries by installed version, and [Component] builds the npm component
// of one version with its scope read from the dependency paths.
//
// # Pieces
//
// [GHSAFromURL], [Vulns], [PatchedVersions], [FixedFromVulnerable],
// [References], [CVSS] and [CVSSVersion] map single members for the formats
// that carry only parts of an advisory. [JSONList] renders a list for a
// property.
//
// Every function is safe for concurrent use and keeps no state.
package npmadvisory
