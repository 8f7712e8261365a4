package smoke

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/redisapi"
	"github.com/rmlint/rmlint/reports"
)

func redisapiHeader() []byte { return redisapi.Header() }

// requireTools skips the test when redis-server or a C compiler is missing,
// except in CI (CI=true), which installs them: there the test fails.
func requireTools(t *testing.T) {
	t.Helper()
	if _, err := FindTools(Config{}); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and the smoke test cannot run: %v", err)
		}
		t.Skipf("smoke test needs its tools: %v", err)
	}
}

// run runs the smoke test with a private parent directory and checks that
// nothing is left behind: no file in it, no server whose command line names
// it.
func run(t *testing.T, cfg Config, paths ...string) *Result {
	t.Helper()
	if cfg.TempDir == "" {
		cfg.TempDir = t.TempDir()
	}
	res, err := Run(context.Background(), cfg, paths)
	if err != nil {
		t.Fatal(err)
	}
	assertNothingLeft(t, cfg.TempDir)
	return res
}

func assertNothingLeft(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("left behind in %s: %s", dir, e.Name())
	}
	if pids := serversUnder(dir); len(pids) > 0 {
		t.Errorf("redis-server processes still running under %s: %v", dir, pids)
	}
}

// serversUnder lists the processes whose command line mentions dir.
func serversUnder(dir string) []string {
	var pids []string
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if strings.Contains(string(b), dir) && strings.Contains(string(b), "redis-server") {
			pids = append(pids, filepath.Base(filepath.Dir(p)))
		}
	}
	return pids
}

// findings returns the findings of a rule ("" for all) about a command
// ("" for all), or, when command is "file:NAME", the module-level ones (no
// command) in file NAME.
func findings(res *Result, rule, command string) []reports.Finding {
	var r []reports.Finding
	file, byFile := strings.CutPrefix(command, "file:")
	for _, f := range res.Findings {
		if rule != "" && f.Rule != rule {
			continue
		}
		switch {
		case byFile:
			if f.Command != "" || filepath.Base(f.Pos.File) != file {
				continue
			}
		case command != "" && f.Command != command:
			continue
		}
		r = append(r, f)
	}
	return r
}

func command(res *Result, name string) *CommandSummary {
	for _, m := range res.Modules {
		for _, c := range m.Commands {
			if c.Name == name {
				return c
			}
		}
	}
	return nil
}

func module(res *Result, file string) *ModuleSummary {
	for _, m := range res.Modules {
		if filepath.Base(m.File) == file {
			return m
		}
	}
	return nil
}

func wantOne(t *testing.T, res *Result, rule, cmd string, parts ...string) reports.Finding {
	t.Helper()
	fs := findings(res, rule, cmd)
	if len(fs) != 1 {
		t.Fatalf("want one %s finding for %q, got %d:\n%s", rule, cmd, len(fs), dump(res))
	}
	for _, p := range parts {
		if !strings.Contains(fs[0].Message, p) {
			t.Errorf("%s finding for %q lacks %q: %s", rule, cmd, p, fs[0].Message)
		}
	}
	return fs[0]
}

func dump(res *Result) string {
	var b strings.Builder
	for _, f := range res.Findings {
		b.WriteString(f.Pos.String() + ": [" + f.Rule + "] " + f.Message + "\n")
	}
	res.WriteSummary(&b, "")
	return b.String()
}

// Acceptance (a): the module guide's helloworld sends two replies from
// HELLO.GREET; the finding confirms the static finding about the same
// command.
func TestHelloWorldDoubleReply(t *testing.T) {
	requireTools(t)
	t.Parallel()
	path := "../testdata/examples/helloworld.c"
	static := []reports.Finding{{Rule: "replycount", Pos: reports.Position{File: "../testdata/examples/helloworld.c", Line: 21, Col: 12}, Message: "second reply", Command: "hello.greet"}}
	res := run(t, Config{Static: static}, path)
	f := wantOne(t, res, RuleReply, "hello.greet", `sent 2 replies`, `"hello.greet alice"`, `"+Hello, " then "$5 alice"`)
	if f.Pos.Line != 12 || filepath.Base(f.Pos.File) != "helloworld.c" {
		t.Errorf("finding at %v, want the handler at helloworld.c:12", f.Pos)
	}
	confirmed := false
	for _, r := range f.Related {
		if strings.Contains(r.Message, "confirms the static finding [replycount]") && r.Pos.Line == 21 {
			confirmed = true
		}
	}
	if !confirmed {
		t.Errorf("the finding does not name the static finding it confirms: %+v", f.Related)
	}
	if len(res.Static) != 1 || res.Static[0].State != "confirmed" {
		t.Errorf("static status: %+v", res.Static)
	}
	if c := command(res, "hello.simple"); c == nil || c.Exercised == 0 || len(c.Rules) != 0 {
		t.Errorf("hello.simple: %+v", c)
	}
	if n := len(res.Findings); n != 1 {
		t.Errorf("want exactly one finding:\n%s", dump(res))
	}
}

