package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"
)

// projectConfig is posture.yaml: the settings of a scan kept beside its
// inputs, so that "posture scan DIR" needs no flags. Paths are relative to
// the file. Command-line flags win over it.
//
//	inventory: inventory.yaml
//	policy: policy/
//	exceptions: exceptions.yaml
//	baseline: previous.json
//	outputs: ["html=posture-report.html"]
type projectConfig struct {
	Inventory  string   `yaml:"inventory"`
	Policy     string   `yaml:"policy"`
	Exceptions string   `yaml:"exceptions"`
	Baseline   string   `yaml:"baseline"`
	EPSS       string   `yaml:"epss"`
	KEV        string   `yaml:"kev"`
	Outputs    []string `yaml:"outputs"`

	dir string
}

// configName is the project file's name in an input directory.
const configName = "posture.yaml"

// findConfig reads posture.yaml from the first input that is a directory
// holding one. It returns nil when there is none.
func findConfig(inputs []string) (*projectConfig, error) {
	for _, in := range inputs {
		st, err := os.Stat(in)
		if err != nil || !st.IsDir() {
			continue
		}
		path := filepath.Join(in, configName)
		data, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		var c projectConfig
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		c.dir = in
		return &c, nil
	}
	return nil, nil
}

// path resolves a path of the file against its directory ("" stays "").
func (c *projectConfig) path(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.dir, p)
}
