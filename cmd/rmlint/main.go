// Command rmlint is a linter for Redis module C sources.
//
//	rmlint [flags] PATH...
//
// PATH is a C file, a directory (searched recursively for .c files) or a
// compile_commands.json. Exit status: 0 no findings, 1 findings, 2 usage
// error or an input that could not be analysed.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/rmlint/rmlint/checks"
	"github.com/rmlint/rmlint/checks/driver"
	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/docs"
	"github.com/rmlint/rmlint/redisapi"
	"github.com/rmlint/rmlint/reports"
	"github.com/rmlint/rmlint/smoke"
	"github.com/rmlint/rmlint/suppress"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// Exit codes.
const (
	exitClean    = 0
	exitFindings = 1
	exitTrouble  = 2
)

// usageError marks errors in how rmlint was called.
type usageError struct{ error }

func main() {
	stop := driver.StartProfile()
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	stop()
	driver.Trace("exit")
	os.Exit(code)
}

// Extension points: other files of this package add flags, subcommands and
// driver settings here, so that a new feature does not have to edit the
// flag block or lint() below.
var (
	flagHooks    []func(f *pflag.FlagSet)
	configHooks  []func(cfg *driver.Config) error
	commandHooks []func(stdout, stderr io.Writer) *cobra.Command
)

type options struct {
	includes, defines, undefines []string
	compileCommands              string
	format                       string
	output                       string
	enable, disable              []string
	redisVersion                 string
	jobs                         int
	color                        string
	smoke                        bool
	redisServer                  string
	smokeTimeout                 time.Duration

	configFile    string
	noConfig      bool
	baseline      string
	writeBaseline string
	fix, diff     bool
	reportUnused  bool
}

func run(args []string, stdout, stderr io.Writer) int {
	code := exitClean
	root := newRoot(stdout, stderr, &code)
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		fmt.Fprintf(stderr, "rmlint: %v\n", err)
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintln(stderr, "Run 'rmlint --help' for usage.")
		}
		return exitTrouble
	}
	return code
}

