package sarif

import (
	"bytes"
	"context"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"
)

// benchSize is the size of the generated log the benchmarks read.
const benchSize = 100 << 20

var benchLog = sync.OnceValue(func() []byte { return generateLog(benchSize) })

// BenchmarkDecode measures posture's decoder on a ~100 MB log of CodeQL-like
// results: read, depth check, decode and mapping.
func BenchmarkDecode(b *testing.B) {
	data := benchLog()
	ctx := context.Background()
	dec := &Decoder{}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		doc, err := dec.Decode(ctx, bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if len(doc.Findings) == 0 {
			b.Fatal("no findings")
		}
	}
}

// BenchmarkDecodeBytes is BenchmarkDecode without reading the input into
// memory (decode.ReadAll), to tell the cost of the copy from the cost of
// the mapping.
func BenchmarkDecodeBytes(b *testing.B) {
	data := benchLog()
	ctx := context.Background()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		doc, err := decodeBytes(ctx, data)
		if err != nil {
			b.Fatal(err)
		}
		if len(doc.Findings) == 0 {
			b.Fatal("no findings")
		}
	}
}

// BenchmarkBareGoSarif measures go-sarif's own decode of the same bytes,
// the floor posture's decoder is compared with.
func BenchmarkBareGoSarif(b *testing.B) {
	data := benchLog()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rep, err := gosarif.FromBytes(data)
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Runs) == 0 {
			b.Fatal("no runs")
		}
	}
}

// generateLog writes a deterministic SARIF 2.1.0 log of about size bytes:
// four runs of a CodeQL-like tool, 150 rules each with tags, CWE tags,
// security-severity and precision, and results with a region, a snippet,
// partial fingerprints and, for one in five, a code flow.
func generateLog(size int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	b.Grow(size + 1<<20)
	q := func(s string) { b.WriteString(strconv.Quote(s)) }
	itoa := func(n int) { b.WriteString(strconv.Itoa(n)) }
	const runs, rules = 4, 150
	langs := []string{"go", "js", "py", "java"}
	words := []string{"user", "input", "flows", "into", "query", "without", "sanitization", "the", "value", "request", "parameter", "path", "file", "command", "template", "render", "response", "header"}
	sentence := func(n int) string {
		var s []byte
		for i := range n {
			if i > 0 {
				s = append(s, ' ')
			}
			s = append(s, words[rng.IntN(len(words))]...)
		}
		return string(s)
	}
	b.WriteString(`{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[`)
	perRun := size / runs
	for r := range runs {
		if r > 0 {
			b.WriteByte(',')
		}
		start := b.Len()
		lang := langs[r%len(langs)]
		b.WriteString(`{"tool":{"driver":{"name":"CodeQL","organization":"GitHub","semanticVersion":"2.19.3","rules":[`)
		for i := range rules {
			if i > 0 {
				b.WriteByte(',')
			}
			id := lang + "/rule-" + strconv.Itoa(i)
			b.WriteString(`{"id":`)
			q(id)
			b.WriteString(`,"name":`)
			q(id)
			b.WriteString(`,"shortDescription":{"text":`)
			q(sentence(6))
			b.WriteString(`},"fullDescription":{"text":`)
			q(sentence(30))
			b.WriteString(`},"help":{"text":`)
			q(sentence(120))
			b.WriteString(`,"markdown":`)
			q(sentence(120))
			b.WriteString(`},"helpUri":"https://codeql.github.com/codeql-query-help/` + id + `/","defaultConfiguration":{"level":"error"},"properties":{"tags":["security","external/cwe/cwe-0`)
			itoa(20 + i%80)
			b.WriteString(`"],"kind":"path-problem","precision":"high","problem.severity":"error","security-severity":"`)
			b.WriteString(strconv.FormatFloat(float64(1+i%90)/10, 'f', 1, 64))
			b.WriteString(`"}}`)
		}
		b.WriteString(`]}},"originalUriBaseIds":{"%SRCROOT%":{"uri":"file:///home/runner/work/app/"}},"results":[`)
		for j := 0; b.Len()-start < perRun; j++ {
			if j > 0 {
				b.WriteByte(',')
			}
			rule := rng.IntN(rules)
			file := "src/pkg" + strconv.Itoa(rng.IntN(200)) + "/file" + strconv.Itoa(rng.IntN(50)) + "." + lang
			line := 1 + rng.IntN(2000)
			b.WriteString(`{"ruleId":"` + lang + `/rule-`)
			itoa(rule)
			b.WriteString(`","ruleIndex":`)
			itoa(rule)
			b.WriteString(`,"level":"error","message":{"text":`)
			q("This " + sentence(12) + " [user-provided value](1).")
			b.WriteString(`},"locations":[{"physicalLocation":{"artifactLocation":{"uri":`)
			q(file)
			b.WriteString(`,"uriBaseId":"%SRCROOT%"},"region":{"startLine":`)
			itoa(line)
			b.WriteString(`,"startColumn":`)
			itoa(1 + rng.IntN(40))
			b.WriteString(`,"endLine":`)
			itoa(line + rng.IntN(3))
			b.WriteString(`,"endColumn":`)
			itoa(41 + rng.IntN(40))
			b.WriteString(`,"snippet":{"text":`)
			q("\t\tresult := db.Query(" + sentence(8) + ")\n")
			b.WriteString(`}}}}],"partialFingerprints":{"primaryLocationLineHash":"`)
			b.WriteString(strconv.FormatUint(rng.Uint64(), 16))
			b.WriteString(`:1","primaryLocationStartColumnFingerprint":"`)
			itoa(rng.IntN(30))
			b.WriteString(`"}`)
			if j%5 == 0 {
				b.WriteString(`,"codeFlows":[{"threadFlows":[{"locations":[`)
				for k := range 4 {
					if k > 0 {
						b.WriteByte(',')
					}
					b.WriteString(`{"location":{"physicalLocation":{"artifactLocation":{"uri":`)
					q(file)
					b.WriteString(`,"uriBaseId":"%SRCROOT%"},"region":{"startLine":`)
					itoa(line - 3 + k)
					b.WriteString(`,"startColumn":5,"endColumn":20}},"message":{"text":`)
					q(sentence(3))
					b.WriteString(`}}}`)
				}
				b.WriteString(`]}]}]`)
			}
			b.WriteByte('}')
		}
		b.WriteString(`],"columnKind":"utf16CodeUnits"}`)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}
