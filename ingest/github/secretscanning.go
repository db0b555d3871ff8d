package github

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
	"github.com/posturekit/posture/internal/redact"
)

// FormatSecretScanning is the name of the secret scanning alerts REST
// format.
const FormatSecretScanning aspm.Format = "github-secret-scanning"

// SecretScanningDecoder reads secret scanning alerts from GitHub's REST
// API. It never keeps the secret: see the package documentation. The zero
// value is ready to use; it is safe for concurrent use.
type SecretScanningDecoder struct{}

// Format returns FormatSecretScanning.
func (*SecretScanningDecoder) Format() aspm.Format { return FormatSecretScanning }

// Detect accepts an array of alerts (or one alert) with "number" and
// "secret_type".
func (*SecretScanningDecoder) Detect(head []byte) bool {
	return restDetect(head, "number", "secret_type")
}

type secretLocation struct {
	Path        string `json:"path"`
	StartLine   int    `json:"start_line"`
	EndLine     int    `json:"end_line"`
	StartColumn int    `json:"start_column"`
	EndColumn   int    `json:"end_column"`
	CommitSHA   string `json:"commit_sha"`
	BlobSHA     string `json:"blob_sha"`
	// other location types (issues, pull requests, discussions, wikis)
	// have only a URL
	HTMLURL string `json:"html_url"`
	PageURL string `json:"page_url"`
}

type secretScanningAlert struct {
	State                 string          `json:"state"`
	Resolution            string          `json:"resolution"`
	SecretType            string          `json:"secret_type"`
	SecretTypeDisplayName string          `json:"secret_type_display_name"`
	Secret                string          `json:"secret"`
	Validity              string          `json:"validity"`
	HTMLURL               string          `json:"html_url"`
	FirstLocation         *secretLocation `json:"first_location_detected"`
	Locations             []struct {
		Type    string         `json:"type"`
		Details secretLocation `json:"details"`
	} `json:"locations"`
	Repository *struct {
		FullName string `json:"full_name"`
	} `json:"repository"`
}

// secretUsers are the members that hold GitHub user objects, of which only
// the login is kept.
var secretUsers = []string{"resolved_by", "push_protection_bypassed_by", "push_protection_bypass_request_reviewer", "assigned_to"}

// Decode reads secret scanning alerts.
func (*SecretScanningDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	list, single, err := alertList(data, lim.MaxDepth)
	if err != nil {
		return nil, err
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "GitHub secret scanning", Vendor: "GitHub"}, Format: FormatSecretScanning}}
	recs := decode.NewRecords(ctx)
	foreign := 0
	for i, raw := range list {
		ptr := alertPointer(i, single)
		var a secretScanningAlert
		m, err := members(raw, &a)
		if err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "alert skipped: %v", err))
			continue
		}
		if _, ok := m["secret_type"]; !ok {
			foreign++
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "alert skipped: no secret_type"))
			continue
		}
		if err := recs.Add(); err != nil {
			return nil, err
		}
		doc.Findings = append(doc.Findings, secretFinding(lim, &a, m, ptr, len(doc.Findings)))
	}
	if foreign > 0 && foreign == len(list) {
		return nil, fmt.Errorf("%w: no secret scanning alerts", decode.ErrNotFormat)
	}
	return doc, nil
}

func secretFinding(lim decode.Limits, a *secretScanningAlert, m map[string]json.RawMessage, ptr string, index int) aspm.Finding {
	name := firstNonEmpty(a.SecretTypeDisplayName, a.SecretType, "secret")
	f := aspm.Finding{
		Kind:       aspm.KindSecret,
		Rule:       a.SecretType,
		RuleName:   name,
		Title:      name + " exposed",
		Severity:   aspm.SeverityHigh,
		Status:     alertStatus(a.State, a.Resolution),
		Provenance: aspm.Provenance{Index: index, Pointer: ptr},
		Secret: &aspm.Secret{
			Type:     a.SecretType,
			Hash:     aspm.SecretHash(a.Secret),
			Redacted: redacted(a.Secret),
			Verified: strings.EqualFold(a.Validity, "active"),
		},
	}
	add := func(l *secretLocation) {
		if l == nil {
			return
		}
		loc := aspm.Location{File: repoPath(l.Path), Region: region(l.StartLine, l.EndLine, l.StartColumn, l.EndColumn)}
		if loc.File == "" {
			loc.URL = firstNonEmpty(l.HTMLURL, l.PageURL)
		}
		if loc.File == "" && loc.URL == "" {
			return
		}
		for _, have := range f.Locations {
			if have.File == loc.File && have.URL == loc.URL && regionEqual(have.Region, loc.Region) {
				return
			}
		}
		f.Locations = append(f.Locations, loc)
		if f.Secret.Commit == "" && !null(l.CommitSHA) {
			f.Secret.Commit = l.CommitSHA
		}
	}
	add(a.FirstLocation)
	for i := range a.Locations {
		add(&a.Locations[i].Details)
	}
	f.References = addRef(f.References, a.HTMLURL)
	repo := ""
	if a.Repository != nil {
		repo = a.Repository.FullName
	}
	f.Fingerprints = alertFingerprints(a.HTMLURL, "", decode.RawText(m["number"]), repo)
	f.Properties = props(nil, "", m, append([]string{"secret", "state", "resolution", "secret_type", "secret_type_display_name", "html_url", "repository", "first_location_detected", "locations"}, secretUsers...)...)
	for _, k := range secretUsers {
		if by := userLogin(m[k]); by != "" {
			setProp(&f, k, by)
		}
	}
	if a.Repository != nil {
		setProp(&f, "repository", a.Repository.FullName)
	}
	if a.FirstLocation != nil {
		setProp(&f, "first_location.blob_sha", a.FirstLocation.BlobSHA)
	}
	redact.Finding(&f, a.Secret)
	for k, v := range f.Properties {
		f.Properties[k] = decode.Clip(v, lim.MaxText)
	}
	return f
}

// redacted is the shown form of a secret; nothing for no secret.
func redacted(secret string) string {
	if secret == "" {
		return ""
	}
	return aspm.RedactSecret(secret)
}

func regionEqual(a, b *aspm.Region) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
