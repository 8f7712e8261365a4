package smoke

import (
	"reflect"
	"strings"
	"testing"

	"github.com/gomodule/redigo/redis"

	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/reports"
)

func TestParseDiagnostics(t *testing.T) {
	out := `m.c: In function 'Cmd':
m.c:8:33: warning: format '%s' expects argument of type 'char *', but argument 4 has type 'int' [-Wformat=]
m.c:9:5: warning: unused variable 'x' [-Wunused-variable]
m.c:9:6: note: this note belongs to the dropped warning
m.c:10:55: warning: passing argument 2 of 'RedisModule_ReplyWithSimpleString' from incompatible pointer type [-Wincompatible-pointer-types]
/tmp/x/include/redismodule.h:100:20: note: expected 'const char *' but argument is of type 'RedisModuleString *'
m.c:12:1: error: expected ';' before '}' token
In file included from m.c:2:
`
	fs := parseDiagnostics(out, "/tmp/x/include")
	if len(fs) != 3 {
		t.Fatalf("got %d findings: %+v", len(fs), fs)
	}
	if fs[0].Pos.Line != 8 || fs[0].Pos.Col != 33 || fs[0].Severity != reports.SeverityWarning || !strings.HasPrefix(fs[0].Message, "compiler warning: format '%s'") {
		t.Errorf("first: %+v", fs[0])
	}
	if len(fs[1].Related) != 1 || fs[1].Related[0].Pos.File != cparse.EmbeddedHeaderPath || !strings.Contains(fs[1].Related[0].Message, "expected 'const char *'") {
		t.Errorf("note: %+v", fs[1].Related)
	}
	if fs[2].Severity != reports.SeverityError || fs[2].Rule != RuleBuild || fs[2].Pos.Col != 1 {
		t.Errorf("error: %+v", fs[2])
	}
}

func TestParseCrashAndReasons(t *testing.T) {
	log := `1:C 23 Nov 2026 22:19:28.901 # Redis version=7.0.15, bits=64
1:M 23 Nov 2026 22:19:28.901 * Module 'flagz' loaded from /tmp/d/m.so
=== REDIS BUG REPORT START: Cut & paste starting from here ===
1:M 23 Nov 2026 22:19:29.581 # Redis 7.0.15 crashed by signal: 11, si_code: 1
1:M 23 Nov 2026 22:19:29.581 # Accessing address: (nil)
1:M 23 Nov 2026 22:19:29.581 # Crashed running the instruction at: 0x7f251e29a232

------ STACK TRACE ------
/tmp/d/m.so(Boom+0x1f)[0x7f251e29a232]
redis-server *:0(call+0x11)[0x1]
`
	c := parseCrash(log, "/tmp/d/m.so")
	if c == nil || c.function != "Boom+0x1f" || !strings.Contains(c.signal, "crashed by signal: 11") {
		t.Fatalf("got %+v", c)
	}
	if s := c.String(); s != `"Redis 7.0.15 crashed by signal: 11, si_code: 1", accessing address: (nil) in Boom+0x1f` {
		t.Errorf("String: %s", s)
	}
	if parseCrash("1:M 23 Nov 2026 22:19:28.901 * Ready", "x.so") != nil {
		t.Error("crash found in a clean log")
	}
	load := `1:M 23 Nov 2026 22:19:42.880 # WARNING Memory overcommit must be enabled!
1:M 23 Nov 2026 22:19:42.880 # <lerr> need argument
1:M 23 Nov 2026 22:19:42.880 # Module /tmp/lerr.so initialization failed. Module not loaded
1:M 23 Nov 2026 22:19:42.880 # Can't load module from /tmp/lerr.so: server aborting
`
	want := []string{"<lerr> need argument", "Module /tmp/lerr.so initialization failed. Module not loaded", "Can't load module from /tmp/lerr.so: server aborting"}
	if got := loadReasons(load); !reflect.DeepEqual(got, want) {
		t.Errorf("loadReasons: %q", got)
	}
}

func TestParseCommands(t *testing.T) {
	data := "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nset\r\n$1\r\na\r\n$1\r\n1\r\n"
	cmds, err := parseCommands([]byte(data))
	if err != nil || !reflect.DeepEqual(cmds, [][]string{{"SELECT", "0"}, {"set", "a", "1"}}) {
		t.Fatalf("got %q, %v", cmds, err)
	}
	for _, cut := range []int{3, 10, len(data) - 1} {
		if _, err := parseCommands([]byte(data[:cut])); err == nil {
			t.Errorf("a tail cut at %d parsed without error", cut)
		}
	}
	if cmds, err := parseCommands(nil); err != nil || cmds != nil {
		t.Errorf("empty: %v %v", cmds, err)
	}
}

func TestRender(t *testing.T) {
	v := []interface{}{int64(1), []byte("alice"), "OK", redis.Error("ERR x"), nil}
	if got := render(v); got != "*5 [:1, $5 alice, +OK, -ERR x, $-1]" {
		t.Errorf("got %s", got)
	}
}

func TestArityHintsAndPlan(t *testing.T) {
	src := `#include "redismodule.h"
int Cmd(RedisModuleCtx *ctx, RedisModuleString **av, int n) {
    if (n < 3 || n > 4) return RedisModule_WrongArity(ctx);
    return RedisModule_ReplyWithLongLong(ctx, n);
}
int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_Init(ctx, "t", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR) return REDISMODULE_ERR;
    return RedisModule_CreateCommand(ctx, "t.cmd", Cmd, "write", 1, -1, 2);
}
`
	u, err := cparse.ParseSource("t.c", []byte(src), &cparse.Options{NoCompileCommands: true})
	if err != nil {
		t.Fatal(err)
	}
	m := cparse.BuildModules([]*cparse.Unit{u})[0]
	if got := arityHints(m.Func(u, "Cmd")); !reflect.DeepEqual(got, []int{2, 3, 4, 5}) {
		t.Errorf("arityHints: %v", got)
	}
	sc := staticCommands(m)[0]
	c := &probeCmd{name: "t.cmd", argv0: []string{"t.cmd"}, arity: -1, first: 1, last: -1, step: 2, sc: &sc}
	counts := map[int]bool{}
	for _, p := range c.plan() {
		counts[p.argc] = true
	}
	if !reflect.DeepEqual(counts, map[int]bool{1: true, 2: true, 3: true, 4: true, 5: true}) {
		t.Errorf("plan counts: %v", counts)
	}
	if got := c.keyPositions(5); !reflect.DeepEqual(got, map[int]bool{1: true, 3: true}) {
		t.Errorf("keys of 5 arguments: %v", got)
	}
	// keystep 0 must not loop.
	c.step = 0
	if got := c.keyPositions(4); len(got) != 3 {
		t.Errorf("keystep 0: %v", got)
	}
	r := &moduleRun{}
	args, keys := r.args(c, probeSpec{argc: 4, strings: true})
	if len(args) != 4 || len(keys) != 3 || args[0] != "t.cmd" || !strings.HasPrefix(args[1], "smoke:1:") {
		t.Errorf("args %q keys %q", args, keys)
	}
}

func TestFlagComparison(t *testing.T) {
	for w, f := range flagInfo {
		if f != "" && !comparableFlags[f] {
			t.Errorf("%s -> %s not comparable", w, f)
		}
	}
	if !sameSet(map[string]bool{"write": true}, map[string]bool{"write": true}) || sameSet(map[string]bool{"write": true}, map[string]bool{}) {
		t.Error("sameSet")
	}
}
