package dependencycheck_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/ingest/dependencycheck"
)

func ExampleXMLDecoder() {
	const report = `<?xml version="1.0"?>
<analysis xmlns="https://jeremylong.github.io/DependencyCheck/dependency-check.2.5.xsd">
  <scanInfo><engineVersion>8.4.0</engineVersion></scanInfo>
  <projectInfo><name>shop</name><reportDate>2023-09-01T10:11:12Z</reportDate></projectInfo>
  <dependencies>
    <dependency>
      <fileName>commons-text-1.9.jar</fileName>
      <filePath>/app/lib/commons-text-1.9.jar</filePath>
      <identifiers><package confidence="HIGHEST"><id>pkg:maven/org.apache.commons/commons-text@1.9</id></package></identifiers>
      <vulnerabilities>
        <vulnerability source="NVD">
          <name>CVE-2022-42889</name>
          <severity>CRITICAL</severity>
          <cvssV3>
            <baseScore>9.8</baseScore><attackVector>NETWORK</attackVector><attackComplexity>LOW</attackComplexity>
            <privilegesRequired>NONE</privilegesRequired><userInteraction>NONE</userInteraction><scope>UNCHANGED</scope>
            <confidentialityImpact>HIGH</confidentialityImpact><integrityImpact>HIGH</integrityImpact><availabilityImpact>HIGH</availabilityImpact>
            <version>3.1</version>
          </cvssV3>
          <cwes><cwe>CWE-94</cwe></cwes>
          <description>Apache Commons Text performs variable interpolation.</description>
        </vulnerability>
      </vulnerabilities>
    </dependency>
  </dependencies>
</analysis>`
	doc, err := (&dependencycheck.XMLDecoder{}).Decode(context.Background(), strings.NewReader(report))
	if err != nil {
		fmt.Println(err)
		return
	}
	f := doc.Findings[0]
	fmt.Println(f.Title)
	fmt.Println(f.Severity, f.CWEs, f.Component.PURL)
	fmt.Println(f.CVSS[0].Source, f.CVSS[0].Vector, f.CVSS[0].Score)
	fmt.Println(f.Locations[0].File)
	// Output:
	// CVE-2022-42889 in org.apache.commons:commons-text@1.9
	// critical [94] pkg:maven/org.apache.commons/commons-text@1.9
	// nvd CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H 9.8
	// /app/lib/commons-text-1.9.jar
}
