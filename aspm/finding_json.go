package aspm

import "encoding/json"

// findingFields is Finding without its methods, so that the JSON methods can
// embed it without recursing.
type findingFields Finding

// findingWire is the JSON form of a Finding: its fields plus "component",
// the affected package's purl, and "source", the input file, which is what
// `posture ingest` promises on each line.
type findingWire struct {
	findingFields
	ComponentPURL string `json:"component,omitempty"`
	SourceFile    string `json:"source"`
}

// MarshalJSON writes the finding with "component" (the purl) and "source"
// (the file) beside its fields.
func (f Finding) MarshalJSON() ([]byte, error) {
	w := findingWire{findingFields: findingFields(f), SourceFile: f.Provenance.File}
	if f.Component != nil {
		w.ComponentPURL = f.Component.PURL.String()
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads what MarshalJSON writes; a "component" purl without
// a "package" object becomes a Component with only that purl.
func (f *Finding) UnmarshalJSON(b []byte) error {
	var w findingWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*f = Finding(w.findingFields)
	if f.Provenance.File == "" {
		f.Provenance.File = w.SourceFile
	}
	if f.Component == nil && w.ComponentPURL != "" {
		p, err := ParsePURL(w.ComponentPURL)
		if err != nil {
			return err
		}
		f.Component = &Component{PURL: p, Name: p.Name(), Version: p.Version()}
	}
	return nil
}
