package smoke

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/internal/par"
	"github.com/rmlint/rmlint/reports"
)

// Config configures a smoke run.
type Config struct {
	// Parse are the include paths and macros of the analysis; the compiler
	// gets the same ones.
	Parse cparse.Options
	// RedisServer is the redis-server binary; "" looks up "redis-server" on
	// PATH.
	RedisServer string
	// Compiler is the C compiler command (it may carry flags, e.g.
	// "gcc -m64"); "" takes $CC, else cc, gcc or clang on PATH.
	Compiler string
	// Timeout limits each probe (the wait for a command's reply) and each
	// control request; 0 means DefaultTimeout.
	Timeout time.Duration
	// LoadTimeout limits a server's start, module load included; 0 means
	// 5×Timeout, at least 10s.
	LoadTimeout time.Duration
	// Jobs is the number of modules tested in parallel; 0: min(CPUs, 4).
	Jobs int
	// TempDir is where the run's temporary directory is created; "" means
	// os.TempDir().
	TempDir string
	// Static are the static analysis' findings, which dynamic findings name
	// when they confirm them.
	Static []reports.Finding
	// Failed are the files the static analysis could not translate or
	// analyse (its isolated workers crashed, ran out of time or memory, or
	// the C frontend refused them). The smoke test translates files in
	// its own process, so it leaves these out (Result.Skipped).
	Failed map[string]bool
}

// DefaultTimeout is the default time limit of one probe.
const DefaultTimeout = 2 * time.Second

// MinRedis is the oldest redis-server smoke testing supports (COMMAND LIST
// FILTERBY MODULE, enable-debug-command, the multi-part AOF).
const MinRedis = "7.0"

// ToolError says a tool --smoke needs is missing or unusable.
type ToolError struct{ Msg string }

func (e *ToolError) Error() string { return e.Msg }

// Tools are the programs a smoke run uses.
type Tools struct {
	RedisServer  string
	RedisVersion string
	Compiler     []string
}

// FindTools locates redis-server and the C compiler, or says clearly which
// is missing.
func FindTools(cfg Config) (*Tools, error) {
	t := &Tools{}
	bin := cfg.RedisServer
	if bin == "" {
		p, err := exec.LookPath("redis-server")
		if err != nil {
			return nil, &ToolError{"--smoke needs redis-server, and none was found on PATH: install it (Debian/Ubuntu: apt-get install redis-server) or name it with --redis-server PATH"}
		}
		bin = p
	} else if _, err := exec.LookPath(bin); err != nil {
		return nil, &ToolError{fmt.Sprintf("--redis-server %s: %v", bin, err)}
	}
	t.RedisServer = bin
	out, err := exec.Command(bin, "--version").CombinedOutput()
	if err != nil {
		return nil, &ToolError{fmt.Sprintf("%s --version failed: %v", bin, err)}
	}
	m := regexp.MustCompile(`v=(\d+)\.(\d+)\.(\d+)`).FindStringSubmatch(string(out))
	if m == nil {
		return nil, &ToolError{fmt.Sprintf("%s is not a redis-server (its --version says %q)", bin, strings.TrimSpace(string(out)))}
	}
	t.RedisVersion = m[1] + "." + m[2] + "." + m[3]
	if major, _ := strconv.Atoi(m[1]); major < 7 {
		return nil, &ToolError{fmt.Sprintf("--smoke needs redis-server %s or newer; %s is %s", MinRedis, bin, t.RedisVersion)}
	}

	cc := cfg.Compiler
	if cc == "" {
		cc = os.Getenv("CC")
	}
	if cc != "" {
		t.Compiler = strings.Fields(cc)
		if len(t.Compiler) == 0 {
			return nil, &ToolError{"the C compiler command is empty"}
		}
		if _, err := exec.LookPath(t.Compiler[0]); err != nil {
			return nil, &ToolError{fmt.Sprintf("--smoke needs a C compiler; %s: %v", t.Compiler[0], err)}
		}
	} else {
		for _, name := range []string{"cc", "gcc", "clang"} {
			if p, err := exec.LookPath(name); err == nil {
				t.Compiler = []string{p}
				break
			}
		}
		if t.Compiler == nil {
			return nil, &ToolError{"--smoke needs a C compiler, and none (cc, gcc, clang) was found on PATH: install one (Debian/Ubuntu: apt-get install gcc) or set CC"}
		}
	}
	return t, nil
}

