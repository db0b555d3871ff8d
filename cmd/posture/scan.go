package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/posturekit/posture"
	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/export"
	exportjson "github.com/posturekit/posture/export/json"
	"github.com/posturekit/posture/export/openvex"
	"github.com/posturekit/posture/ingest/inventory"
	"github.com/posturekit/posture/policy"
	"github.com/posturekit/posture/score"
	"github.com/posturekit/posture/score/builtin"
	"github.com/posturekit/posture/score/epss"
	"github.com/posturekit/posture/score/kev"
)

// outputFlag collects repeated -o FORMAT[=PATH] values.
type outputFlag []output

type output struct{ format, path string }

func (o *outputFlag) String() string { return "" }

func (o *outputFlag) Set(v string) error {
	format, path, _ := strings.Cut(v, "=")
	if format == "" {
		return errors.New("empty format")
	}
	*o = append(*o, output{format, path})
	return nil
}

func runScan(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "scan", "[flags] INPUT...")
	inv := fs.String("inventory", "", "inventory `FILE` (services, owners, data classes, exposure)")
	baseline := fs.String("baseline", "", "a previous `-o json` result to compare with")
	policyPath := fs.String("policy", "", "policy rules: a YAML `PATH` (file or directory)")
	exceptionsPath := fs.String("exceptions", "", "exceptions: a YAML `FILE` (or directory) of risk acceptances")
	epssFile := fs.String("epss", "", "FIRST EPSS daily `CSV` (gzipped or not) for exploit probability")
	kevFile := fs.String("kev", "", "CISA KEV `JSON` catalog of known exploited vulnerabilities")
	var outs outputFlag
	fs.Var(&outs, "o", "output `FORMAT[=PATH]`, repeatable (default: a table on stdout); formats: "+strings.Join(scanFormats(), ", "))
	verbose := fs.Bool("verbose", false, "also list skipped files and every diagnostic")
	top := fs.Int("top", 15, "how many issues the table shows")
	now := fs.String("now", "", "use this `TIME` (RFC 3339) as the clock, for reproducible reports")
	inputs, code := parseFlags(fs, args)
	if code >= 0 {
		return code
	}
	if len(inputs) == 0 {
		e.errorf("scan: no inputs (files or directories)")
		fs.Usage()
		return exitUsage
	}
	cfg, err := findConfig(inputs)
	if err != nil {
		e.errorf("scan: %v", err)
		return exitUsage
	}
	if cfg != nil {
		// posture.yaml beside the inputs: flags win.
		if *inv == "" {
			*inv = cfg.path(cfg.Inventory)
		}
		if *baseline == "" {
			*baseline = cfg.path(cfg.Baseline)
		}
		if *epssFile == "" {
			*epssFile = cfg.path(cfg.EPSS)
		}
		if *policyPath == "" {
			*policyPath = cfg.path(cfg.Policy)
		}
		if *exceptionsPath == "" {
			*exceptionsPath = cfg.path(cfg.Exceptions)
		}
		if *kevFile == "" {
			*kevFile = cfg.path(cfg.KEV)
		}
		if len(outs) == 0 {
			outs = outputFlag{{format: "table"}}
			for _, o := range cfg.Outputs {
				if err := outs.Set(o); err != nil {
					e.errorf("scan: %s: outputs: %v", configName, err)
					return exitUsage
				}
				if last := &outs[len(outs)-1]; last.path != "" {
					last.path = cfg.path(last.path)
				}
			}
		}
	}
	if len(outs) == 0 {
		outs = outputFlag{{format: "table"}}
	}
	for _, o := range outs {
		if !slices.Contains(scanFormats(), o.format) {
			e.errorf("scan: unknown output format %q (known: %s)", o.format, strings.Join(scanFormats(), ", "))
			return exitUsage
		}
	}

	opts := []posture.Option{}
	clock := time.Now
	if *now != "" {
		t, err := time.Parse(time.RFC3339, *now)
		if err != nil {
			e.errorf("scan: --now: %v", err)
			return exitUsage
		}
		clock = func() time.Time { return t }
		opts = append(opts, posture.WithClock(clock))
	}
	if *inv != "" {
		in, err := inventory.DecodeFile(ctx, *inv)
		if err != nil {
			e.errorf("%v", err)
			return exitFailed
		}
		opts = append(opts, posture.WithInventory(in))
	}
	if *baseline != "" {
		prev, err := readBaseline(ctx, *baseline)
		if err != nil {
			e.errorf("%v", err)
			return exitFailed
		}
		opts = append(opts, posture.WithBaseline(prev))
	}
	if *epssFile != "" || *kevFile != "" {
		sc, err := scoringWith(*epssFile, *kevFile, clock)
		if err != nil {
			e.errorf("scan: %v", err)
			return exitFailed
		}
		opts = append(opts, posture.WithScoring(sc))
	}
	if *policyPath != "" || *exceptionsPath != "" {
		pol, popts, err := loadPolicy(ctx, *policyPath, *exceptionsPath)
		if err != nil {
			e.errorf("scan: %v", err)
			return exitFailed
		}
		opts = append(opts, posture.WithPolicy(pol, popts...))
	}
	bar := newProgressBar(e.stderr)
	if bar != nil {
		opts = append(opts, posture.WithProgress(bar.update))
	}
	run, err := posture.New(opts...).Run(ctx, inputs...)
	bar.done()
	if err != nil {
		e.errorf("scan: %v", err)
		return exitFailed
	}
	for _, f := range run.Failed {
		e.errorf("%v", f)
	}
	if *verbose {
		for _, s := range run.Skipped {
			fmt.Fprintf(e.stderr, "posture: %s: skipped: not a known format\n", s)
		}
		for _, d := range run.Result.Diagnostics {
			fmt.Fprintf(e.stderr, "posture: %s\n", d)
		}
	}
	for _, o := range outs {
		if err := writeOutput(ctx, e, o, run, *top); err != nil {
			e.errorf("%v", err)
			return exitFailed
		}
	}
	if run.Result.Summary.Gate == aspm.GateFail {
		return exitGateRed
	}
	return exitOK
}