var (
	modulesOnce sync.Once
	modulesRes  *Result
	modulesErr  error
	modulesTime time.Duration
)

// modulesRun runs the smoke test once over testdata/modules and
// testdata/builderr for the tests below; Timeout is short to keep the blocked
// probe cheap.
func modulesRun(t *testing.T) *Result {
	t.Helper()
	requireTools(t)
	modulesOnce.Do(func() {
		dir, err := os.MkdirTemp("", "smoketest-")
		if err != nil {
			modulesErr = err
			return
		}
		defer os.RemoveAll(dir)
		start := time.Now()
		modulesRes, modulesErr = Run(context.Background(), Config{TempDir: dir, Timeout: time.Second}, []string{"testdata/modules", "testdata/builderr"})
		modulesTime = time.Since(start)
		if modulesErr == nil {
			if entries, _ := os.ReadDir(dir); len(entries) > 0 {
				modulesErr = os.ErrExist
			}
			if pids := serversUnder(dir); len(pids) > 0 {
				modulesErr = os.ErrExist
			}
		}
	})
	if modulesErr != nil {
		t.Fatalf("smoke run over testdata: %v (os.ErrExist: files or servers left behind)", modulesErr)
	}
	return modulesRes
}

// Acceptance (b): a write command that never replicates.
func TestWriteWithoutReplication(t *testing.T) {
	res := modulesRun(t)
	wantOne(t, res, RuleRepl, "norepl.set", "changed the dataset but propagated nothing", `"norepl.set smoke:`, "is a string on the master but missing on the replica")
	wantOne(t, res, RuleRepl, "norepl.twice", "does not reproduce its effect", `"MULTI", "INCR smoke:`, "has a different value on the replica")
	for _, ok := range []string{"norepl.good", "norepl.get"} {
		if fs := findings(res, "", ok); len(fs) != 0 {
			t.Errorf("%s: unexpected findings %+v", ok, fs)
		}
		if c := command(res, ok); c == nil || c.Exercised < 8 {
			t.Errorf("%s was not exercised on seeded databases: %+v", ok, c)
		}
	}
}

// Acceptance (b): a segfault in a command; the next command of the module is
// still probed on a restarted server.
func TestCrashInCommand(t *testing.T) {
	res := modulesRun(t)
	wantOne(t, res, RuleCrash, "crash.boom", `crashed the server when called as "crash.boom smoke:`, "crashed by signal: 11", "CrashBoom_RedisCommand+0x")
	if c := command(res, "crash.ok"); c == nil || c.Exercised == 0 || len(c.Rules) != 0 {
		t.Errorf("crash.ok after the crash: %+v", c)
	}
	// rmlint carried on with the other modules.
	if m := module(res, "replies.c"); m == nil || !m.Loaded {
		t.Errorf("replies.c: %+v", m)
	}
}

// Acceptance (b): OnLoad returns ERR.
func TestLoadFailure(t *testing.T) {
	res := modulesRun(t)
	f := wantOne(t, res, RuleLoad, "file:loaderr.c", "module loaderr.c failed to load", `"Module loaderr.so initialization failed. Module not loaded"`, `"<loaderr> loaderr needs exactly one argument: the limit"`)
	if filepath.Base(f.Pos.File) != "loaderr.c" || f.Pos.Line != 11 {
		t.Errorf("at %v, want RedisModule_OnLoad at loaderr.c:11", f.Pos)
	}
	if strings.Contains(f.Message, os.TempDir()) {
		t.Errorf("the message shows a temporary path: %s", f.Message)
	}
}

func TestReplyCounts(t *testing.T) {
	res := modulesRun(t)
	wantOne(t, res, RuleReply, "rep.none", "sent no reply", `after "rep.none" and a PING`)
	wantOne(t, res, RuleReply, "rep.agg", "fewer elements than it announced", `"*3 [:1, :2, $`)
	if fs := findings(res, "", "rep.ok"); len(fs) != 0 {
		t.Errorf("rep.ok: %+v", fs)
	}
}