func newRoot(stdout, stderr io.Writer, code *int) *cobra.Command {
	o := &options{}
	root := &cobra.Command{
		Use:   "rmlint [flags] PATH...",
		Short: "Lint Redis module C sources",
		Long: `rmlint finds the bugs in Redis module C code that crash servers, break
replicas and break clusters: wrong command flags and key positions, missing or
double replies, leaks, calls before RedisModule_Init, and more.

PATH is a C file, a directory (searched recursively for .c files) or a
compile_commands.json. Exit status: 0 no findings, 1 findings, 2 usage error
or an input that could not be analysed.

Suppress a finding with a comment "// rmlint:ignore RULE reason" on its line
or the line before ("rmlint:file-ignore RULE reason" for a whole file).
Settings come from .rmlint.yaml (found upward from the first PATH, or
--config). --fix applies the suggested fixes, --diff shows them.
"rmlint explain RULE" documents a rule.`,
		Version:       versionString(),
		SilenceUsage:  true,
		SilenceErrors: true,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("no PATH given: name a .c file, a directory or a compile_commands.json")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := lint(o, cmd.Flags(), args, stdout, stderr)
			*code = c
			return err
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetVersionTemplate("rmlint {{.Version}}\n")
	f := root.Flags()
	f.StringArrayVarP(&o.includes, "include", "I", nil, "add a directory to the include search path (repeatable)")
	f.StringArrayVarP(&o.defines, "define", "D", nil, "define a macro, NAME or NAME=VALUE (repeatable)")
	f.StringArrayVarP(&o.undefines, "undefine", "U", nil, "undefine a macro (repeatable)")
	f.StringVar(&o.compileCommands, "compile-commands", "", "take include paths and macros from this compile_commands.json (default: the nearest one above each file)")
	f.StringVar(&o.format, "format", "text", "output format: "+strings.Join(reports.FormatNames, ", "))
	f.StringVarP(&o.output, "output", "o", "", "write the report to this file instead of standard output")
	f.StringSliceVar(&o.enable, "enable", nil, "run only these rules (comma-separated)")
	f.StringSliceVar(&o.disable, "disable", nil, "do not run these rules (comma-separated)")
	f.StringVar(&o.redisVersion, "redis-version", "", "the oldest Redis release the module must run on, X.Y or X.Y.Z (default "+redisapi.Newest().String()+")")
	f.IntVarP(&o.jobs, "jobs", "j", 0, "worker processes that translate and analyse in parallel (default: the number of CPUs)")
	f.StringVar(&o.color, "color", "auto", "colour the text report: auto, always or never")
	f.BoolVar(&o.smoke, "smoke", false, "also compile each module, load it into a throwaway redis-server and probe its commands (needs redis-server and a C compiler)")
	f.StringVar(&o.redisServer, "redis-server", "", "the redis-server binary --smoke uses (default: redis-server on PATH)")
	f.DurationVar(&o.smokeTimeout, "smoke-timeout", smoke.DefaultTimeout, "--smoke: time limit of each probe (a server's start and module load get 5 times as long, at least 10s)")
	f.StringVar(&o.configFile, "config", "", "read settings from this file (default: .rmlint.yaml in the first PATH's directory or above, else in the current directory or above)")
	f.BoolVar(&o.noConfig, "no-config", false, "do not read a configuration file")
	f.BoolVar(&o.fix, "fix", false, "apply the suggested fixes to the files (atomically; again until none is left), then report what remains")
	f.BoolVar(&o.diff, "diff", false, "print the suggested fixes as a unified diff on standard output instead of the report; change nothing")
	f.StringVar(&o.baseline, "baseline", "", "report only findings that this baseline (written by --write-baseline) does not record")
	f.StringVar(&o.writeBaseline, "write-baseline", "", "record the current findings in this baseline file (they are then not reported)")
	f.BoolVar(&o.reportUnused, "report-unused-ignores", false, "report rmlint:ignore comments that suppress nothing (default: on for --format json, sarif and github, off for text)")
	f.SortFlags = false

	for _, h := range flagHooks {
		h(f)
	}
	root.AddCommand(rulesCmd(stdout), explainCmd(stdout), versionCmd(stdout))
	for _, h := range commandHooks {
		root.AddCommand(h(stdout, stderr))
	}
	return root
}

func versionString() string {
	v := version
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " (" + s.Value[:12] + ")"
			}
		}
	}
	return v
}

