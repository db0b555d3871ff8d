package ingest_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest"
	"github.com/posturekit/posture/internal/testenv"
)

// secretFolders are the corpus folders of secret scanners, with the format
// that reads them.
var secretFolders = map[string]aspm.Format{
	"gitleaks":                        "gitleaks-json",
	"trufflehog":                      "trufflehog-json",
	"trufflehog3":                     "trufflehog3-json",
	"noseyparker":                     "noseyparker-json",
	"detect_secrets":                  "detect-secrets",
	"ggshield":                        "ggshield-json",
	"github_secrets_detection_report": "github-secret-scanning",
	"gitlab_secret_detection_report":  "gitlab-secret-detection",
}

// secretKeys are the members whose string values are, or hold, a secret.
// Context lines ("context") are left out: most hold none, and the secret
// they may hold is checked through "secret".
var secretKeys = map[string]bool{
	"Secret": true, "Match": true, "offender": true, "line": true, "Raw": true, "RawV2": true,
	"stringsFound": true, "secret": true, "match": true, "matching": true, "before": true, "after": true,
	"raw_source_code_extract": true, "match_content": true, "groups": true,
	"diff": true, "printDiff": true,
}

// base64Keys hold secrets encoded in base64 by some versions.
var base64Keys = map[string]bool{"Raw": true, "RawV2": true, "groups": true}

// TestSecretsNeverLeak decodes every file of the secret scanners' corpus
// folders and checks that no secret value the file holds appears in the
// JSON of any finding (what `posture ingest` prints).
func TestSecretsNeverLeak(t *testing.T) {
	dir := testenv.Corpus(t)
	reg := ingest.Default()
	folders := make([]string, 0, len(secretFolders))
	for f := range secretFolders {
		folders = append(folders, f)
	}
	slices.Sort(folders)
	for _, folder := range folders {
		if _, ok := reg.Lookup(secretFolders[folder]); !ok {
			t.Logf("%s: format %s is not registered yet", folder, secretFolders[folder])
			continue
		}
		files, err := filepath.Glob(filepath.Join(dir, folder, "*"))
		require.NoError(t, err)
		for _, path := range files {
			t.Run(folder+"/"+filepath.Base(path), func(t *testing.T) {
				data, err := os.ReadFile(path)
				require.NoError(t, err)
				values := rawSecrets(data)
				t.Logf("%d secret values", len(values))
				doc, err := reg.DecodeFile(t.Context(), "", path)
				if err != nil {
					t.Skipf("not decoded: %v", err)
				}
				for i, f := range doc.Findings {
					b, err := json.Marshal(f)
					require.NoError(t, err)
					for _, v := range values {
						esc, _ := json.Marshal(v)
						leaked := bytes.Contains(b, []byte(v)) || bytes.Contains(b, esc[1:len(esc)-1])
						assert.False(t, leaked, "finding %d holds the secret value %.12q…", i, v)
					}
				}
			})
		}
	}
}

// rawSecrets reads a corpus file as JSON (or JSON lines) on its own and
// returns the secret values it holds: the strings under secretKeys, their
// base64-decoded text where that applies, of 8 or more characters, except
// the placeholders of tools that redact themselves.
func rawSecrets(data []byte) []string {
	var docs []any
	var whole any
	if json.Unmarshal(data, &whole) == nil {
		docs = append(docs, whole)
	} else {
		for line := range bytes.Lines(data) {
			var v any
			if json.Unmarshal(line, &v) == nil {
				docs = append(docs, v)
			}
		}
	}
	seen := map[string]bool{}
	add := func(s string) {
		if len(s) >= 8 && !strings.Contains(s, "REDACTED") && !strings.Contains(s, "***") {
			seen[s] = true
		}
	}
	var walk func(v any, key string, under bool)
	walk = func(v any, key string, under bool) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				walk(c, k, under || secretKeys[k])
			}
		case []any:
			for _, c := range x {
				walk(c, key, under)
			}
		case string:
			if !under {
				return
			}
			add(x)
			if base64Keys[key] {
				if b, err := base64.StdEncoding.DecodeString(x); err == nil && utf8.Valid(b) {
					add(string(b))
				}
			}
		}
	}
	for _, d := range docs {
		walk(d, "", false)
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}
