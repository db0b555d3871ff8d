package sarif_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/posturekit/posture/export/exporttest"
	"github.com/posturekit/posture/export/sarif"
)

func ExampleEncoder() {
	var buf bytes.Buffer
	if err := (&sarif.Encoder{MergedRun: true}).Encode(context.Background(), &buf, exporttest.Result()); err != nil {
		panic(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID              string            `json:"ruleId"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	_ = json.Unmarshal(buf.Bytes(), &log)
	r := log.Runs[0].Results[0]
	fmt.Println(len(log.Runs[0].Results), r.RuleID, r.PartialFingerprints[sarif.FingerprintKey])
	// Output: 5 aws-access-key i-2bb80d537b1da3e38bd30361
}
