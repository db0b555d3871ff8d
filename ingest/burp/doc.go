// Package burp reads the XML issue export of Burp Suite, the web
// application scanner ("Report selected issues" → XML, and Burp Enterprise
// XML exports of the same shape).
//
// # Format
//
//	<issues burpVersion="2021.4.2" exportTime="Fri Apr 30 11:45:49 IST 2021">
//	  <issue>
//	    <serialNumber>7121655797013284864</serialNumber>
//	    <type>1049088</type><name>SQL injection</name>
//	    <host ip="192.0.2.7">http://shop.example.com</host>
//	    <path>/basket.jsp</path><location>/basket.jsp [b_id cookie]</location>
//	    <severity>High</severity><confidence>Firm</confidence>
//	    <issueBackground>...</issueBackground><remediationBackground>...</remediationBackground>
//	    <references>(HTML links)</references>
//	    <vulnerabilityClassifications>(HTML links to CWE entries)</vulnerabilityClassifications>
//	    <issueDetail>...</issueDetail><remediationDetail>...</remediationDetail>
//	    <requestresponse>
//	      <request method="POST" base64="true">(the request)</request>
//	      <response base64="true">(the response)</response>
//	    </requestresponse>
//	  </issue>
//	</issues>
//
// The export starts with a DTD; it is skipped, and entities it declares are
// never expanded (encoding/xml in strict mode rejects them), so an entity
// bomb fails fast. Inputs nested deeper than the depth limit are rejected
// before decoding.
//
// # Mapping
//
// Each issue element is one finding of kind [aspm.KindDAST]. Burp reports
// one issue per issue type and location, so this is one finding per problem
// per URL; DefectDojo instead folds the issues of a type into one finding
// with many endpoints, which is a correlation decision posture makes later.
//
//   - Rule is type (Burp's issue type number), RuleName and Title are name.
//   - Description is issueDetail, or issueBackground when there is no detail.
//   - Severity maps High, Medium, Low and Information; a severity of "False
//     positive" is info with status [aspm.StatusFalsePositive]. Confidence
//     is Certain, Firm or Tentative.
//   - CWEs come from vulnerabilityClassifications; References are the links
//     in references and vulnerabilityClassifications.
//   - The location has URL (host followed by path), Method (the first
//     request's method), Parameter (the name in the location's brackets:
//     "b_id" for "[b_id cookie]", "q" for "[q parameter]") and Evidence: the
//     first request and its response, base64-decoded when so marked, only as
//     much as the evidence limit keeps.
//   - Properties keeps serialNumber, the host's ip, location, path,
//     issueBackground, remediationBackground, remediationDetail,
//     issueDetailItems (one per line), references and
//     vulnerabilityClassifications as given, the number of request/response
//     pairs, and any other element.
//
// The tool is "Burp Suite" with burpVersion; the host is the target when all
// issues share one. exportTime carries a zone abbreviation that cannot be
// read reliably and is not used.
package burp