// Result is what a smoke run found.
type Result struct {
	Findings []reports.Finding
	Modules  []*ModuleSummary
	// Static says, for each static finding that belongs to a smoke-tested
	// module, whether the run confirmed it.
	Static  []StaticStatus
	Tools   Tools
	Elapsed time.Duration
	// Skipped are files that could not be translated (the static report
	// shows why); their modules were not smoke-tested.
	Skipped []string
}

// ModuleSummary is what happened to one module.
type ModuleSummary struct {
	File     string // the file holding RedisModule_OnLoad
	Name     string // the name the module gave RedisModule_Init, once loaded
	Built    bool
	Loaded   bool
	Problem  string // why it was not (fully) tested, if so
	Commands []*CommandSummary
}

// CommandSummary is what happened to one command.
type CommandSummary struct {
	Name      string
	Probes    int // probes sent
	Exercised int // probes that got a complete answer (right or wrong)
	// NotExercised says why the command could not be exercised (fully):
	// blocked the client, crashed, not probed, ...
	NotExercised string
	Rules        []string // the rules of the findings about it
	Container    bool     // a container of subcommands: not probed itself
}

// StaticStatus is the fate of one static finding.
type StaticStatus struct {
	Finding reports.Finding
	// State is "confirmed", "not confirmed" or "not exercised".
	State string
	// By lists the dynamic findings' rules that confirm it; Why says why it
	// could not be exercised.
	By  []string
	Why string
}

// Run compiles, loads and probes every module found under paths. The
// temporary directory and every server are gone when it returns, also when
// ctx is cancelled (it then returns ctx.Err()) or a panic unwinds it.
func Run(ctx context.Context, cfg Config, paths []string) (res *Result, err error) {
	start := time.Now()
	tools, err := FindTools(cfg)
	if err != nil {
		return nil, err
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.LoadTimeout <= 0 {
		cfg.LoadTimeout = 5 * cfg.Timeout
		if cfg.LoadTimeout < 10*time.Second {
			cfg.LoadTimeout = 10 * time.Second
		}
	}
	jobs := cfg.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
		if jobs > 4 {
			jobs = 4
		}
	}
	tmp, err := makeTempDir(cfg.TempDir)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	reg := newRegistry()
	defer reg.killAll()
	// On cancellation kill the servers at once: probes waiting for a reply
	// then fail fast, and the workers return.
	stopKilling := context.AfterFunc(ctx, reg.killAll)
	defer stopKilling()

	inc, err := writeEmbeddedHeader(tmp)
	if err != nil {
		return nil, err
	}
	mods, skipped := loadModules(paths, cfg.Parse, cfg.Failed, jobs)
	res = &Result{Tools: *tools, Skipped: skipped}
	runs := make([]*moduleRun, len(mods))
	par.Do(len(mods), jobs, func(i int) {
		r := &moduleRun{ctx: ctx, reg: reg, cfg: &cfg, tools: tools, pm: mods[i], inc: inc, dir: filepath.Join(tmp, fmt.Sprintf("m%d", i))}
		runs[i] = r
		defer func() {
			r.stopPair()
			if p := recover(); p != nil {
				r.sum.Problem = fmt.Sprintf("internal error in rmlint's smoke test: %v\n%s", p, firstLines(string(debug.Stack()), 12))
			}
		}()
		r.run()
	})
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	for _, r := range runs {
		res.Findings = append(res.Findings, r.findings...)
		res.Modules = append(res.Modules, r.sum)
	}
	relate(res, runs, cfg.Static)
	// A file shared by two modules is compiled twice: report its compiler
	// diagnostics once.
	seen := map[string]bool{}
	kept := res.Findings[:0]
	for _, f := range res.Findings {
		key := fmt.Sprintf("%s\x00%s\x00%d\x00%d\x00%s\x00%s", f.Rule, f.Pos.File, f.Pos.Line, f.Pos.Col, f.Command, f.Message)
		if !seen[key] {
			seen[key] = true
			kept = append(kept, f)
		}
	}
	res.Findings = kept
	sort.SliceStable(res.Findings, func(i, j int) bool {
		a, b := res.Findings[i].Pos, res.Findings[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	res.Elapsed = time.Since(start)
	return res, nil
}

// makeTempDir creates the run's private directory (mode 700). Unix socket
// paths are limited to about 100 bytes, so a parent with a long path is
// replaced by /tmp.
func makeTempDir(parent string) (string, error) {
	if parent == "" {
		parent = os.TempDir()
	}
	const room = len("/rmlint-smoke-1234567890/m999/s999/redis.sock")
	if len(parent)+room > 100 {
		parent = "/tmp"
	}
	dir, err := os.MkdirTemp(parent, "rmlint-smoke-")
	if err != nil {
		return "", err
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}
