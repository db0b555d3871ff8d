package openvex

import (
	"bufio"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/vexdecide"
)

// Format is the name of this encoder's format.
const Format aspm.Format = "openvex"

// Context is the @context of OpenVEX 0.2.0 documents.
const Context = "https://openvex.dev/ns/v0.2.0"

// ErrNoStatements is returned, with nothing written, when no issue has a
// statement to make: OpenVEX requires at least one.
var ErrNoStatements = errors.New("openvex: no statements to write")

// Encoder writes an OpenVEX 0.2.0 document from triage decisions and
// policy exceptions. The zero value writes statements only for issues with
// a decision, authored by "posture".
type Encoder struct {
	// Author is the document's author; "" means "posture".
	Author string
	// ID is the document's @id; "" means an id derived from the content,
	// "https://openvex.dev/docs/posture/<hash>".
	ID string
	// IncludeOpen also writes a statement for every vulnerability issue
	// without a decision: affected (with the upgrade as action) or fixed.
	IncludeOpen bool
}

// Format returns "openvex".
func (*Encoder) Format() aspm.Format { return Format }

type document struct {
	Context    string      `json:"@context"`
	ID         string      `json:"@id"`
	Author     string      `json:"author"`
	Timestamp  string      `json:"timestamp"`
	Version    int         `json:"version"`
	Tooling    string      `json:"tooling,omitempty"`
	Statements []statement `json:"statements"`
}

type vulnerability struct {
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
}

type product struct {
	ID          string            `json:"@id"`
	Identifiers map[string]string `json:"identifiers,omitempty"`
}

type statement struct {
	Vulnerability   vulnerability `json:"vulnerability"`
	Timestamp       string        `json:"timestamp,omitempty"`
	Products        []product     `json:"products"`
	Status          aspm.VEXState `json:"status"`
	StatusNotes     string        `json:"status_notes,omitempty"`
	Justification   string        `json:"justification,omitempty"`
	ImpactStatement string        `json:"impact_statement,omitempty"`
	ActionStatement string        `json:"action_statement,omitempty"`
}

// Encode writes one statement per vulnerability issue with a decision
// (see the package documentation), sorted by vulnerability and product.
// The document's timestamp is the result's generation time.
func (e *Encoder) Encode(ctx context.Context, w io.Writer, r *aspm.Result) error {
	if r == nil {
		return errors.New("openvex: nil result")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	doc := document{Context: Context, Author: clean(cmp.Or(e.Author, "posture"), 200), Version: 1, Tooling: "posture",
		Timestamp: stamp(r.GeneratedAt), Statements: []statement{}}
	for i := range r.Issues {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		is := &r.Issues[i]
		d, ok := vexdecide.Decide(is, e.IncludeOpen)
		if !ok {
			continue
		}
		purl := is.Component.String()
		st := statement{
			Vulnerability: vulnerability{Name: clean(is.Vulns[0], 200)},
			Products:      []product{{ID: purl, Identifiers: map[string]string{"purl": purl}}},
			Status:        d.State, Justification: d.Justification,
			ImpactStatement: clean(d.Impact, 4000), ActionStatement: clean(d.Action, 4000), StatusNotes: clean(d.Notes, 4000),
		}
		if !d.At.IsZero() {
			st.Timestamp = stamp(d.At)
		}
		for _, a := range is.Vulns[1:] {
			if a != "" && !slices.Contains(st.Vulnerability.Aliases, clean(a, 200)) && clean(a, 200) != st.Vulnerability.Name {
				st.Vulnerability.Aliases = append(st.Vulnerability.Aliases, clean(a, 200))
			}
		}
		doc.Statements = append(doc.Statements, st)
	}
	if len(doc.Statements) == 0 {
		return ErrNoStatements
	}
	slices.SortStableFunc(doc.Statements, func(a, b statement) int {
		return cmp.Or(strings.Compare(a.Vulnerability.Name, b.Vulnerability.Name), strings.Compare(a.Products[0].ID, b.Products[0].ID))
	})
	if e.ID != "" {
		doc.ID = e.ID
	} else {
		b, err := json.Marshal(doc.Statements)
		if err != nil {
			return fmt.Errorf("openvex: %w", err)
		}
		sum := sha256.Sum256(b)
		doc.ID = "https://openvex.dev/docs/posture/" + hex.EncodeToString(sum[:16])
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("openvex: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("openvex: %w", err)
	}
	return nil
}

// stamp formats t as RFC 3339 in UTC; the zero time is the Unix epoch, as
// the schema requires a timestamp.
func stamp(t time.Time) string {
	if t.IsZero() {
		t = time.Unix(0, 0)
	}
	return t.UTC().Format(time.RFC3339)
}
