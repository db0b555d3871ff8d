package zap_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/zap"
)

func ExampleXMLDecoder() {
	const report = `<?xml version="1.0"?>
<OWASPZAPReport version="2.14.0" generated="Tue, 12 Mar 2024 10:00:00">
  <site name="https://shop.example.com"><alerts><alertitem>
    <pluginid>10011</pluginid><name>Cookie Without Secure Flag</name>
    <riskcode>1</riskcode><confidence>2</confidence><cweid>614</cweid>
    <instances>
      <instance><uri>https://shop.example.com/login</uri><method>GET</method><param>sid</param></instance>
      <instance><uri>https://shop.example.com/cart</uri><method>GET</method><param>cart</param></instance>
    </instances>
  </alertitem></alerts></site>
</OWASPZAPReport>`
	var d zap.XMLDecoder
	doc, err := d.Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range doc.Findings {
		fmt.Println(f.Kind, f.Rule, f.Severity, f.CWEs, f.Title)
		for _, l := range f.Locations {
			fmt.Println(" ", l.Method, l.URL, l.Parameter)
		}
	}
	// Output:
	// dast 10011 low [614] Cookie Without Secure Flag
	//   GET https://shop.example.com/login sid
	//   GET https://shop.example.com/cart cart
}

func ExampleJSONDecoder() {
	const report = `{"@version": "2.14.0", "site": [{"@name": "https://shop.example.com", "alerts": [
	  {"pluginid": "10020", "alertRef": "10020-1", "name": "Missing Anti-clickjacking Header",
	   "riskcode": "2", "confidence": "2", "cweid": "1021",
	   "instances": [{"uri": "https://shop.example.com/", "method": "GET", "param": "x-frame-options"}]}]}]}`
	var d zap.JSONDecoder
	doc, err := d.Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range doc.Findings {
		fmt.Println(f.Rule, f.Severity, f.Title, f.Locations[0].URL)
	}
	// Output:
	// 10020-1 medium Missing Anti-clickjacking Header https://shop.example.com/
}
