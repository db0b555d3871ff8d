package vulnid_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/vulnid"
)

func TestCVSSVersion(t *testing.T) {
	tests := []struct{ vector, fallback, want string }{
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "3.0", "3.1"},
		{"CVSS:4.0/AV:N/AC:L/AT:N", "", "4.0"},
		{"AV:N/AC:L/Au:N/C:P/I:P/A:P", "2.0", "2.0"},
		{"CVSS:x/AV:N", "3.0", "3.0"},
		{"CVSS:3.1", "3.0", "3.0"},
		{"", "3.0", "3.0"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, vulnid.CVSSVersion(tt.vector, tt.fallback), tt.vector)
	}
}

func TestVendorAdvisory(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"DSA-5678-1", true},
		{"RHSA-2024:0001", true},
		{" alas2-2023-123 ", true},
		{"ALAS2023-2024-500", true},
		{"USN-6000-1", true},
		{"CVE-2024-1234", false},
		{"GHSA-abcd-efgh-ijkl", false},
		{"DSAX-1", false},
		{"DSA", false},
		{"", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, vulnid.VendorAdvisory(tt.id), tt.id)
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name             string
		primary          string
		ids              []string
		aliases, related []string
	}{
		{"aliases and advisories", "CVE-2024-1", []string{"GHSA-aaaa-bbbb-cccc", "DSA-1-1", ""}, []string{"GHSA-aaaa-bbbb-cccc"}, []string{"DSA-1-1"}},
		{"a vendor primary makes every id related", "RHSA-2024:1", []string{"CVE-2024-1", "CVE-2024-2"}, nil, []string{"CVE-2024-1", "CVE-2024-2"}},
		{"nothing", "CVE-2024-1", nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			aliases, related := vulnid.Split(tt.primary, tt.ids)
			assert.Equal(t, tt.aliases, aliases)
			assert.Equal(t, tt.related, related)
		})
	}
}

func TestTrivyScores(t *testing.T) {
	m := map[string]vulnid.TrivyCVSS{
		"redhat": {V3Vector: "CVSS:3.1/AV:N", V3Score: 7.5},
		"nvd":    {V2Vector: "AV:N/AC:L/Au:N", V2Score: 5, V3Vector: "AV:N", V3Score: 9.8, V40Score: 8.7},
		"empty":  {},
	}
	want := []aspm.CVSS{
		{Source: "nvd", Version: "2.0", Vector: "AV:N/AC:L/Au:N", Score: 5},
		{Source: "nvd", Version: "3.0", Vector: "AV:N", Score: 9.8},
		{Source: "nvd", Version: "4.0", Score: 8.7},
		{Source: "redhat", Version: "3.1", Vector: "CVSS:3.1/AV:N", Score: 7.5},
	}
	assert.Equal(t, want, vulnid.TrivyScores(m))
	assert.Nil(t, vulnid.TrivyScores(nil))
}

func TestOSVSeverity(t *testing.T) {
	tests := []struct {
		typ, score string
		want       aspm.CVSS
		ok         bool
	}{
		{"CVSS_V3", " CVSS:3.1/AV:N/AC:L ", aspm.CVSS{Source: "osv", Version: "3.1", Vector: "CVSS:3.1/AV:N/AC:L"}, true},
		{"CVSS_V2", "AV:N/AC:L/Au:N", aspm.CVSS{Source: "osv", Version: "2.0", Vector: "AV:N/AC:L/Au:N"}, true},
		{"CVSS_V4", "AV:N/AC:L/AT:N", aspm.CVSS{Source: "osv", Version: "4.0", Vector: "AV:N/AC:L/AT:N"}, true},
		{"CVSS_V3", "7.5", aspm.CVSS{Source: "osv", Score: 7.5}, true},
		{"CVSS_V4", "9.1", aspm.CVSS{Source: "osv", Version: "4.0", Score: 9.1}, true},
		{"CVSS_V3", "  ", aspm.CVSS{}, false},
	}
	for _, tt := range tests {
		got, ok := vulnid.OSVSeverity(tt.typ, tt.score)
		assert.Equal(t, tt.ok, ok, tt.score)
		assert.Equal(t, tt.want, got, tt.score)
	}
}