func lint(o *options, flags *pflag.FlagSet, paths []string, stdout, stderr io.Writer) (int, error) {
	write, ok := reports.Formats[o.format]
	if !ok {
		return exitTrouble, usageError{fmt.Errorf("unknown --format %q (want one of %s)", o.format, strings.Join(reports.FormatNames, ", "))}
	}
	cfgFile, err := loadConfig(o, paths)
	if err != nil {
		return exitTrouble, err
	}
	mergeConfig(o, cfgFile, flags)
	if o.fix && o.diff {
		return exitTrouble, usageError{errors.New("--fix and --diff exclude each other: --diff only shows what --fix would change")}
	}
	enable, metaEnabled := splitMeta(o.enable)
	disable, metaDisabled := splitMeta(o.disable)
	if metaEnabled && len(enable) == 0 {
		// --enable suppression alone: run every rule, as without --enable.
		enable = nil
	}
	rules, smokeRules, err := selectRules(enable, disable)
	if err != nil {
		return exitTrouble, usageError{err}
	}
	if o.baseline != "" {
		if _, err := os.Stat(o.baseline); err != nil {
			return exitTrouble, usageError{fmt.Errorf("--baseline: %v", err)}
		}
	}
	post := &postRun{
		cfg:          cfgFile,
		metaOn:       !metaDisabled,
		reportUnused: o.reportUnused,
		files:        inputFiles(paths),
		baseline:     o.baseline,
		stderr:       stderr,
	}
	var target redisapi.Version
	if o.redisVersion != "" {
		target, err = redisapi.ParseVersion(o.redisVersion)
		if err != nil {
			return exitTrouble, usageError{err}
		}
	}
	if o.jobs < 0 {
		return exitTrouble, usageError{fmt.Errorf("--jobs must be at least 1")}
	}
	switch o.color {
	case "auto", "always", "never":
	default:
		return exitTrouble, usageError{fmt.Errorf("unknown --color %q (want auto, always or never)", o.color)}
	}
	if o.compileCommands != "" {
		if _, err := os.Stat(o.compileCommands); err != nil {
			return exitTrouble, usageError{fmt.Errorf("--compile-commands: %v", err)}
		}
	}
	if o.smokeTimeout <= 0 {
		return exitTrouble, usageError{fmt.Errorf("--smoke-timeout must be positive")}
	}

	parse := cparse.Options{
		IncludePaths:    o.includes,
		Defines:         o.defines,
		Undefines:       o.undefines,
		CompileCommands: o.compileCommands,
	}
	smokeCfg := smoke.Config{Parse: parse, RedisServer: o.redisServer, Timeout: o.smokeTimeout, Jobs: o.jobs}
	// A missing redis-server or compiler is said clearly (exit 2), and the
	// static analysis still runs.
	var smokeErr error
	if o.smoke {
		if _, err := smoke.FindTools(smokeCfg); err != nil {
			smokeErr = err
		}
	}

	cfg := driver.Config{
		Parse:  parse,
		Rules:  rules,
		Target: target,
		Jobs:   o.jobs,
	}
	for _, h := range configHooks {
		if err := h(&cfg); err != nil {
			return exitTrouble, usageError{err}
		}
	}
	analyse := func() *reports.Result {
		res := driver.Run(cfg, paths)
		res.Tool = reports.Tool{Name: "rmlint", Version: version, InformationURI: "https://github.com/rmlint/rmlint"}
		if wd, err := os.Getwd(); err == nil {
			res.Root = wd
		}
		return res
	}
	res := analyse()
	var fixErr error
	if o.fix || o.diff {
		res, fixErr = post.fixLoop(res, analyse, o.diff, stdout)
		if fixErr != nil && fixErr != errFixFailed {
			return exitTrouble, fixErr
		}
	}

	var smokeRes *smoke.Result
	if o.smoke && smokeErr == nil {
		smokeCfg.Static = res.Findings
		smokeCfg.Failed = map[string]bool{}
		for _, e := range res.Errors {
			if e.Pos.File != "" {
				smokeCfg.Failed[e.Pos.File] = true
			}
		}
		var interrupted bool
		smokeRes, interrupted, err = runSmoke(smokeCfg, paths)
		if interrupted {
			return exitTrouble, errors.New("interrupted: the smoke test's servers were stopped and its temporary files removed")
		}
		if err != nil {
			smokeErr = err
		} else {
			on := map[string]bool{}
			for _, r := range smokeRules {
				on[r.Name] = true
				res.Rules = append(res.Rules, smokeRuleInfo(r))
			}
			for _, f := range smokeRes.Findings {
				if on[f.Rule] {
					res.Findings = append(res.Findings, f)
				}
			}
			res.Sort()
		}
	}

	if err := post.apply(res); err != nil {
		return exitTrouble, err
	}
	if o.writeBaseline != "" {
		if err := post.writeBaseline(res, o.writeBaseline); err != nil {
			return exitTrouble, err
		}
	}

	out := stdout
	if o.diff && o.output == "" {
		// --diff prints the diff; the report goes nowhere.
		out = io.Discard
	}
	var file *os.File
	if o.output != "" {
		file, err = os.Create(o.output)
		if err != nil {
			return exitTrouble, fmt.Errorf("cannot write the report: %v", err)
		}
		out = file
	}
	color := o.color == "always" || o.color == "auto" && o.output == "" && !o.diff && isTerminal(stdout) && os.Getenv("NO_COLOR") == ""
	werr := write(out, res, reports.Options{Color: color})
	if werr == nil && smokeRes != nil {
		// The smoke summary follows a text report; it would break the
		// machine-readable formats, so for them it goes to standard error.
		sw := out
		if o.format != "text" {
			sw = stderr
		}
		werr = smokeRes.WriteSummary(sw, res.Root)
	}
	if file != nil {
		if cerr := file.Close(); werr == nil {
			werr = cerr
		}
	}
	if werr != nil {
		return exitTrouble, fmt.Errorf("cannot write the report: %v", werr)
	}
	// The text report shows input errors itself; other formats (and a report
	// written to a file or left out for --diff) also get them on standard
	// error.
	if o.format != "text" || o.output != "" || o.diff {
		for _, e := range res.Errors {
			fmt.Fprintln(stderr, e.Error())
		}
	}
	if smokeErr != nil {
		fmt.Fprintf(stderr, "rmlint: %v\nrmlint: the static analysis ran; the smoke test did not\n", smokeErr)
		return exitTrouble, nil
	}
	switch {
	case len(res.Errors) > 0 || fixErr != nil:
		return exitTrouble, nil
	case len(res.Findings) > 0:
		return exitFindings, nil
	}
	return exitClean, nil
}