// scanFormats lists the -o formats.
func scanFormats() []string { return append([]string{"table"}, encoderFormats()...) }

func writeOutput(ctx context.Context, e *env, o output, run *posture.Run, top int) (err error) {
	var w io.Writer = e.stdout
	color := o.path == "" && useColor(e.stdout)
	if o.path != "" && o.path != "-" {
		f, err := os.Create(o.path)
		if err != nil {
			return err
		}
		defer func() {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}()
		w = f
	}
	if o.format == "table" {
		return writeTable(w, run, top, color)
	}
	enc, err := export.Find(export.Default(), aspm.Format(o.format))
	if err != nil {
		return err
	}
	err = enc.Encode(ctx, w, run.Result)
	if errors.Is(err, openvex.ErrNoStatements) {
		fmt.Fprintf(e.stderr, "posture: -o openvex: no VEX statements to write (no triage decisions or exceptions)\n")
		if f, ok := w.(*os.File); ok && f != e.stdout {
			_ = os.Remove(f.Name()) // leave no empty document behind
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("-o %s: %w", o.format, err)
	}
	return nil
}

// loadPolicy compiles the rules at path and reads the exceptions file; a
// rule that does not compile is an error naming its file and line.
func loadPolicy(ctx context.Context, path, exceptions string) (*policy.Policy, []policy.Option, error) {
	var pol *policy.Policy
	var err error
	if path != "" {
		if pol, err = policy.LoadPath(ctx, path); err != nil {
			return nil, nil, err
		}
	} else if pol, err = policy.Compile(ctx, nil); err != nil {
		return nil, nil, err
	}
	var opts []policy.Option
	if exceptions != "" {
		ex, err := policy.LoadPath(ctx, exceptions)
		if err != nil {
			return nil, nil, err
		}
		opts = append(opts, policy.WithExceptions(ex.Exceptions()...))
	}
	return pol, opts, nil
}

// scoringWith builds the built-in scoring engine with EPSS and KEV data
// read from files ("" for none).
func scoringWith(epssFile, kevFile string, clock func() time.Time) (*score.Engine, error) {
	c := builtin.Config{Clock: clock}
	if epssFile != "" {
		f, err := os.Open(epssFile)
		if err != nil {
			return nil, fmt.Errorf("epss: %w", err)
		}
		defer f.Close()
		if c.EPSS, err = epss.Load(f, epssFile); err != nil {
			return nil, err
		}
	}
	if kevFile != "" {
		f, err := os.Open(kevFile)
		if err != nil {
			return nil, fmt.Errorf("kev: %w", err)
		}
		defer f.Close()
		if c.KEV, err = kev.Load(f, kevFile); err != nil {
			return nil, err
		}
	}
	return builtin.New(c, score.WithClock(clock)), nil
}

// readBaseline reads a previous "-o json" result.
func readBaseline(ctx context.Context, path string) (*aspm.Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	defer f.Close()
	res, err := exportjson.Decode(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, err)
	}
	return res, nil
}
