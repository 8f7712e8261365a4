package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func rmlint(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestCleanExampleExitsZero(t *testing.T) {
	code, out, errs := rmlint(t, "--enable", "onload,initorder,cmdflags", "../../testdata/examples/helloworld.c")
	if code != 0 {
		t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	if !strings.Contains(out, "no findings") {
		t.Errorf("text report should say there are no findings:\n%s", out)
	}
}

func TestFindingsExitOneWithCaret(t *testing.T) {
	code, out, _ := rmlint(t, "testdata/badflags.c")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, out)
	}
	want := regexp.MustCompile(`(?m)^testdata/badflags\.c:14:56: error: command "bad\.cmd": flag string "write,deny-oom" has commas between flags.* \[cmdflags\]$`)
	if !want.MatchString(out) {
		t.Errorf("no gcc-style line matching %s in:\n%s", want, out)
	}
	if !strings.Contains(out, `RedisModule_CreateCommand(ctx, "bad.cmd", Cmd, "write,deny-oom", 1, 1, 1)`) || !strings.Contains(out, "^") {
		t.Errorf("text report lacks the source line and caret:\n%s", out)
	}
}

func TestBadInputExitsTwoAndOthersStillReported(t *testing.T) {
	code, out, _ := rmlint(t, "testdata/syntax.c", "testdata/does-not-exist.c", "testdata/badflags.c")
	if code != 2 {
		t.Fatalf("exit %d, want 2\n%s", code, out)
	}
	for _, want := range []string{
		"testdata/syntax.c:4:1: error:",
		"testdata/does-not-exist.c: error: no such file or directory",
		"[cmdflags]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--format", "xml", "testdata/badflags.c"},
		{"--enable", "nosuchrule", "testdata/badflags.c"},
		{"--redis-version", "seven", "testdata/badflags.c"},
		{"--no-such-flag", "testdata/badflags.c"},
		{"explain", "nosuchrule"},
	} {
		code, _, errs := rmlint(t, args...)
		if code != 2 {
			t.Errorf("rmlint %q: exit %d, want 2", args, code)
		}
		if !strings.Contains(errs, "rmlint: ") {
			t.Errorf("rmlint %q: no error message on stderr: %q", args, errs)
		}
	}
}

func TestDisableRule(t *testing.T) {
	code, out, _ := rmlint(t, "--disable", "cmdflags", "testdata/badflags.c")
	if code != 0 {
		t.Fatalf("exit %d, want 0 with cmdflags disabled\n%s", code, out)
	}
}

func TestRedisVersionFlag(t *testing.T) {
	dir := t.TempDir()
	src := strings.Replace(readFile(t, "testdata/badflags.c"), `"write,deny-oom"`, `"write blocking"`, 1)
	p := filepath.Join(dir, "blocking.c")
	writeFile(t, p, src)
	if code, out, _ := rmlint(t, "--enable", "cmdflags", p); code != 0 {
		t.Fatalf("default target: exit %d, want 0\n%s", code, out)
	}
	code, out, _ := rmlint(t, "--enable", "cmdflags", "--redis-version", "6.2", p)
	if code != 1 || !strings.Contains(out, `flag "blocking" needs Redis 7.0.0`) {
		t.Fatalf("--redis-version 6.2: exit %d\n%s", code, out)
	}
}