// runSmoke runs the smoke test with SIGINT and SIGTERM caught: on either,
// the test servers are killed and the temporary files removed before rmlint
// exits with status 2.
func runSmoke(cfg smoke.Config, paths []string) (res *smoke.Result, interrupted bool, err error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err = smoke.Run(ctx, cfg, paths)
	if ctx.Err() != nil {
		return nil, true, ctx.Err()
	}
	return res, false, err
}

// selectRules splits --enable and --disable between the static rules and
// the smoke rules. An --enable that names only smoke rules runs no static
// rule.
func selectRules(enable, disable []string) ([]*inspect.Rule, []reports.Rule, error) {
	var sEnable, sDisable, dEnable, dDisable []string
	for _, n := range enable {
		if smoke.Lookup(n) != nil {
			dEnable = append(dEnable, n)
		} else {
			sEnable = append(sEnable, n)
		}
	}
	for _, n := range disable {
		if smoke.Lookup(n) != nil {
			dDisable = append(dDisable, n)
		} else {
			sDisable = append(sDisable, n)
		}
	}
	var rules []*inspect.Rule
	if len(enable) == 0 || len(sEnable) > 0 {
		var err error
		rules, err = checks.Select(sEnable, sDisable)
		if err != nil {
			return nil, nil, fmt.Errorf("%v, %s", strings.TrimSuffix(err.Error(), ")"), strings.Join(smoke.Names(), ", ")+")")
		}
	} else if _, err := checks.Select(nil, sDisable); err != nil {
		return nil, nil, err
	}
	var smokeRules []reports.Rule
	for _, r := range smoke.Rules() {
		if (len(enable) == 0 || contains(dEnable, r.Name)) && !contains(dDisable, r.Name) {
			smokeRules = append(smokeRules, r)
		}
	}
	return rules, smokeRules, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func rulesCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "rules",
		Short: "List the rules with a one-line summary",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
			for _, r := range checks.All {
				info := driver.RuleInfo(r)
				fmt.Fprintf(tw, "%s\t%s\t%s\n", info.Name, info.Severity, info.Summary)
			}
			for _, info := range smoke.Rules() {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", info.Name, info.Severity, info.Summary)
			}
			info := suppress.RuleInfo()
			fmt.Fprintf(tw, "%s\t%s\t%s\n", info.Name, info.Severity, info.Summary)
			return tw.Flush()
		},
	}
}

func explainCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "explain RULE",
		Short: "Explain a rule: what it finds, why it matters, a bad and a fixed example",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			info := docs.Lookup(args[0])
			if info == nil {
				return usageError{fmt.Errorf("unknown rule %q (known rules: %s)", args[0], strings.Join(append(append(checks.Names(), smoke.Names()...), suppress.RuleName), ", "))}
			}
			_, err := io.WriteString(stdout, docs.Render(*info))
			return err
		},
	}
}

func versionCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print rmlint's version and the Redis API table it knows",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(stdout, "rmlint %s\nRedis module API table: %d functions, newest release %s\n",
				versionString(), len(redisapi.Functions()), redisapi.Newest())
			if exe, err := os.Executable(); err == nil {
				fmt.Fprintf(stdout, "binary: %s\n", filepath.Clean(exe))
			}
			return nil
		},
	}
}

// usageArgs marks argument-count errors as usage errors.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}
