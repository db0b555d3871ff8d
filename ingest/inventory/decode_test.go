package inventory_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/inventory"
	"github.com/posturekit/posture/internal/decode"
)

func read(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func decodeFixture(t *testing.T, name string) (*aspm.Inventory, error) {
	t.Helper()
	return inventory.Decode(t.Context(), name, bytes.NewReader(read(t, name)))
}

func TestDecodeFull(t *testing.T) {
	inv, err := decodeFixture(t, "full.yaml")
	require.NoError(t, err)
	assert.Equal(t, "full.yaml", inv.File)
	assert.Equal(t, []aspm.Team{
		{Name: "commerce", Contact: "commerce-leads@shop.example"},
		{Name: "payments", Parent: "commerce", Contact: "#payments-oncall"},
		{Name: "platform"},
	}, inv.Teams)
	require.Len(t, inv.Services, 3)
	assert.Equal(t, aspm.Service{
		Name:         "checkout",
		Description:  "Takes orders and card payments",
		Owners:       []string{"payments"},
		BusinessUnit: "commerce",
		Tier:         aspm.TierCritical,
		DataClasses:  []aspm.DataClass{aspm.DataPCI, aspm.DataPII},
		Exposure:     aspm.ExposureInternet,
		Environments: []aspm.Environment{aspm.EnvProduction, aspm.EnvStaging},
		Repos:        []string{"https://github.com/shop/checkout"},
		Images:       []string{"registry.shop.example/checkout@sha256:7a3f0c1e9b8d2a4c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5"},
		SBOMs:        []string{"sboms/checkout.cdx.json"},
		Scans:        []string{"scans/checkout/*.sarif", "trivy-checkout.json"},
		Components:   []aspm.PURL{aspm.MustParsePURL("pkg:npm/express@4.18.2")},
		Controls:     []aspm.Control{aspm.ControlWAF, "x-bot-protection"},
	}, inv.Services[0])
	ledger := inv.Services[1]
	assert.Equal(t, []string{"payments"}, ledger.Owners, "a single value is a list of one")
	assert.Equal(t, aspm.TierHigh, ledger.Tier)
	assert.Equal(t, []aspm.DataClass{aspm.DataFinancial}, ledger.DataClasses)
	assert.True(t, ledger.Environments[0].IsProduction())
	assert.Equal(t, aspm.TierLow, inv.Services[2].Tier)
	assert.Equal(t, aspm.ExposureNone, inv.Services[2].Exposure)
}

func TestDecodeSmall(t *testing.T) {
	tests := []struct {
		file string
		want []aspm.Service
	}{
		{"minimal.yaml", []aspm.Service{{Name: "api"}}},
		{"merge-keys.yaml", []aspm.Service{{Name: "api", Owners: []string{"platform"}, Exposure: aspm.ExposureInternal}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			inv, err := decodeFixture(t, tt.file)
			require.NoError(t, err)
			assert.Equal(t, tt.want, inv.Services)
		})
	}
}

// TestDecodeMalformed is the contract for broken inventories: each problem
// is an *inventory.Error naming the file, the line and the field.
func TestDecodeMalformed(t *testing.T) {
	tests := []struct {
		file     string
		sentinel error
		line     int
		field    string
		message  string
	}{
		{"unknown-key.yaml", inventory.ErrUnknownKey, 3, "services[0].owner", `unknown key "owner"`},
		{"unknown-top-key.yaml", inventory.ErrUnknownKey, 3, "servcies", `unknown key "servcies"`},
		{"no-name.yaml", inventory.ErrMissing, 3, "services[1].name", "a service needs a name"},
		{"owner-cycle.yaml", inventory.ErrCycle, 3, "teams[0].parent", "a → c → b → a"},
		{"self-parent.yaml", inventory.ErrCycle, 3, "teams[0].parent", "solo → solo"},
		{"unknown-data-class.yaml", inventory.ErrInvalid, 5, "services[0].data_classes[1]", `unknown data class "top-secret"`},
		{"unknown-exposure.yaml", inventory.ErrInvalid, 3, "services[0].exposure", `unknown exposure "everywhere"`},
		{"bad-tier.yaml", inventory.ErrInvalid, 3, "services[0].tier", `unknown tier "7"`},
		{"bad-purl.yaml", inventory.ErrInvalid, 3, "services[0].components[0]", "invalid package URL"},
		{"duplicate-service.yaml", inventory.ErrDuplicate, 4, "services[2].name", `service "api" is also services[0]`},
		{"wrong-type.yaml", inventory.ErrInvalid, 3, "services[0].owners", "want a list, have a mapping"},
		{"not-a-mapping.yaml", inventory.ErrInvalid, 1, "", "an inventory is a mapping"},
		{"syntax-error.yaml", inventory.ErrSyntax, 1, "", "malformed YAML: line 1: did not find expected '-' indicator"}, // the YAML parser's line
		{"two-documents.yaml", inventory.ErrSyntax, 3, "", "more than one YAML document"},
		{"empty.yaml", inventory.ErrEmpty, 0, "", "empty input"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			inv, err := decodeFixture(t, tt.file)
			require.Error(t, err)
			assert.Nil(t, inv)
			assert.ErrorIs(t, err, tt.sentinel)
			var ie *inventory.Error
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, tt.file, ie.File)
			assert.Equal(t, tt.line, ie.Line, "line")
			assert.Equal(t, tt.field, ie.Field, "field")
			assert.Contains(t, err.Error(), tt.message)
			assert.True(t, strings.HasPrefix(err.Error(), tt.file+":"), "the message starts with the file: %v", err)
		})
	}
}

