// Package ssvc runs CISA's Stakeholder-Specific Vulnerability
// Categorization decision tree on issues: exploitation (none, poc,
// active), automatable (yes, no), technical impact (partial, total) and
// mission and well-being impact (low, medium, high, from mission
// prevalence and public well-being) lead to track, track*, attend or act.
//
// # The tree
//
// [Decide] is the tree of CISA's SSVC guide (figure 1); its test lists
// all 36 leaves. [Inputs.MissionWellBeing] is the guide's table 8.
//
// # Inputs from posture
//
// [Scorer] takes exploitation from the KEV catalog (active) and EPSS
// (poc above a threshold), automatable and technical impact from the
// issue's preferred CVSS vector and the graph's exposure, and mission
// prevalence and well-being from the graph's tier and data classes; its
// doc says how. The factor's Input lists every decision point and the
// decision; its value is 0.2 (track), 0.45 (track*), 0.75 (attend) or 1
// (act).
package ssvc