func TestRegistration(t *testing.T) {
	res := modulesRun(t)
	f := wantOne(t, res, RuleLoad, "reg.keys", "registered with key positions 2,1,1 but COMMAND INFO shows first=2 last=-1 step=1")
	if f.Severity != reports.SeverityWarning {
		t.Errorf("severity %v", f.Severity)
	}
	wantOne(t, res, RuleLoad, "reg.flags", "not registered after loading", `Redis rejected its flag string "readonly,fast"`)
	for _, dyn := range []string{"reg.dyn1", "reg.dyn2"} {
		f := wantOne(t, res, RuleLoad, dyn, "registered at run time but the static analysis did not see")
		if f.Severity != reports.SeverityNote {
			t.Errorf("%s: severity %v, want note", dyn, f.Severity)
		}
		if c := command(res, dyn); c == nil || c.Exercised == 0 {
			t.Errorf("%s not probed: %+v", dyn, c)
		}
	}
}

func TestBuild(t *testing.T) {
	res := modulesRun(t)
	want := map[string]int{
		"implicit declaration of function 'undeclared_helper' [-Wimplicit-function-declaration]": 9,
		"from incompatible pointer type [-Wincompatible-pointer-types]":                          10,
		"[-Wformat=]": 8,
		"too few arguments to function 'RedisModule_ReplyWithString'": 7,
	}
	for part, line := range want {
		found := false
		for _, f := range findings(res, RuleBuild, "") {
			if strings.Contains(f.Message, part) && f.Pos.Line == line {
				found = true
			}
		}
		if !found {
			t.Errorf("no smokebuild finding with %q at line %d:\n%s", part, line, dump(res))
		}
	}
	for _, f := range findings(res, RuleBuild, "") {
		if strings.Contains(f.Message, "unused") {
			t.Errorf("style warning reported: %s", f.Message)
		}
	}
	// The implicit declaration compiles, and loading then fails.
	wantOne(t, res, RuleLoad, "file:warnings.c", "module warnings.c failed to load", "undefined symbol: undeclared_helper")
	if m := module(res, "builderr.c"); m == nil || m.Built || m.Loaded {
		t.Errorf("builderr.c: %+v", m)
	}
}

// Crashes that happen only when Redis extracts a command's keys.
func TestGetKeysCrash(t *testing.T) {
	res := modulesRun(t)
	f := wantOne(t, res, RuleCrash, "gk.step0", `when Redis extracted its keys ("COMMAND GETKEYS gk.step0 smoke:`, "crashed by signal: 11")
	if f.Pos.Line != 29 {
		t.Errorf("gk.step0 crash at %v, want the key positions of its registration (line 29)", f.Pos)
	}
	wantOne(t, res, RuleCrash, "gk.api", `"COMMAND GETKEYS gk.api smoke:`, "in GkApi_RedisCommand+0x")
}

// A command that blocks its client by design is "not exercised", not a crash.
func TestBlockedClient(t *testing.T) {
	res := modulesRun(t)
	c := command(res, "block.forever")
	if c == nil || c.Exercised != 0 || !strings.Contains(c.NotExercised, "blocked the client") {
		t.Errorf("block.forever: %+v", c)
	}
	if fs := findings(res, "", "block.forever"); len(fs) != 0 {
		t.Errorf("block.forever: findings %+v", fs)
	}
	if c := command(res, "block.echo"); c == nil || c.Exercised == 0 {
		t.Errorf("block.echo after the blocked probe: %+v", c)
	}
}

// Acceptance (d): how long a smoke run over the test modules takes.
func TestModulesTiming(t *testing.T) {
	res := modulesRun(t)
	t.Logf("smoke run over %d test modules: %v", len(res.Modules), modulesTime)
	if modulesTime > 40*time.Second {
		t.Errorf("the smoke run took %v", modulesTime)
	}
}

// A command that keeps the server busy is a hang (smokecrash); the server is
// killed.
func TestHang(t *testing.T) {
	requireTools(t)
	t.Parallel()
	res := run(t, Config{Timeout: 500 * time.Millisecond}, "testdata/slow")
	wantOne(t, res, RuleCrash, "slow.sleep", `hung the server when called as "slow.sleep"`, "it answered no client for")
}

// Cancelling the run kills the servers and removes the files at once, even
// in the middle of a probe.
func TestCancel(t *testing.T) {
	requireTools(t)
	t.Parallel()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := Run(ctx, Config{TempDir: dir, Timeout: time.Minute}, []string{"testdata/slow"})
		done <- err
	}()
	waitForLog(t, dir, "slow.sleep started")
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != context.Canceled {
			t.Errorf("Run returned %v, want context.Canceled", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not return after cancellation")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Run took %v to stop", d)
	}
	assertNothingLeft(t, dir)
}

