// Package markdown writes posture's result as GitHub-flavoured Markdown
// for a pull-request comment.
//
// # Layout
//
// A heading with the policy gate, the counts by lifecycle state and a
// severity table; then the new and reopened issues, the other open issues
// and the fixed ones, highest score first, each in a collapsible
// <details> block with its ids, location, tools, services, owners, SLA
// date, score factors, policy verdicts and triage.
//
// # Size
//
// GitHub rejects comments over 65,536 characters. The encoder stops adding
// issues before [Encoder.MaxChars] and closes with a count of the issues it
// left out.
//
// # Safety
//
// Every string that comes from a scanner, an inventory or a user goes
// through one escaper that writes Markdown and HTML metacharacters as
// numeric character references: no link, image, mention, tag, table cell
// or code span can be injected, and terminal escapes and control
// characters are removed.
package markdown
