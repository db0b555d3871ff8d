// Package testenv finds the shared test data that posture's tests read
// through environment variables (POSTURE_CORPUS, POSTURE_EXT,
// POSTURE_SCHEMAS) and skips a test when its variable is unset.
package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the directory named by the environment variable env, skipping
// t when it is unset. A relative path is taken from the module root (the
// nearest directory above the test's with a go.mod), so that
// POSTURE_CORPUS=../shared/corpus works from any package.
func Dir(t testing.TB, env string) string {
	t.Helper()
	dir := os.Getenv(env)
	if dir == "" {
		t.Skipf("%s is not set", env)
	}
	if filepath.IsAbs(dir) {
		return dir
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatalf("testenv: %v", err)
	}
	for root := wd; ; {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			return filepath.Join(root, dir)
		}
		parent := filepath.Dir(root)
		if parent == root {
			return filepath.Join(wd, dir)
		}
		root = parent
	}
}

// Corpus returns POSTURE_CORPUS, the shared scanner-output corpus.
func Corpus(t testing.TB) string { return Dir(t, "POSTURE_CORPUS") }

// Ext returns POSTURE_EXT, the shared SBOMs, SARIF logs and CVSS data.
func Ext(t testing.TB) string { return Dir(t, "POSTURE_EXT") }

// Schemas returns POSTURE_SCHEMAS, the official JSON schemas.
func Schemas(t testing.TB) string { return Dir(t, "POSTURE_SCHEMAS") }