// waitForLog waits until a redis.log under dir contains text.
func waitForLog(t *testing.T, dir, text string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		found := false
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && d.Name() == "redis.log" {
				if b, _ := os.ReadFile(p); strings.Contains(string(b), text) {
					found = true
				}
			}
			return nil
		})
		if found {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no server log under %s says %q", dir, text)
}

// A crash or a hang in RedisModule_OnLoad is a load failure.
func TestOnLoadCrashAndHang(t *testing.T) {
	requireTools(t)
	t.Parallel()
	res := run(t, Config{Timeout: 500 * time.Millisecond, LoadTimeout: time.Second}, "testdata/onload")
	wantOne(t, res, RuleLoad, "file:oncrash.c", "module oncrash.c failed to load", "the server crashed in RedisModule_OnLoad", "crashed by signal: 11", "in RedisModule_OnLoad+0x")
	wantOne(t, res, RuleLoad, "file:onhang.c", "module onhang.c failed to load", "RedisModule_OnLoad did not return within 1s")
}

// A real redismodule.h on the include path wins over rmlint's own, and the
// flags of compile_commands.json reach the compiler.
func TestIncludeFlags(t *testing.T) {
	requireTools(t)
	t.Parallel()
	dir := t.TempDir()
	inc := filepath.Join(dir, "inc")
	os.Mkdir(inc, 0o755)
	hdr := "#define FROM_USER_HEADER 1\n" + string(redisapiHeader())
	os.WriteFile(filepath.Join(inc, "redismodule.h"), []byte(hdr), 0o644)
	src := `#include "redismodule.h"
#ifndef FROM_USER_HEADER
#error the embedded header was used
#endif
#ifndef FROM_DB
#error compile_commands.json not used
#endif
int Cmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    return RedisModule_ReplyWithLongLong(ctx, argc);
}
int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "userhdr", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR) return REDISMODULE_ERR;
    return RedisModule_CreateCommand(ctx, "user.cmd", Cmd, "readonly", 0, 0, 0);
}
`
	os.WriteFile(filepath.Join(dir, "m.c"), []byte(src), 0o644)
	db := `[{"directory": "` + dir + `", "file": "m.c", "command": "cc -DFROM_DB=1 -c m.c"}]`
	os.WriteFile(filepath.Join(dir, "compile_commands.json"), []byte(db), 0o644)
	res := run(t, Config{Parse: cparse.Options{IncludePaths: []string{inc}}}, filepath.Join(dir, "m.c"))
	if len(res.Findings) != 0 {
		t.Errorf("findings:\n%s", dump(res))
	}
	if c := command(res, "user.cmd"); c == nil || c.Exercised == 0 {
		t.Errorf("user.cmd not exercised:\n%s", dump(res))
	}
}

func TestMissingTools(t *testing.T) {
	_, err := FindTools(Config{RedisServer: "/nonexistent/redis-server"})
	if _, ok := err.(*ToolError); !ok || !strings.Contains(err.Error(), "/nonexistent/redis-server") {
		t.Errorf("got %v", err)
	}
	if _, rerr := FindTools(Config{}); rerr == nil {
		_, err = FindTools(Config{Compiler: "/nonexistent/cc -m64"})
		if _, ok := err.(*ToolError); !ok || !strings.Contains(err.Error(), "needs a C compiler") {
			t.Errorf("missing compiler: got %v", err)
		}
	}
	t.Setenv("PATH", t.TempDir())
	_, err = FindTools(Config{})
	if err == nil || !strings.Contains(err.Error(), "needs redis-server") || !strings.Contains(err.Error(), "apt-get install redis-server") {
		t.Errorf("got %v", err)
	}
}

func TestRulesDocs(t *testing.T) {
	names := map[string]bool{}
	for _, r := range Rules() {
		names[r.Name] = true
		for _, h := range []string{"## What it finds", "## Why it matters", "## Example", "## Fixed"} {
			if !strings.Contains(r.Doc, h) {
				t.Errorf("%s: doc lacks %q", r.Name, h)
			}
		}
		if r.Summary == "" || strings.HasPrefix(r.Summary, r.Name) {
			t.Errorf("%s: summary %q", r.Name, r.Summary)
		}
	}
	for _, n := range []string{"smokebuild", "smokeload", "smokereply", "smokecrash", "smokerepl"} {
		if !names[n] || Lookup(n) == nil {
			t.Errorf("rule %s missing", n)
		}
	}
}
