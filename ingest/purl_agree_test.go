package ingest_test

import (
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/ingest"
	"github.com/posturekit/posture/internal/testenv"
)

// TestCorpusPURLsAgree decodes the whole corpus and checks that a package
// version named by several formats (npm audit, Snyk, yarn; Trivy, Grype,
// GitLab; pip-audit and Grype; Dependency-Check and Dependency-Track...)
// gets the same versionless purl and version from every decoder.
func TestCorpusPURLsAgree(t *testing.T) {
	dir := testenv.Corpus(t)
	reg := ingest.Default()
	// name@version -> versionless key -> formats that said so
	seen := map[string]map[string][]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		doc, err := reg.DecodeFile(t.Context(), "", p)
		if err != nil {
			return nil // unreadable files are the corpus test's business
		}
		for _, f := range doc.Findings {
			c := f.Component
			if c == nil || c.PURL.IsZero() || c.PURL.Version() == "" {
				continue
			}
			k := strings.ToLower(c.PURL.Name()) + "@" + c.PURL.Version()
			if seen[k] == nil {
				seen[k] = map[string][]string{}
			}
			vk := c.PURL.VersionlessKey()
			if !slices.Contains(seen[k][vk], string(doc.Source.Format)) {
				seen[k][vk] = append(seen[k][vk], string(doc.Source.Format))
			}
		}
		return nil
	})
	require.NoError(t, err)

	shared := 0
	for k, byKey := range seen {
		formats := map[string]bool{}
		for _, fs := range byKey {
			for _, f := range fs {
				formats[f] = true
			}
		}
		if len(formats) < 2 {
			continue
		}
		shared++
		assert.Len(t, byKey, 1, "%s: decoders disagree on the purl: %v", k, byKey)
	}
	assert.GreaterOrEqual(t, shared, 20, "the corpus names at least 20 package versions in two or more formats")
	for k, want := range map[string][]string{
		"ansi-regex@4.1.0":        {"npm-audit-v6", "snyk-json", "yarn-audit"},
		"libc6@2.28-10":           {"gitlab-container-scanning", "grype-json", "trivy-json"},
		"django@3.2.9":            {"grype-json", "pip-audit"},
		"jackson-databind@2.13.3": {"dependency-check-xml", "dependency-track-fpf"},
		"yargs-parser@5.0.0":      {"dependency-check-xml", "snyk-json"},
		"jackson-databind@2.9.4":  {"cyclonedx-json", "cyclonedx-xml"},
		"tar@1.30+dfsg-6":         {"cyclonedx-json", "grype-json", "trivy-json"},
		"libpcre3@2:8.39-12":      {"grype-json", "trivy-json"},
	} {
		require.Len(t, seen[k], 1, k)
		for _, fs := range seen[k] {
			for _, f := range want {
				assert.Contains(t, fs, f, "%s should be named by %s", k, f)
			}
		}
	}
}
