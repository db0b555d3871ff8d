// Package generic reads posture's own interchange formats for results that
// no built-in decoder knows: custom scanners, in-house checks, penetration
// tests and red-team exercises. There are two: a versioned JSON format,
// "posture-generic/v1" (format name "generic-json"), and a CSV file with a
// fixed header ("generic-csv") for results kept in spreadsheets.
//
// # JSON: posture-generic/v1
//
// A report is one JSON object. Its JSON Schema is
// schemas/generic-v1.schema.json in posture's repository; [Report] and the
// types it holds are the same shape in Go, so a Go producer can fill a
// Report and write it with encoding/json.
//
//	{
//	  "schema": "posture-generic/v1",
//	  "tool": {"name": "acme-scanner", "version": "1.4.0", "vendor": "ACME"},
//	  "target": {"kind": "url", "name": "https://shop.example.com"},
//	  "scan_time": "2024-03-12T10:00:00Z",
//	  "findings": [{
//	    "title": "Stored XSS in the review form",
//	    "kind": "pentest",
//	    "severity": "high",
//	    "rule": "ACME-XSS-01",
//	    "description": "The review text is rendered without encoding.",
//	    "cwes": [79],
//	    "vulns": [{"id": "ACME-2024-007", "aliases": ["CVE-2024-12345"]}],
//	    "cvss": [{"source": "acme", "vector": "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", "score": 5.4}],
//	    "component": {"purl": "pkg:npm/review-widget@2.1.0"},
//	    "fixed_versions": ["2.1.1"],
//	    "locations": [{"url": "https://shop.example.com/reviews", "method": "POST", "parameter": "text",
//	                   "evidence": "<script>alert(1)</script>"},
//	                  {"file": "web/reviews.tsx", "start_line": 42, "end_line": 44}],
//	    "fingerprints": {"acme-id": "b1946ac9"},
//	    "status": "open",
//	    "references": ["https://owasp.org/www-community/attacks/xss/"],
//	    "tags": ["q1-pentest"],
//	    "properties": {"tester": "j.doe", "retest": true}
//	  }]
//	}
//
// Only schema, tool.name, findings and each finding's title are required.
// Members:
//
//   - kind: sast, sca, container, iac, secret, dast, license, pentest,
//     runtime or other (default).
//   - severity: critical, high, medium, low, info or unknown (default);
//     other words are read as [aspm.ParseSeverity] reads them, with a
//     warning, and kept as tool_severity.
//   - cwes: numbers or "CWE-n" texts.
//   - vulns: an advisory id with the other ids of the same advisory
//     (aliases) and related ids that are not the same advisory (related).
//   - cvss: source, version ("3.1"; read from the vector when absent),
//     vector and score (0–10).
//   - component: a package URL, or an OSV ecosystem name with name and
//     version to build one.
//   - locations: each with a file region (file, start_line, end_line,
//     start_column, end_column, snippet), a logical location, a web request
//     (url, method, parameter, evidence), an infrastructure resource
//     (resource: type, name, provider, id) or a container image (image,
//     layer), 1-based.
//   - fingerprints: the producer's own stable identities, by name.
//   - status: open, suppressed, false_positive, accepted or fixed.
//   - properties: anything else; values that are not strings are kept as
//     compact JSON text.
//
// The decoder is strict but forgiving: a member the format does not define
// is a warning diagnostic (a finding's unknown member is also kept in its
// properties), a finding of the wrong shape or without a title is an error
// diagnostic and is skipped, and the other findings are read. A report of
// another version ("posture-generic/v2") is [decode.ErrUnsupported].
//
// # CSV
//
// The first line must be exactly [CSVHeader]:
//
//	title,kind,severity,rule,description,cwe,vuln,aliases,purl,file,line,url,method,parameter,resource_type,resource_name,fixed_versions,references
//
// and every following row one finding, with RFC 4180 quoting. Lists (cwe,
// aliases, fixed_versions, references) are separated by ";"; line is a line
// number or a range ("12-15"); vuln is one advisory id and aliases its other
// ids; purl is the affected package. The cells mean what the JSON members
// of the same name mean; a row's location is made of file, line, url,
// method, parameter, resource_type and resource_name. A file with another
// header is not this format (the error names the expected header); a row
// with the wrong number of cells or without a title is an error diagnostic
// naming its line ("line 7"), and reading goes on. CSV has no column for
// the tool: its findings are attributed to the tool [CSVTool].
//
// # Versioning
//
// v1 is stable: later versions of posture keep reading it. New optional
// members may be added to v1; a change that would make a v1 reader
// misread a report gets a new schema value.
package generic
