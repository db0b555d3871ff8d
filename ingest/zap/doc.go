// Package zap reads the reports of ZAP (the Zed Attack Proxy, formerly
// OWASP ZAP), the dynamic application security scanner: the XML report
// ("traditional-xml" and "traditional-xml-plus") and the JSON report
// ("traditional-json" and "traditional-json-plus").
//
// # Formats
//
// The XML report is
//
//	<OWASPZAPReport version="2.11.1" generated="...">
//	  <site name="https://example.com" host="example.com" port="443" ssl="true">
//	    <alerts><alertitem>
//	      <pluginid>10011</pluginid><alertRef>10011</alertRef>
//	      <alert>Cookie Without Secure Flag</alert><name>Cookie Without Secure Flag</name>
//	      <riskcode>1</riskcode><confidence>2</confidence><riskdesc>Low (Medium)</riskdesc>
//	      <desc>...</desc>
//	      <instances><instance><uri>...</uri><method>GET</method><param>sid</param>
//	        <attack/><evidence>Set-Cookie: sid</evidence><otherinfo/></instance></instances>
//	      <count>1</count><solution>...</solution><otherinfo/><reference>...</reference>
//	      <cweid>614</cweid><wascid>13</wascid><sourceid>3</sourceid>
//	      <tags><tag><tag>CWE-614</tag><link>https://...</link></tag></tags>
//	    </alertitem></alerts></site></OWASPZAPReport>
//
// and the "-plus" variant adds the request and response of each instance
// (requestheader, requestbody, responseheader, responsebody). The JSON
// report has the same content: {"@programName", "@version", "@generated",
// "site": [{"@name", "@host", "@port", "@ssl", "alerts": [{"pluginid", ...,
// "instances": [{"uri", "method", "param", "attack", "evidence",
// "otherinfo", "request-header", ...}], "tags": {"CWE-614": "https://..."}}]}]},
// every value a string.
//
// # Mapping
//
// An alert item is one kind of problem (one ZAP rule) on one site, and its
// instances are the URLs where it was seen. Each alert item is one finding
// of kind [aspm.KindDAST] with one location per instance: that is ZAP's own
// unit (the report's count is the number of instances), the one DefectDojo
// makes, and it lets correlation work on the locations.
//
//   - Rule is alertRef (which tells the variants of a plugin apart), or the
//     pluginid; RuleName and Title are name (or alert); Description is desc.
//   - Severity maps riskcode: 3 high, 2 medium, 1 low, 0 info; ToolSeverity
//     is the risk word of riskdesc ("Low"). Confidence is the confidence
//     word (0 false positive, 1 low, 2 medium, 3 high, 4 confirmed); a
//     confidence of 0 sets the status [aspm.StatusFalsePositive].
//   - CWEs come from cweid (0 and -1 mean none) and CWE tags; Tags are the
//     tag names; References are the URLs in reference and the tag links.
//   - Each location has URL (uri), Method, Parameter (param) and Evidence:
//     the evidence string, followed by the request and response when the
//     report carries them, clipped to the evidence limit.
//   - Properties keeps pluginid, alert (when it differs from name),
//     solution, otherinfo, count, wascid, sourceid, riskdesc,
//     confidencedesc, the attack and otherinfo of each instance (as
//     "instances/N/attack"), and any other member.
//
// The tool is "ZAP" with the report's version; the site is the target when
// the report has exactly one. The report's generated time has no zone and
// is not used.
//
// # Limits
//
// The XML decoder reads with encoding/xml in strict mode, after a pass that
// fails inputs nested deeper than the depth limit. encoding/xml does not
// expand entities declared in a DTD, so an entity bomb ("billion laughs")
// is an error, not a memory blow-up.
package zap
