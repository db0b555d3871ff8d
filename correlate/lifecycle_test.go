package correlate_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/correlate"
)

// asBaseline writes a result as the JSON of a previous run and reads it
// back, as posture scan --baseline does.
func asBaseline(t *testing.T, res *correlate.Result) *aspm.Result {
	t.Helper()
	b, err := json.Marshal(aspm.Result{Schema: aspm.SchemaV1, Issues: res.Issues})
	require.NoError(t, err)
	var back aspm.Result
	require.NoError(t, json.Unmarshal(b, &back))
	return &back
}

func byStatus(res *correlate.Result) map[aspm.Lifecycle]int {
	m := map[aspm.Lifecycle]int{}
	for _, is := range res.Issues {
		m[is.Status]++
	}
	return m
}

func TestLifecycle(t *testing.T) {
	t1 := t0.Add(24 * time.Hour)
	t2 := t1.Add(24 * time.Hour)
	// Scan 1: a SQL injection found by bandit (no snippet, only a line), a
	// vulnerable package and a secret.
	scan1 := []*aspm.Document{aspmtest.Doc("bandit",
		aspmtest.SAST("B608", "app/db.py", 40).CWE(89).Build()),
		aspmtest.Doc("trivy", log4j("trivy").Build(), aspmtest.Secret("hunter2hunter2hunter2", ".env", 1).Build())}
	r1 := run(t, scan1)
	require.Len(t, r1.Issues, 3)
	assert.Equal(t, map[aspm.Lifecycle]int{aspm.LifecycleNew: 3}, byStatus(r1))

	// A human triages the injection as accepted risk.
	base1 := asBaseline(t, r1)
	var sqli string
	for i := range base1.Issues {
		if base1.Issues[i].Kind == aspm.KindSAST {
			base1.Issues[i].Triage = &aspm.Triage{Status: aspm.StatusAccepted, By: "alice", Reason: "internal tool"}
			sqli = base1.Issues[i].ID
		}
	}

	// Scan 2: lines were inserted above the injection (now line 43) and a
	// different tool (semgrep, another rule id) finds it; the secret is
	// gone; a new package issue appears.
	scan2 := []*aspm.Document{
		aspmtest.Doc("semgrep", aspmtest.SAST("python.lang.security.audit.formatted-sql-query", "app/db.py", 43).CWE(89).Build()),
		aspmtest.Doc("trivy", log4j("trivy").Build(), aspmtest.SCA("CVE-2020-8203", "pkg:npm/lodash@4.17.15").Build())}
	r2 := run(t, scan2, correlate.WithBaseline(base1), clock(t1))
	assert.Equal(t, map[aspm.Lifecycle]int{aspm.LifecycleNew: 1, aspm.LifecycleUnchanged: 2, aspm.LifecycleFixed: 1}, byStatus(r2))
	for _, is := range r2.Issues {
		switch {
		case is.ID == sqli:
			assert.Equal(t, aspm.LifecycleUnchanged, is.Status)
			require.NotNil(t, is.Triage, "the decision survives a line shift and a new tool")
			assert.Equal(t, "alice", is.Triage.By)
			assert.Equal(t, t0, is.FirstSeen)
			assert.Equal(t, t1, is.LastSeen)
			assert.Equal(t, []string{"semgrep"}, is.Tools)
		case is.Kind == aspm.KindSecret:
			assert.Equal(t, aspm.LifecycleFixed, is.Status)
			assert.Equal(t, t1, is.FixedAt)
		case is.Status == aspm.LifecycleNew:
			assert.Equal(t, t1, is.FirstSeen)
		}
	}

	// Scan 3: the secret is back: reopened.
	r3 := run(t, scan1, correlate.WithBaseline(asBaseline(t, r2)), clock(t2))
	st := byStatus(r3)
	assert.Equal(t, 1, st[aspm.LifecycleReopened], "%v", st)

	// Reading a result back as its own baseline: everything unchanged.
	again := run(t, scan1, correlate.WithBaseline(asBaseline(t, r1)), clock(t1))
	assert.Equal(t, map[aspm.Lifecycle]int{aspm.LifecycleUnchanged: 3}, byStatus(again))
	for i := range again.Issues {
		assert.Equal(t, r1.Issues[i].ID, again.Issues[i].ID)
	}
}
