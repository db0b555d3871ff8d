package cyclonedx_test

import (
	"bytes"
	"fmt"
	"strconv"
	"sync"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/posturekit/posture/ingest/cyclonedx"
)

// largeBOM returns a deterministic CycloneDX 1.6 JSON BOM of about 50 MB:
// npm components with purls, licenses and hashes, a dependency graph with
// three edges per component, and vulnerabilities with ratings and affects.
var largeBOM = sync.OnceValue(func() []byte {
	const (
		components = 51_000
		vulns      = 2_000
	)
	ref := func(i int) string {
		return "pkg:npm/%40bench-" + strconv.Itoa(i%97) + "/package-" + strconv.Itoa(i) + "@1." + strconv.Itoa(i%13) + "." + strconv.Itoa(i%7)
	}
	var b bytes.Buffer
	b.Grow(52 << 20)
	b.WriteString(`{"$schema":"http://cyclonedx.org/schema/bom-1.6.schema.json","bomFormat":"CycloneDX","specVersion":"1.6",` +
		`"serialNumber":"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79","version":1,` +
		`"metadata":{"timestamp":"2026-01-02T03:04:05Z","tools":{"components":[{"type":"application","group":"posture","name":"bench","version":"1.0.0"}]},` +
		`"component":{"bom-ref":"root","type":"application","name":"bench-app","version":"1.0.0","purl":"pkg:npm/bench-app@1.0.0"}},"components":[`)
	for i := range components {
		if i > 0 {
			b.WriteByte(',')
		}
		r := ref(i)
		fmt.Fprintf(&b, `{"bom-ref":%q,"type":"library","group":"@bench-%d","name":"package-%d","version":"1.%d.%d",`+
			`"description":"Package number %d of the benchmark, with a description long enough to look like a real one.",`+
			`"licenses":[{"license":{"id":"MIT"}},{"expression":"Apache-2.0 OR BSD-3-Clause"}],`+
			`"hashes":[{"alg":"SHA-256","content":"%064x"},{"alg":"SHA-1","content":"%040x"}],"purl":%q,`+
			`"externalReferences":[{"type":"distribution","url":"https://registry.npmjs.org/package-%d/-/package-%d.tgz"}],`+
			`"properties":[{"name":"cdx:npm:package:path","value":"node_modules/package-%d"}]}`,
			r, i%97, i, i%13, i%7, i, uint64(i)*0x9e3779b97f4a7c15, uint64(i)*0x85ebca6b, r, i, i, i)
	}
	b.WriteString(`],"dependencies":[{"ref":"root","dependsOn":[`)
	for i := range 200 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%q", ref(i))
	}
	b.WriteString(`]}`)
	for i := range components {
		fmt.Fprintf(&b, `,{"ref":%q,"dependsOn":[%q,%q,%q]}`, ref(i), ref((i+1)%components), ref((i*7+3)%components), ref((i*31+11)%components))
	}
	b.WriteString(`],"vulnerabilities":[`)
	for i := range vulns {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"bom-ref":"vuln-%d","id":"CVE-2026-%05d","source":{"name":"NVD","url":"https://nvd.nist.gov/vuln/detail/CVE-2026-%05d"},`+
			`"references":[{"id":"GHSA-%04x-%04x-%04x","source":{"name":"GitHub"}}],`+
			`"ratings":[{"source":{"name":"nvd"},"score":%d.5,"severity":"high","method":"CVSSv31","vector":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N"},`+
			`{"source":{"name":"ghsa"},"severity":"medium"}],"cwes":[79,%d],`+
			`"description":"A vulnerability in package %d that allows something bad to happen under some conditions.",`+
			`"recommendation":"Upgrade to 2.0.0","advisories":[{"url":"https://github.com/advisories/GHSA-%04x-%04x-%04x"}],`+
			`"published":"2026-01-01T00:00:00Z","updated":"2026-01-02T00:00:00Z",`+
			`"affects":[{"ref":%q,"versions":[{"version":"1.%d.%d","status":"affected"},{"version":"2.0.0","status":"unaffected"}]},{"ref":%q}]}`,
			i, i, i, i, i*3, i*7, 1+i%9, 20+i%900, i*23, i, i*3, i*7, ref(i*23%components), (i*23%components)%13, (i*23%components)%7, ref(i*29%components))
	}
	b.WriteString(`]}`)
	return b.Bytes()
})

// BenchmarkDecodeJSON decodes the large BOM with posture's decoder.
func BenchmarkDecodeJSON(b *testing.B) {
	data := largeBOM()
	dec := &cyclonedx.JSONDecoder{}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		doc, err := dec.Decode(b.Context(), bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if len(doc.Findings) == 0 {
			b.Fatal("no findings")
		}
	}
}

// BenchmarkBareCycloneDX decodes the same bytes with cyclonedx-go alone,
// the floor that posture's decoder builds on.
func BenchmarkBareCycloneDX(b *testing.B) {
	data := largeBOM()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		var bom cdx.BOM
		if err := cdx.NewBOMDecoder(bytes.NewReader(data), cdx.BOMFileFormatJSON).Decode(&bom); err != nil {
			b.Fatal(err)
		}
	}
}
