package main

// What happens to a run's findings after the analysis, before they are
// reported: the configuration file's per-path settings and severities,
// inline suppressions, and the baseline; and the --fix/--diff loop.

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/rmlint/rmlint/baseline"
	"github.com/rmlint/rmlint/checks"
	"github.com/rmlint/rmlint/config"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/docs"
	"github.com/rmlint/rmlint/fix"
	"github.com/rmlint/rmlint/reports"
	"github.com/rmlint/rmlint/smoke"
	"github.com/rmlint/rmlint/suppress"
)

// knownRule reports whether name is a rule of rmlint (static, smoke, or the
// suppression rule).
func knownRule(name string) bool {
	return checks.Lookup(name) != nil || smoke.Lookup(name) != nil || name == suppress.RuleName
}

// loadConfig finds and reads the configuration file: --config, else
// .rmlint.yaml found upward from the first PATH, else from the current
// directory; none with --no-config.
func loadConfig(o *options, paths []string) (*config.Config, error) {
	if o.noConfig {
		if o.configFile != "" {
			return nil, usageError{fmt.Errorf("--config and --no-config exclude each other")}
		}
		return nil, nil
	}
	file := o.configFile
	if file == "" && len(paths) > 0 {
		file = config.Find(paths[0])
	}
	if file == "" {
		if wd, err := os.Getwd(); err == nil {
			file = config.Find(wd)
		}
	}
	if file == "" {
		return nil, nil
	}
	c, err := config.Load(file, knownRule)
	if err != nil {
		return nil, usageError{err}
	}
	return c, nil
}

// mergeConfig fills the options the command line did not set from the
// configuration file. Lists (-I, -D, -U) are the command line's followed by
// the file's. --enable replaces the file's enable list; the file's disable
// list and --disable add up, except that a rule named by --enable runs.
func mergeConfig(o *options, c *config.Config, flags *pflag.FlagSet) {
	changed := func(name string) bool { return flags != nil && flags.Changed(name) }
	if c != nil {
		o.includes = append(o.includes, c.Include...)
		o.defines = append(o.defines, c.Define...)
		o.undefines = append(o.undefines, c.Undefine...)
		if !changed("compile-commands") && c.CompileCommands != "" {
			o.compileCommands = c.CompileCommands
		}
		if !changed("redis-version") && c.RedisVersion != "" {
			o.redisVersion = c.RedisVersion
		}
		if !changed("smoke") && c.Smoke != nil {
			o.smoke = *c.Smoke
		}
		if !changed("baseline") && c.Baseline != "" {
			o.baseline = c.Baseline
		}
		if !changed("enable") {
			o.enable = c.Enable
		}
		var disable []string
		for _, r := range append(append([]string(nil), c.Disable...), o.disable...) {
			if !(changed("enable") && contains(o.enable, r)) && !contains(disable, r) {
				disable = append(disable, r)
			}
		}
		o.disable = disable
	}
	if !changed("report-unused-ignores") {
		switch {
		case c != nil && c.ReportUnusedIgnores != nil:
			o.reportUnused = *c.ReportUnusedIgnores
		default:
			// Local runs (text) are often partial; CI formats keep the
			// suppressions honest.
			o.reportUnused = o.format != "text"
		}
	}
}

// splitMeta removes the suppression rule from a rule list, telling whether
// it was there.
func splitMeta(list []string) ([]string, bool) {
	var out []string
	found := false
	for _, r := range list {
		if r == suppress.RuleName {
			found = true
			continue
		}
		out = append(out, r)
	}
	return out, found
}

// postRun applies the configuration, suppressions and baseline to a result.
type postRun struct {
	cfg          *config.Config
	metaOn       bool
	reportUnused bool
	files        []string // the analysed .c files, searched for directives
	baseline     string   // --baseline
	stderr       io.Writer
}

// apply applies everything except writing a baseline.
func (p *postRun) apply(res *reports.Result) error {
	p.cfg.Apply(res)
	ran := map[string]bool{}
	for _, r := range res.Rules {
		ran[r.Name] = true
	}
	suppress.Apply(res, suppress.Options{
		Files:        p.files,
		Known:        func(n string) bool { return checks.Lookup(n) != nil || smoke.Lookup(n) != nil },
		Ran:          func(rule, file string) bool { return ran[rule] && p.cfg.RuleOn(rule, file) },
		ReportUnused: p.reportUnused,
		Disabled:     !p.metaOn,
	})
	if p.metaOn {
		info := suppress.RuleInfo()
		if s, ok := p.cfg.SeverityOf(info.Name, ""); ok {
			info.Severity = s
		}
		res.Rules = append(res.Rules, info)
	}
	p.cfg.Apply(res) // severities and paths of the suppression findings
	if p.baseline != "" {
		b, err := baseline.Load(p.baseline)
		if err != nil {
			return fmt.Errorf("--baseline: %v", err)
		}
		b.Filter(res)
	}
	return nil
}

