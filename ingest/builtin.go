package ingest

import (
	"github.com/posturekit/posture/ingest/bandit"
	"github.com/posturekit/posture/ingest/burp"
	"github.com/posturekit/posture/ingest/cfnnag"
	"github.com/posturekit/posture/ingest/checkov"
	"github.com/posturekit/posture/ingest/csaf"
	"github.com/posturekit/posture/ingest/cyclonedx"
	"github.com/posturekit/posture/ingest/dependencycheck"
	"github.com/posturekit/posture/ingest/dependencytrack"
	"github.com/posturekit/posture/ingest/detectsecrets"
	"github.com/posturekit/posture/ingest/generic"
	"github.com/posturekit/posture/ingest/ggshield"
	"github.com/posturekit/posture/ingest/github"
	"github.com/posturekit/posture/ingest/gitlab"
	"github.com/posturekit/posture/ingest/gitleaks"
	"github.com/posturekit/posture/ingest/gosec"
	"github.com/posturekit/posture/ingest/govulncheck"
	"github.com/posturekit/posture/ingest/grype"
	"github.com/posturekit/posture/ingest/hadolint"
	"github.com/posturekit/posture/ingest/kics"
	"github.com/posturekit/posture/ingest/noseyparker"
	"github.com/posturekit/posture/ingest/npmaudit"
	"github.com/posturekit/posture/ingest/nuclei"
	"github.com/posturekit/posture/ingest/openvex"
	"github.com/posturekit/posture/ingest/osvscanner"
	"github.com/posturekit/posture/ingest/pipaudit"
	"github.com/posturekit/posture/ingest/sarif"
	"github.com/posturekit/posture/ingest/semgrep"
	"github.com/posturekit/posture/ingest/snyk"
	"github.com/posturekit/posture/ingest/sonarqube"
	"github.com/posturekit/posture/ingest/spdx"
	"github.com/posturekit/posture/ingest/terrascan"
	"github.com/posturekit/posture/ingest/tfsec"
	"github.com/posturekit/posture/ingest/trivy"
	"github.com/posturekit/posture/ingest/trivyoperator"
	"github.com/posturekit/posture/ingest/trufflehog"
	"github.com/posturekit/posture/ingest/trufflehog3"
	"github.com/posturekit/posture/ingest/yarnaudit"
	"github.com/posturekit/posture/ingest/zap"
)

// Builtin returns a fresh value of every built-in decoder, in detection
// order: specific formats before general ones (a tool's own JSON before
// SARIF before CycloneDX and SPDX).
func Builtin() []Decoder {
	return []Decoder{
		// tool-specific formats
		&semgrep.Decoder{},
		&semgrep.PlatformDecoder{},
		&bandit.Decoder{},
		&gosec.Decoder{},
		&sonarqube.Decoder{},
		&sonarqube.HTMLDecoder{},
		&gitleaks.Decoder{},
		&trufflehog.Decoder{},
		&trufflehog3.Decoder{},
		&noseyparker.Decoder{},
		&detectsecrets.Decoder{},
		&ggshield.Decoder{},
		&npmaudit.V7Decoder{},
		&npmaudit.V6Decoder{},
		&yarnaudit.Decoder{},
		&pipaudit.Decoder{},
		&github.DependabotDecoder{},
		&github.DependabotGraphQLDecoder{},
		&github.CodeScanningDecoder{},
		&github.SecretScanningDecoder{},
		&gitlab.DependencyScanningDecoder{},
		&gitlab.ContainerScanningDecoder{},
		&gitlab.SecretDetectionDecoder{},
		&gitlab.SASTDecoder{},
		&checkov.Decoder{},
		&kics.Decoder{},
		&tfsec.Decoder{},
		&terrascan.Decoder{},
		&cfnnag.Decoder{},
		&hadolint.Decoder{},
		&zap.XMLDecoder{},
		&zap.JSONDecoder{},
		&nuclei.Decoder{},
		&burp.Decoder{},
		&trivy.Decoder{},
		&trivyoperator.Decoder{},
		&grype.Decoder{},
		&snyk.Decoder{},
		&osvscanner.Decoder{},
		&govulncheck.Decoder{},
		&govulncheck.LegacyDecoder{},
		&dependencycheck.XMLDecoder{},
		&dependencycheck.JSONDecoder{},
		&dependencytrack.Decoder{},
		&openvex.Decoder{},
		&csaf.Decoder{},
		// general formats: SARIF 2.1.0, from any producer
		&sarif.Decoder{},
		// general formats: CycloneDX (after SARIF), JSON before XML
		&cyclonedx.JSONDecoder{},
		&cyclonedx.XMLDecoder{},
		// general formats: SPDX (after CycloneDX)
		&spdx.JSONLDDecoder{},
		&spdx.JSONDecoder{},
		&spdx.TagValueDecoder{},
		// the generic format (posture-generic/v1 JSON and its fixed-header CSV), last
		&generic.JSONDecoder{},
		&generic.CSVDecoder{},
	}
}