// Several problems are reported at once, each with its place, up to the
// decoder's bound.
func TestDecodeManyProblems(t *testing.T) {
	src := "services:\n  - name: a\n    exposure: nowhere\n  - tier: 9\n  - name: c\n    colour: blue\n"
	_, err := inventory.Decode(t.Context(), "inv.yaml", strings.NewReader(src))
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, "inv.yaml:3:15: services[0].exposure:")
	assert.Contains(t, msg, "inv.yaml:4:11: services[1].tier:")
	assert.Contains(t, msg, "inv.yaml:4:5: services[1].name:")
	assert.Contains(t, msg, "inv.yaml:6:5: services[2].colour:")

	d := inventory.Decoder{MaxProblems: 1}
	_, err = d.Decode(t.Context(), "inv.yaml", strings.NewReader(src))
	assert.Equal(t, 1, strings.Count(err.Error(), "inv.yaml:"))
}

// A merge-key bomb (each level merges the one below eight times, 8^7
// merges in all) costs one expansion per mapping.
func TestDecodeMergeBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("x-a: &a {owners: [x]}\n")
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h"} {
		b.WriteString("x-" + n + ": &" + n + " {<<: [")
		for i := range 8 {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*" + prev)
		}
		b.WriteString("]}\n")
		prev = n
	}
	b.WriteString("services:\n  - <<: *h\n    name: api\n")
	ctx := decode.WithLimits(t.Context(), decode.Limits{MaxRecords: 10_000})
	inv, err := inventory.Decode(ctx, "bomb.yaml", strings.NewReader(b.String()))
	require.NoError(t, err)
	assert.Equal(t, []aspm.Service{{Name: "api", Owners: []string{"x"}}}, inv.Services)
}

// The walk visits at most the record limit's number of YAML nodes (the
// registry carries its limits in the context, as here).
func TestDecodeRecordLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("services:\n")
	for i := range 100 {
		fmt.Fprintf(&b, "  - name: s%d\n", i)
	}
	ctx := decode.WithLimits(t.Context(), decode.Limits{MaxRecords: 50})
	_, err := inventory.Decode(ctx, "big.yaml", strings.NewReader(b.String()))
	assert.ErrorIs(t, err, inventory.ErrTooLarge)
}

func TestDecodeFile(t *testing.T) {
	inv, err := inventory.DecodeFile(t.Context(), filepath.Join("testdata", "minimal.yaml"))
	require.NoError(t, err)
	assert.Equal(t, filepath.Join("testdata", "minimal.yaml"), inv.File)

	_, err = inventory.DecodeFile(t.Context(), filepath.Join("testdata", "missing.yaml"))
	assert.True(t, errors.Is(err, os.ErrNotExist))
}

func TestDecoderDetect(t *testing.T) {
	var d inventory.Decoder
	assert.Equal(t, inventory.Format, d.Format())
	assert.True(t, d.Detect(read(t, "full.yaml")))
	assert.False(t, d.Detect(read(t, "minimal.yaml")), "without a schema line an inventory is not detected")
	assert.False(t, d.Detect([]byte(`{"bomFormat":"CycloneDX"}`)))
}

func TestDecodeCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := inventory.Decode(ctx, "full.yaml", bytes.NewReader(read(t, "full.yaml")))
	assert.ErrorIs(t, err, context.Canceled)
}