// writeBaseline records the active findings of res in file and then moves
// them to the suppressed ones, as a later --baseline run would.
func (p *postRun) writeBaseline(res *reports.Result, file string) error {
	if err := baseline.Write(file, "rmlint "+version, res); err != nil {
		return fmt.Errorf("--write-baseline: %v", err)
	}
	fmt.Fprintf(p.stderr, "rmlint: wrote %s to the baseline %s\n", count(len(res.Findings), "finding", "findings"), file)
	b, err := baseline.Load(file)
	if err != nil {
		return fmt.Errorf("--write-baseline: %v", err)
	}
	b.Filter(res)
	return nil
}

// clone copies a result deeply enough for apply to work on the copy.
func clone(res *reports.Result) *reports.Result {
	c := *res
	c.Rules = append([]reports.Rule(nil), res.Rules...)
	c.Findings = append([]reports.Finding(nil), res.Findings...)
	c.Suppressed = append([]reports.Finding(nil), res.Suppressed...)
	return &c
}

// maxFixRounds bounds --fix: a fix can uncover another finding with a fix.
const maxFixRounds = 10

// fixLoop runs --fix (write, re-analyse, until no fix is left) or --diff
// (print the fixes of this run's findings). It returns the result to report.
func (p *postRun) fixLoop(res *reports.Result, analyse func() *reports.Result, diff bool, stdout io.Writer) (*reports.Result, error) {
	fixedFindings, files := 0, map[string]bool{}
	for round := 1; ; round++ {
		active := clone(res)
		if err := p.apply(active); err != nil {
			return res, err
		}
		plan := fix.Build(active.Findings, res.ReadFile)
		if diff {
			if err := plan.Diff(stdout, func(f string) string { return filepath.ToSlash(displayPath(res.Root, f)) }); err != nil {
				return res, err
			}
			withFix := 0
			for _, f := range active.Findings {
				if len(f.Fixes) > 0 {
					withFix++
				}
			}
			fmt.Fprintf(p.stderr, "rmlint: --diff: %d of %s have a fix; %d would be applied to %s\n", withFix, count(len(active.Findings), "finding", "findings"), plan.Applied, count(len(plan.Changes), "file", "files"))
			p.reportSkipped(plan)
			return res, nil
		}
		if len(plan.Changes) == 0 || round > maxFixRounds {
			break
		}
		written, errs := plan.Write()
		for _, f := range written {
			files[f] = true
		}
		fixedFindings += plan.Applied
		if len(errs) > 0 {
			for _, e := range errs {
				fmt.Fprintf(p.stderr, "rmlint: --fix: %v\n", e)
			}
			return analyse(), errFixFailed
		}
		res = analyse()
	}
	fmt.Fprintf(p.stderr, "rmlint: --fix: fixed %s in %s\n", count(fixedFindings, "finding", "findings"), count(len(files), "file", "files"))
	return res, nil
}

func (p *postRun) reportSkipped(plan *fix.Plan) {
	for _, s := range plan.Skipped {
		fmt.Fprintf(p.stderr, "rmlint: %s: the fix for this [%s] finding is not applied: %s\n", s.Finding.Pos, s.Finding.Rule, s.Reason)
	}
}

var errFixFailed = fmt.Errorf("some fixes could not be written")

// displayPath is file relative to root when inside it.
func displayPath(root, file string) string {
	abs, err := filepath.Abs(file)
	if err != nil || root == "" {
		return file
	}
	if r, err := filepath.Rel(root, abs); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return r
	}
	return file
}

// inputFiles lists the .c files the paths name, as the driver expands them
// (directories recursively without hidden subdirectories, the files of a
// compile_commands.json), for the search for suppression directives. Only
// regular files are listed (a FIFO would block the reader).
func inputFiles(paths []string) []string {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		switch {
		case err != nil:
		case st.IsDir():
			filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
				if err != nil {
					return nil
				}
				if d.IsDir() {
					if path != p && strings.HasPrefix(d.Name(), ".") {
						return filepath.SkipDir
					}
					return nil
				}
				if strings.HasSuffix(d.Name(), ".c") && d.Type().IsRegular() {
					out = append(out, path)
				}
				return nil
			})
		case filepath.Base(p) == "compile_commands.json":
			list, _ := cparse.CompileDBFiles(p)
			for _, f := range list {
				if st, err := os.Stat(f); err == nil && st.Mode().IsRegular() && strings.HasSuffix(f, ".c") {
					out = append(out, f)
				}
			}
		case st.Mode().IsRegular():
			out = append(out, p)
		}
	}
	return out
}

// smokeRuleInfo is a smoke rule's metadata with its documentation page.
func smokeRuleInfo(r reports.Rule) reports.Rule {
	if r.HelpURI == "" {
		r.HelpURI = docs.URL(r.Name)
	}
	return r
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