func TestJSONFormat(t *testing.T) {
	code, out, _ := rmlint(t, "--format", "json", "testdata/badflags.c")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	var doc struct {
		Findings []struct {
			Rule     string
			Location struct {
				File string
				Line int
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(doc.Findings) != 1 || doc.Findings[0].Rule != "cmdflags" || doc.Findings[0].Location.Line != 14 {
		t.Fatalf("unexpected findings: %+v", doc.Findings)
	}
}

func TestSARIFToFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "out.sarif")
	code, out, _ := rmlint(t, "--format", "sarif", "-o", p, "testdata/badflags.c")
	if code != 1 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	var doc struct {
		Version string
		Runs    []struct {
			Results []struct{ RuleID string }
		}
	}
	if err := json.Unmarshal([]byte(readFile(t, p)), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "2.1.0" || len(doc.Runs) != 1 || len(doc.Runs[0].Results) != 1 || doc.Runs[0].Results[0].RuleID != "cmdflags" {
		t.Fatalf("unexpected SARIF: %+v", doc)
	}
}

func TestGitHubFormat(t *testing.T) {
	_, out, _ := rmlint(t, "--format", "github", "testdata/badflags.c")
	if !strings.HasPrefix(out, "::error file=testdata/badflags.c,line=14,") {
		t.Fatalf("unexpected annotation: %q", out)
	}
}

func TestRulesAndExplain(t *testing.T) {
	code, out, _ := rmlint(t, "rules")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, r := range []string{"onload", "initorder", "cmdflags"} {
		if !regexp.MustCompile(`(?m)^` + r + `\s+error\s+\S`).MatchString(out) {
			t.Errorf("rules output lacks %s:\n%s", r, out)
		}
	}
	code, out, _ = rmlint(t, "explain", "cmdflags")
	if code != 0 || !strings.Contains(out, "# cmdflags: ") || !strings.Contains(out, "## Example") || !strings.Contains(out, "## Fixed") {
		t.Fatalf("explain: exit %d\n%s", code, out)
	}
	code, out, _ = rmlint(t, "version")
	if code != 0 || !strings.HasPrefix(out, "rmlint ") {
		t.Fatalf("version: exit %d\n%s", code, out)
	}
}

// A redismodule.h found through -I wins over rmlint's embedded header.
func TestIncludeFlagWinsOverEmbeddedHeader(t *testing.T) {
	dir := t.TempDir()
	inc := filepath.Join(dir, "inc")
	os.Mkdir(inc, 0o755)
	writeFile(t, filepath.Join(inc, "redismodule.h"), "#define FROM_USER_HEADER 1\ntypedef struct RedisModuleCtx RedisModuleCtx;\n")
	writeFile(t, filepath.Join(dir, "m.c"), "#include \"redismodule.h\"\n#ifndef FROM_USER_HEADER\n#error embedded header used\n#endif\nint x;\n")
	if code, out, _ := rmlint(t, filepath.Join(dir, "m.c")); code != 2 {
		t.Fatalf("without -I: exit %d, want 2 (embedded header)\n%s", code, out)
	}
	if code, out, _ := rmlint(t, "-I", inc, filepath.Join(dir, "m.c")); code != 0 {
		t.Fatalf("with -I: exit %d, want 0\n%s", code, out)
	}
	if code, out, _ := rmlint(t, "-I"+inc, "-DEXTRA=1", filepath.Join(dir, "m.c")); code != 0 {
		t.Fatalf("with -Idir: exit %d, want 0\n%s", code, out)
	}
}

// Flags come from compile_commands.json, given explicitly or found upward.
func TestCompileCommands(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "src", "m.c"), "#ifndef NEEDED\n#error NEEDED not defined\n#endif\nint x;\n")
	db := `[{"directory": "` + dir + `", "file": "src/m.c", "command": "cc -DNEEDED=1 -c src/m.c"}]`
	writeFile(t, filepath.Join(dir, "compile_commands.json"), db)
	if code, out, _ := rmlint(t, filepath.Join(dir, "src", "m.c")); code != 0 {
		t.Fatalf("found upward: exit %d\n%s", code, out)
	}
	if code, out, _ := rmlint(t, filepath.Join(dir, "compile_commands.json")); code != 0 {
		t.Fatalf("compile_commands.json as PATH: exit %d\n%s", code, out)
	}
}

func TestDirectoryOfModules(t *testing.T) {
	code, out, _ := rmlint(t, "--enable", "onload,initorder,cmdflags", "../../testdata/examples")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	empty := t.TempDir()
	if code, out, _ := rmlint(t, empty); code != 2 || !strings.Contains(out, "no .c files") {
		t.Fatalf("empty dir: exit %d\n%s", code, out)
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
