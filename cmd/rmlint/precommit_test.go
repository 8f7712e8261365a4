package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The pre-commit hook of .pre-commit-hooks.yaml, run by the real pre-commit
// binary: it builds rmlint from a commit of this repository (a temporary copy
// of the working tree, committed in a temporary repository), fails on a
// module with a bad flag string and passes once it is fixed.
//
// It needs pre-commit (Debian package "pre-commit"), git, go and a C
// compiler; without pre-commit it is skipped, except with CI=true.
func TestPreCommitHook(t *testing.T) {
	precommit, err := exec.LookPath("pre-commit")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true and pre-commit is not installed (apt-get install pre-commit)")
		}
		t.Skip("pre-commit is not installed (apt-get install pre-commit)")
	}
	if testing.Short() {
		t.Skip("-short: the pre-commit hook test builds rmlint with go install")
	}
	for _, tool := range []string{"git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed: %v", tool, err)
		}
	}
	tmp := t.TempDir()
	goEnv := func(name string) string {
		out, err := exec.Command("go", "env", name).Output()
		if err != nil {
			t.Fatalf("go env %s: %v", name, err)
		}
		return strings.TrimSpace(string(out))
	}
	// A private HOME, pre-commit cache and GOPATH; the Go module and build
	// caches are the machine's, so that nothing is downloaded twice.
	env := append(os.Environ(),
		"HOME="+filepath.Join(tmp, "home"),
		"XDG_CACHE_HOME="+filepath.Join(tmp, "home", ".cache"),
		"PRE_COMMIT_HOME="+filepath.Join(tmp, "pre-commit"),
		"GOPATH="+filepath.Join(tmp, "gopath"),
		"GOMODCACHE="+goEnv("GOMODCACHE"),
		"GOCACHE="+goEnv("GOCACHE"),
		"GOTOOLCHAIN=local",
		"GOFLAGS=-buildvcs=false",
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=rmlint test", "GIT_AUTHOR_EMAIL=test@example.invalid",
		"GIT_COMMITTER_NAME=rmlint test", "GIT_COMMITTER_EMAIL=test@example.invalid",
		"PRE_COMMIT_COLOR=never",
	)
	os.MkdirAll(filepath.Join(tmp, "home"), 0o755)
	run := func(dir string, name string, args ...string) (string, error) {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	must := func(dir string, name string, args ...string) string {
		t.Helper()
		out, err := run(dir, name, args...)
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return out
	}

	// The hook repository: this working tree (tracked and untracked,
	// not ignored files), committed in a repository of its own.
	root := strings.TrimSpace(must(".", "git", "rev-parse", "--show-toplevel"))
	hookRepo := filepath.Join(tmp, "hookrepo")
	files := strings.Split(strings.TrimRight(must(root, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"), "\x00"), "\x00")
	copied := 0
	for _, f := range files {
		src := filepath.Join(root, f)
		st, err := os.Lstat(src)
		if err != nil || !st.Mode().IsRegular() {
			continue // deleted in the working tree, or not a regular file
		}
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(hookRepo, f)
		os.MkdirAll(filepath.Dir(dst), 0o755)
		if err := os.WriteFile(dst, data, st.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
		copied++
	}
	if _, err := os.Stat(filepath.Join(hookRepo, ".pre-commit-hooks.yaml")); err != nil {
		t.Fatalf("the repository has no .pre-commit-hooks.yaml (%d files copied)", copied)
	}
	must(hookRepo, "git", "init", "-q")
	must(hookRepo, "git", "add", "-A")
	must(hookRepo, "git", "commit", "-q", "-m", "rmlint under test")
	rev := strings.TrimSpace(must(hookRepo, "git", "rev-parse", "HEAD"))

	// A module repository using the hook.
	mod := filepath.Join(tmp, "module")
	os.MkdirAll(mod, 0o755)
	writeFile(t, filepath.Join(mod, "kv.c"), strings.Replace(kvModule, `"write deny-oom"`, `"write,deny-oom"`, 1))
	writeFile(t, filepath.Join(mod, "notes.txt"), "not C: the hook must not get this file\n")
	writeFile(t, filepath.Join(mod, ".pre-commit-config.yaml"), "repos:\n  - repo: "+hookRepo+"\n    rev: "+rev+"\n    hooks:\n      - id: rmlint\n")
	must(mod, "git", "init", "-q")
	must(mod, "git", "add", "-A")

	out, err := run(mod, precommit, "run", "--all-files")
	if err == nil {
		t.Fatalf("the hook passed on a module with a comma in its flag string:\n%s", out)
	}
	for _, want := range []string{"rmlint", "Failed", `kv.c:17:58: error: command "kv.set": flag string "write,deny-oom" has commas`, "[cmdflags]"} {
		if !strings.Contains(out, want) {
			t.Errorf("pre-commit output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "notes.txt") {
		t.Errorf("the hook got a file that is not C:\n%s", out)
	}

	writeFile(t, filepath.Join(mod, "kv.c"), kvModule)
	must(mod, "git", "add", "-A")
	out, err = run(mod, precommit, "run", "--all-files")
	if err != nil || !strings.Contains(out, "Passed") {
		t.Fatalf("the hook failed on the fixed module: %v\n%s", err, out)
	}
}

// kvModule is a small module without findings.
const kvModule = `#include "redismodule.h"

int SetCmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3) return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    RedisModule_StringSet(key, argv[2]);
    RedisModule_CloseKey(key);
    RedisModule_ReplicateVerbatim(ctx);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "kv", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "kv.set", SetCmd, "write deny-oom", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
`
