// Package nuclei reads the JSON output of Nuclei, the template-based
// vulnerability scanner ("nuclei -jsonl" / "-json", and "-je" export).
//
// # Format
//
// Nuclei writes one JSON object per result, one per line (JSON lines; the
// "-json-export" file is a JSON array of the same objects). Both are read,
// as is a file of one object, pretty-printed objects one after another, and
// the field names of Nuclei 2.x before 2.6 (templateID, matched,
// extracted_results):
//
//	{"template-id": "CVE-2018-15473", "template-path": "...", "template-url": "...",
//	 "info": {"name": "OpenSSH Username Enumeration v7.7", "author": ["r3dg33k"],
//	   "tags": ["network", "cve"], "description": "...", "reference": ["https://..."],
//	   "severity": "medium", "remediation": "...",
//	   "classification": {"cve-id": ["cve-2018-15473"], "cwe-id": ["cwe-362"],
//	     "cvss-metrics": "CVSS:3.0/AV:N/...", "cvss-score": 5.3}},
//	 "type": "network", "host": "https://example.com", "matched-at": "example.com:22",
//	 "extracted-results": ["SSH-2.0-OpenSSH_7.4p1"], "request": "...", "response": "...",
//	 "ip": "127.0.0.1", "timestamp": "...", "curl-command": "...",
//	 "matcher-name": "...", "matcher-status": true}
//
// Nuclei writes nothing at all when it finds nothing; an empty file is
// rejected by the registry as empty, not read as a Nuclei report.
//
// # Mapping
//
// Each result is one finding of kind [aspm.KindDAST]:
//
//   - Rule is template-id, RuleName and Title are info.name, Description is
//     info.description.
//   - Severity maps info.severity with [aspm.ParseSeverity].
//   - Vulns are the classification's cve-id entries; CWEs its cwe-id
//     entries; CVSS its cvss-metrics and cvss-score (source "nuclei", the
//     version read from the vector's prefix).
//   - The location has URL (matched-at, or host), Method (from the first
//     line of the request, when there is one), Parameter (the fuzzing
//     parameter, when there is one) and Evidence: the extracted results,
//     then the request and the response, clipped to the evidence limit.
//   - References are info.reference (a list, or text holding URLs); Tags are
//     info.tags (a list or comma-separated text).
//   - Properties keeps the other members (template, template-path,
//     template-url, type, host, ip, timestamp, curl-command, matcher-name,
//     matcher-status, …) and the other members of info as "info.author",
//     "info.remediation", "info.metadata" and so on.
package nuclei
