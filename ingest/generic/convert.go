package generic

import (
	"errors"
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

var errNoTitle = errors.New("a finding needs a title")

// finding maps a finding of the format onto the model. Problems that lose
// part of the finding are warnings; a finding without a title is an error.
func (w *Finding) finding(lim decode.Limits, ptr string) (aspm.Finding, []aspm.Diagnostic, error) {
	var diags []aspm.Diagnostic
	warn := func(format string, args ...any) { diags = append(diags, aspm.Warnf(ptr, format, args...)) }
	title := decode.FirstLine(w.Title)
	if title == "" {
		return aspm.Finding{}, nil, errNoTitle
	}
	text := func(s string) string { return decode.Clip(strings.TrimSpace(s), lim.MaxText) }
	f := aspm.Finding{
		Kind:         aspm.KindOther,
		Rule:         strings.TrimSpace(w.Rule),
		RuleName:     strings.TrimSpace(w.RuleName),
		Title:        text(title),
		Description:  text(w.Description),
		Severity:     aspm.SeverityUnknown,
		ToolSeverity: strings.TrimSpace(w.ToolSeverity),
		Confidence:   strings.TrimSpace(w.Confidence),
		References:   nonEmpty(w.References),
		Tags:         nonEmpty(w.Tags),
	}
	if k := aspm.Kind(strings.ToLower(strings.TrimSpace(w.Kind))); k != "" {
		if k.Valid() {
			f.Kind = k
		} else {
			warn("kind %q is not one of %v; read as other", w.Kind, aspm.Kinds())
		}
	}
	if s := strings.TrimSpace(w.Severity); s != "" {
		f.Severity = aspm.ParseSeverity(s)
		if !slices.Contains(aspm.Severities(), aspm.Severity(strings.ToLower(s))) {
			warn("severity %q is not one of %v; read as %s", s, aspm.Severities(), f.Severity)
			if f.ToolSeverity == "" {
				f.ToolSeverity = s
			}
		}
	}
	if s := strings.TrimSpace(w.Status); s != "" {
		switch st := aspm.Status(strings.ToLower(s)); st {
		case aspm.StatusOpen, aspm.StatusSuppressed, aspm.StatusFalsePositive, aspm.StatusAccepted, aspm.StatusFixed:
			f.Status = st
		default:
			warn("status %q is not one of open, suppressed, false_positive, accepted, fixed; ignored", s)
		}
	}
	for _, c := range w.CWEs {
		if c > 0 {
			f.CWEs = append(f.CWEs, int(c))
		} else {
			warn("CWE %d ignored", c)
		}
	}
	slices.Sort(f.CWEs)
	f.CWEs = slices.Compact(f.CWEs)
	for i, v := range w.Vulns {
		if strings.TrimSpace(v.ID) == "" {
			warn("vulns/%d has no id; ignored", i)
			continue
		}
		f.Vulns = append(f.Vulns, aspm.NewVuln(v.ID, v.Aliases...).AddRelated(v.Related...))
	}
	for i, c := range w.CVSS {
		cv := aspm.CVSS{Source: strings.TrimSpace(c.Source), Version: strings.TrimSpace(c.Version), Vector: strings.TrimSpace(c.Vector), Score: c.Score}
		if cv.Score < 0 || cv.Score > 10 || cv.Score != cv.Score {
			warn("cvss/%d: score %v is outside 0–10; ignored", i, c.Score)
			cv.Score = 0
		}
		if cv.Version == "" {
			if p, _, ok := strings.Cut(cv.Vector, "/"); ok && strings.HasPrefix(p, "CVSS:") {
				cv.Version = strings.TrimPrefix(p, "CVSS:")
			}
		}
		if cv.Vector == "" && cv.Score == 0 {
			continue
		}
		f.CVSS = append(f.CVSS, cv)
	}
	if c := w.Component; c != nil {
		comp := &aspm.Component{Name: strings.TrimSpace(c.Name), Version: strings.TrimSpace(c.Version), Ecosystem: strings.TrimSpace(c.Ecosystem)}
		if c.PURL != "" {
			p, err := aspm.ParsePURL(c.PURL)
			if err != nil {
				warn("component purl: %v", err)
			} else {
				comp.PURL = p
				if comp.Name == "" {
					comp.Name = p.FullName()
				}
				if comp.Version == "" {
					comp.Version = p.Version()
				}
			}
		} else if comp.Ecosystem != "" && comp.Name != "" {
			comp.PURL = aspm.PURLFromEcosystem(comp.Ecosystem, comp.Name, comp.Version)
			if comp.PURL.IsZero() {
				warn("component: ecosystem %q is not known; no purl", comp.Ecosystem)
			}
		}
		if comp.Key() != "" {
			f.Component = comp
		}
	}
	f.FixedVersions = nonEmpty(w.FixedVersions)
	for i, l := range w.Locations {
		loc := aspm.Location{
			File:      strings.ReplaceAll(strings.TrimSpace(l.File), `\`, "/"),
			Logical:   strings.TrimSpace(l.Logical),
			URL:       strings.TrimSpace(l.URL),
			Method:    strings.ToUpper(strings.TrimSpace(l.Method)),
			Parameter: strings.TrimSpace(l.Parameter),
			Evidence:  decode.Clip(l.Evidence, lim.MaxEvidence),
			Image:     strings.TrimSpace(l.Image),
			Layer:     strings.TrimSpace(l.Layer),
		}
		if l.Snippet != "" {
			loc.SnippetHash = aspm.SnippetHash(l.Snippet)
			loc.Snippet = decode.Clip(l.Snippet, lim.MaxEvidence)
		}
		switch {
		case l.StartLine < 0 || l.EndLine < 0 || l.StartColumn < 0 || l.EndColumn < 0:
			warn("locations/%d: negative line or column; region ignored", i)
		case l.EndLine > 0 && l.EndLine < l.StartLine:
			warn("locations/%d: end_line %d is before start_line %d; region ignored", i, l.EndLine, l.StartLine)
		case l.StartLine > 0:
			loc.Region = &aspm.Region{StartLine: l.StartLine, StartColumn: l.StartColumn, EndLine: l.EndLine, EndColumn: l.EndColumn}
		}
		if r := l.Resource; r != nil && (r.Type != "" || r.Name != "" || r.ID != "") {
			loc.Resource = &aspm.Resource{Type: strings.TrimSpace(r.Type), Name: strings.TrimSpace(r.Name), Provider: strings.TrimSpace(r.Provider), ID: strings.TrimSpace(r.ID)}
		}
		if loc == (aspm.Location{}) {
			warn("locations/%d is empty; ignored", i)
			continue
		}
		f.Locations = append(f.Locations, loc)
	}
	if len(w.Fingerprints) > 0 {
		f.Fingerprints = make(map[string]string, len(w.Fingerprints))
		for k, v := range w.Fingerprints {
			f.Fingerprints[k] = v
		}
	}
	f.Properties = decode.Properties(w.Properties)
	for k, v := range f.Properties {
		if len(v) > lim.MaxText {
			f.Properties[k] = decode.Clip(v, lim.MaxText)
		}
	}
	return f, diags, nil
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