var (
	_ Decoder = (*npmaudit.V7Decoder)(nil)
	_ Decoder = (*npmaudit.V6Decoder)(nil)
	_ Decoder = (*yarnaudit.Decoder)(nil)
	_ Decoder = (*pipaudit.Decoder)(nil)
	_ Decoder = (*github.DependabotDecoder)(nil)
	_ Decoder = (*github.DependabotGraphQLDecoder)(nil)
	_ Decoder = (*github.CodeScanningDecoder)(nil)
	_ Decoder = (*github.SecretScanningDecoder)(nil)
	_ Decoder = (*gitlab.DependencyScanningDecoder)(nil)
	_ Decoder = (*gitlab.ContainerScanningDecoder)(nil)
	_ Decoder = (*gitlab.SecretDetectionDecoder)(nil)
	_ Decoder = (*gitlab.SASTDecoder)(nil)
	_ Decoder = (*semgrep.Decoder)(nil)
	_ Decoder = (*semgrep.PlatformDecoder)(nil)
	_ Decoder = (*bandit.Decoder)(nil)
	_ Decoder = (*gosec.Decoder)(nil)
	_ Decoder = (*sonarqube.Decoder)(nil)
	_ Decoder = (*sonarqube.HTMLDecoder)(nil)
	_ Decoder = (*gitleaks.Decoder)(nil)
	_ Decoder = (*trufflehog.Decoder)(nil)
	_ Decoder = (*trufflehog3.Decoder)(nil)
	_ Decoder = (*noseyparker.Decoder)(nil)
	_ Decoder = (*detectsecrets.Decoder)(nil)
	_ Decoder = (*ggshield.Decoder)(nil)
	_ Decoder = (*checkov.Decoder)(nil)
	_ Decoder = (*kics.Decoder)(nil)
	_ Decoder = (*tfsec.Decoder)(nil)
	_ Decoder = (*terrascan.Decoder)(nil)
	_ Decoder = (*cfnnag.Decoder)(nil)
	_ Decoder = (*hadolint.Decoder)(nil)
	_ Decoder = (*zap.XMLDecoder)(nil)
	_ Decoder = (*zap.JSONDecoder)(nil)
	_ Decoder = (*nuclei.Decoder)(nil)
	_ Decoder = (*burp.Decoder)(nil)
	_ Decoder = (*trivy.Decoder)(nil)
	_ Decoder = (*trivyoperator.Decoder)(nil)
	_ Decoder = (*grype.Decoder)(nil)
	_ Decoder = (*snyk.Decoder)(nil)
	_ Decoder = (*osvscanner.Decoder)(nil)
	_ Decoder = (*govulncheck.Decoder)(nil)
	_ Decoder = (*govulncheck.LegacyDecoder)(nil)
	_ Decoder = (*openvex.Decoder)(nil)
	_ Decoder = (*csaf.Decoder)(nil)
	_ Decoder = (*dependencycheck.XMLDecoder)(nil)
	_ Decoder = (*dependencycheck.JSONDecoder)(nil)
	_ Decoder = (*dependencytrack.Decoder)(nil)
	_ Decoder = (*sarif.Decoder)(nil)
	_ Decoder = (*cyclonedx.JSONDecoder)(nil)
	_ Decoder = (*cyclonedx.XMLDecoder)(nil)
	_ Decoder = (*spdx.JSONLDDecoder)(nil)
	_ Decoder = (*spdx.JSONDecoder)(nil)
	_ Decoder = (*spdx.TagValueDecoder)(nil)
	_ Decoder = (*generic.JSONDecoder)(nil)
	_ Decoder = (*generic.CSVDecoder)(nil)
)
