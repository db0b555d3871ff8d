// Package html writes posture's result as one self-contained HTML page for
// people who do not read JSON: managers, auditors, the team on call.
//
// # Content
//
// A summary (issues, open, new, past SLA, the policy gate), bar charts of
// open issues by severity and priority and of issues by status (SVG drawn
// in Go, each with a hidden table for screen readers), SLA status, open
// risk by team (owner) and by service, the issue table with search,
// severity, status and kind filters and paging, and for the highest-scored
// issues a details section: evidence from each finding (tool, rule, source
// file, location, snippet, call path, references), the score explanation
// factor by factor, policy verdicts, triage and why the findings were
// merged.
//
// # Self-contained and safe
//
// The page loads nothing: CSS is inline, charts are inline SVG, and the
// only script is a few lines of plain JavaScript that the page's
// Content-Security-Policy allows by hash, forbidding every other script,
// inline handler, image, frame and connection. Every string is escaped by
// html/template; links are kept only for http and https URLs.
//
// # Size
//
// Every issue gets a table row (about 400 bytes); details are written for
// the [DefaultMaxDetails] highest-scored issues. A report of 100,000
// issues stays well under 50 MB; [Encoder.MaxRows] and
// [Encoder.MaxDetails] bound it further.
//
// # Accessibility
//
// Headings structure the page, form controls have labels, tables have
// captions and column headers, the charts have accessible names and
// text equivalents, and colours meet WCAG AA contrast on white.
package html
