package fixutil_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rmlint/rmlint/checks/driver"
	"github.com/rmlint/rmlint/checks/initorder"
	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/checks/replicate"
	"github.com/rmlint/rmlint/checks/replycount"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/fix"
)

// fixed runs rule over src and returns the source with every fix applied,
// and how many findings the rule reported.
func fixed(t *testing.T, rule *inspect.Rule, src string) (string, int) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "m.c")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res := driver.Run(driver.Config{Rules: []*inspect.Rule{rule}, Jobs: 1, Parse: cparse.Options{NoCompileCommands: true}}, []string{p})
	for _, e := range res.Errors {
		t.Fatalf("input error: %s", e.Error())
	}
	plan := fix.Build(res.Findings, res.ReadFile)
	if len(plan.Skipped) > 0 {
		t.Errorf("skipped fixes: %+v", plan.Skipped)
	}
	if len(plan.Changes) == 0 {
		return src, len(res.Findings)
	}
	return string(plan.Changes[0].New), len(res.Findings)
}

const onload = `
int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "m", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModule_CreateCommand(ctx, "m.cmd", Cmd, "write deny-oom", 1, 1, 1);
    return REDISMODULE_OK;
}
`

func TestReplicateFix(t *testing.T) {
	handler := `#include "redismodule.h"
int Cmd(RedisModuleCtx *c, RedisModuleString **argv, int argc) {
    if (argc != 3) return RedisModule_WrongArity(c);
    RedisModuleKey *key = RedisModule_OpenKey(c, argv[1], REDISMODULE_WRITE);
    RedisModule_StringSet(key, argv[2]);
    RedisModule_CloseKey(key);
	return RedisModule_ReplyWithSimpleString(c, "OK");
}
`
	got, n := fixed(t, replicate.Rule, handler+onload)
	want := strings.Replace(handler, "\treturn RedisModule_ReplyWithSimpleString", "\tRedisModule_ReplicateVerbatim(c);\n\treturn RedisModule_ReplyWithSimpleString", 1) + onload
	if n != 1 || got != want {
		t.Fatalf("%d findings; got:\n%s", n, got)
	}
	for name, src := range map[string]string{
		// Another path to the same return replicates already.
		"replicated elsewhere": strings.Replace(handler, "    RedisModule_CloseKey(key);\n", "    RedisModule_CloseKey(key);\n    if (RedisModule_GetSelectedDb(c) == 0) RedisModule_ReplicateVerbatim(c);\n", 1),
		// The return is an if's branch without braces.
		"bare if branch": strings.Replace(handler, "\treturn RedisModule_ReplyWithSimpleString(c, \"OK\");\n", "\tif (RedisModule_GetSelectedDb(c) == 0) return RedisModule_ReplyWithSimpleString(c, \"OK\");\n\treturn RedisModule_ReplyWithSimpleString(c, \"OK\");\n", 1),
		// The final reply comes from a macro.
		"macro": "#define REPLY_OK(c) return RedisModule_ReplyWithSimpleString(c, \"OK\")\n" + strings.Replace(handler, "\treturn RedisModule_ReplyWithSimpleString(c, \"OK\");", "\tREPLY_OK(c);", 1),
		// Not a reply.
		"not a reply": strings.Replace(handler, "\treturn RedisModule_ReplyWithSimpleString(c, \"OK\");", "\tRedisModule_ReplyWithSimpleString(c, \"OK\");\n\treturn REDISMODULE_OK;", 1),
	} {
		src += onload
		got, n := fixed(t, replicate.Rule, src)
		if name == "bare if branch" {
			// Only the last return, a block item, gets the fix.
			if strings.Count(got, "RedisModule_ReplicateVerbatim(c);") != 1 || !strings.Contains(got, "\tif (RedisModule_GetSelectedDb(c) == 0) return") {
				t.Errorf("%s: got:\n%s", name, got)
			}
			continue
		}
		if n == 0 || got != src {
			t.Errorf("%s: %d findings, fixed to:\n%s", name, n, got)
		}
	}
}

func TestReplycountFix(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"bare if", "    if (argc != 2) RedisModule_WrongArity(ctx);\n", "    if (argc != 2) return RedisModule_WrongArity(ctx);\n"},
		{"last in an if block", "    if (argc != 2) {\n        RedisModule_Log(ctx, \"warning\", \"bad\");\n        RedisModule_ReplyWithError(ctx, \"ERR args\");\n    }\n",
			"    if (argc != 2) {\n        RedisModule_Log(ctx, \"warning\", \"bad\");\n        return RedisModule_ReplyWithError(ctx, \"ERR args\");\n    }\n"},
		{"else branch", "    if (argc == 2) {} else RedisModule_ReplyWithError(ctx, \"ERR args\");\n", "    if (argc == 2) {} else return RedisModule_ReplyWithError(ctx, \"ERR args\");\n"},
		// Not an error reply, or not the end of an if's branch: no fix.
		{"not an error", "    if (argc != 2) RedisModule_ReplyWithNull(ctx);\n", ""},
		{"not last", "    if (argc != 2) {\n        RedisModule_ReplyWithError(ctx, \"ERR args\");\n        RedisModule_Log(ctx, \"warning\", \"bad\");\n    }\n", ""},
		{"not in an if", "    RedisModule_ReplyWithError(ctx, \"ERR args\");\n", ""},
	} {
		src := "#include \"redismodule.h\"\nint Cmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {\n    REDISMODULE_NOT_USED(argv);\n" + tc.body + "    return RedisModule_ReplyWithLongLong(ctx, argc);\n}\n" + strings.Replace(onload, "write deny-oom", "readonly", 1)
		got, n := fixed(t, replycount.Rule, src)
		want := src
		if tc.want != "" {
			want = strings.Replace(src, tc.body, tc.want, 1)
		}
		if n == 0 || got != want {
			t.Errorf("%s: %d findings, got:\n%s", tc.name, n, got)
		}
	}
}

func TestInitorderFix(t *testing.T) {
	base := "#include \"redismodule.h\"\nint RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {\n%s    return REDISMODULE_OK;\n}\n"
	for _, tc := range []struct{ name, body, want string }{
		{"statement", "    RedisModule_Init(ctx, \"m\", 1, REDISMODULE_APIVER_1);\n", "    if (RedisModule_Init(ctx, \"m\", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR) return REDISMODULE_ERR;\n"},
		// An else would attach to the new if: no fix.
		{"if branch", "    if (argc) RedisModule_Init(ctx, \"m\", 1, REDISMODULE_APIVER_1); else return REDISMODULE_ERR;\n", ""},
		{"macro", "#define INIT RedisModule_Init(ctx, \"m\", 1, REDISMODULE_APIVER_1)\n    INIT;\n", ""},
	} {
		src := strings.Replace(base, "%s", tc.body, 1)
		got, n := fixed(t, initorder.Rule, src)
		want := src
		if tc.want != "" {
			want = strings.Replace(src, tc.body, tc.want, 1)
		}
		if n == 0 || got != want {
			t.Errorf("%s: %d findings, got:\n%s", tc.name, n, got)
		}
	}
}
