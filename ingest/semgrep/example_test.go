package semgrep_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/semgrep"
)

func ExampleDecoder() {
	const report = `{"version": "1.97.0", "results": [{
		"check_id": "python.lang.security.audit.eval-detected.eval-detected",
		"path": "app/calc.py",
		"start": {"line": 7, "col": 12}, "end": {"line": 7, "col": 30},
		"extra": {"message": "Detected the use of eval().", "severity": "WARNING",
			"metadata": {"cwe": ["CWE-95: Eval Injection"]}, "lines": "    return eval(expression)"}}],
		"errors": []}`
	doc, err := (&semgrep.Decoder{}).Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	f := doc.Findings[0]
	fmt.Println(f.Kind, f.Severity, f.CWEs)
	fmt.Println(f.Rule)
	fmt.Printf("%s:%d %s\n", f.Locations[0].File, f.Locations[0].Region.StartLine, f.Title)
	// Output:
	// sast medium [95]
	// python.lang.security.audit.eval-detected.eval-detected
	// app/calc.py:7 Detected the use of eval().
}
