package sarif

import (
	"encoding/json"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"
)

// The wire types are go-sarif's, embedded, with a few members shadowed
// (encoding/json prefers the shallower field of the same name):
//   - property bags become raw JSON, so that they convert to strings without
//     a round trip through interface values, and fingerprints plain strings;
//   - reportingDescriptor gains the relationships member go-sarif lacks (the
//     links from rules to CWE taxa);
//   - run members posture does not read (invocation notifications, web
//     requests, graphs…) are skipped instead of decoded, and the two it does
//     read from invocations are taken as plain strings, so that a producer's
//     odd timestamp there cannot fail the log.

type sarifLog struct {
	Version string `json:"version"`
	Schema  string `json:"$schema"`
	Runs    []*run `json:"runs"`
}

type run struct {
	gosarif.Run
	Tool        tool            `json:"tool"`
	Results     []*result       `json:"results"`
	Invocations []*invocation   `json:"invocations"`
	Artifacts   []*artifact     `json:"artifacts"`
	Taxonomies  []*taxonomy     `json:"taxonomies"`
	Properties  json.RawMessage `json:"properties"`

	Conversion          skipped `json:"conversion"`
	Graphs              skipped `json:"graphs"`
	Policies            skipped `json:"policies"`
	Translations        skipped `json:"translations"`
	ThreadFlowLocations skipped `json:"threadFlowLocations"`
	WebRequests         skipped `json:"webRequests"`
	WebResponses        skipped `json:"webResponses"`
	Addresses           skipped `json:"addresses"`
	ExternalRefs        skipped `json:"externalPropertyFileReferences"`
	SpecialLocations    skipped `json:"specialLocations"`
	RunAggregates       skipped `json:"runAggregates"`
}

type tool struct {
	Driver     *component   `json:"driver"`
	Extensions []*component `json:"extensions"`
}

type component struct {
	gosarif.ToolComponent
	Rules          []*rule `json:"rules"`
	ReleaseDateUtc string  `json:"releaseDateUtc"`
	// Notifications and translations are not read.
	Notifications skipped         `json:"notifications"`
	Properties    json.RawMessage `json:"properties"`
}

type rule struct {
	gosarif.ReportingDescriptor
	Relationships []*relationship            `json:"relationships"`
	Properties    map[string]json.RawMessage `json:"properties"`
}

type relationship struct {
	Target *gosarif.ReportingDescriptorReference `json:"target"`
	Kinds  []string                              `json:"kinds"`
}

type taxonomy struct {
	Name string                         `json:"name"`
	GUID string                         `json:"guid"`
	Taxa []*gosarif.ReportingDescriptor `json:"taxa"`
}

type invocation struct {
	StartTimeUTC     string                    `json:"startTimeUtc"`
	EndTimeUTC       string                    `json:"endTimeUtc"`
	WorkingDirectory *gosarif.ArtifactLocation `json:"workingDirectory"`
}

type artifact struct {
	Location *gosarif.ArtifactLocation `json:"location"`
}

type result struct {
	gosarif.Result
	Properties map[string]json.RawMessage `json:"properties"`
	// Fingerprints are strings by the specification; decoded as such, the
	// map becomes the finding's without a copy.
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Fingerprints        map[string]string `json:"fingerprints"`
	// Members kept out of findings (see the package documentation) are
	// skipped rather than decoded.
	Graphs          skipped `json:"graphs"`
	GraphTraversals skipped `json:"graphTraversals"`
	Stacks          skipped `json:"stacks"`
	Fixes           skipped `json:"fixes"`
	Attachments     skipped `json:"attachments"`
	Addresses       skipped `json:"addresses"`
	WebRequest      skipped `json:"webRequest"`
	WebResponse     skipped `json:"webResponse"`
	Related         skipped `json:"relatedLocations"`
	Provenance      skipped `json:"provenance"`
}

// skipped is a member that is read past without being decoded.
type skipped struct{}

func (*skipped) UnmarshalJSON([]byte) error { return nil }
