package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rmlint/rmlint/reports"
)

func known(r string) bool {
	switch r {
	case "leak", "badfree", "replycount", "cmdflags", "writeflag", "smokereply", "suppression":
		return true
	}
	return false
}

const full = `# every key
enable: [cmdflags, replycount, leak, badfree, writeflag]
disable: leak
severity:
  writeflag: note
include: [inc, /abs/inc]
define: [FOO, "BAR=2"]
undefine: [NDEBUG]
compile-commands: build/compile_commands.json
redis-version: "6.2"
smoke: true
report-unused-ignores: false
baseline: .rmlint-baseline.json
exclude: ["third_party/**"]
paths:
  "vendor/**":
    disable: [badfree, replycount]
  "src/legacy/*.c":
    severity: {replycount: warning}
  "*.h":
    disable: [cmdflags]
`

func TestParseEveryKey(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, ".rmlint.yaml")
	c, err := Parse(p, []byte(full), known)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.Enable, ",") != "cmdflags,replycount,leak,badfree,writeflag" || strings.Join(c.Disable, ",") != "leak" {
		t.Errorf("enable %v disable %v", c.Enable, c.Disable)
	}
	if c.Severity["writeflag"] != reports.SeverityNote {
		t.Errorf("severity %v", c.Severity)
	}
	if len(c.Include) != 2 || c.Include[0] != filepath.Join(dir, "inc") || c.Include[1] != "/abs/inc" {
		t.Errorf("include %v (relative paths are relative to the file)", c.Include)
	}
	if strings.Join(c.Define, " ") != "FOO BAR=2" || strings.Join(c.Undefine, " ") != "NDEBUG" {
		t.Errorf("define %v undefine %v", c.Define, c.Undefine)
	}
	if c.CompileCommands != filepath.Join(dir, "build/compile_commands.json") || c.Baseline != filepath.Join(dir, ".rmlint-baseline.json") {
		t.Errorf("compile-commands %q baseline %q", c.CompileCommands, c.Baseline)
	}
	if c.RedisVersion != "6.2" || c.Smoke == nil || !*c.Smoke || c.ReportUnusedIgnores == nil || *c.ReportUnusedIgnores {
		t.Errorf("redis-version %q smoke %v unused %v", c.RedisVersion, c.Smoke, c.ReportUnusedIgnores)
	}

	in := func(rel string) string { return filepath.Join(dir, rel) }
	for _, tc := range []struct {
		rule, file string
		on         bool
	}{
		{"badfree", in("vendor/a/b.c"), false},
		{"replycount", in("vendor/x.c"), false},
		{"leak", in("vendor/x.c"), true},
		{"badfree", in("src/vendor.c"), true},
		{"cmdflags", in("src/deep/x.h"), false},
		{"cmdflags", in("src/deep/x.c"), true},
		{"leak", in("third_party/lib/z.c"), false},
		{"leak", "/elsewhere/vendor/x.c", true}, // outside the config's directory
	} {
		if got := c.RuleOn(tc.rule, tc.file); got != tc.on {
			t.Errorf("RuleOn(%s, %s) = %v, want %v", tc.rule, tc.file, got, tc.on)
		}
	}
	if s, ok := c.SeverityOf("replycount", in("src/legacy/old.c")); !ok || s != reports.SeverityWarning {
		t.Errorf("SeverityOf(replycount, legacy) = %v, %v", s, ok)
	}
	if _, ok := c.SeverityOf("replycount", in("src/legacy/sub/old.c")); ok {
		t.Errorf("src/legacy/*.c matched a file one directory deeper")
	}
	if s, ok := c.SeverityOf("writeflag", in("a.c")); !ok || s != reports.SeverityNote {
		t.Errorf("SeverityOf(writeflag) = %v, %v", s, ok)
	}

	res := &reports.Result{
		Rules: []reports.Rule{{Name: "writeflag", Severity: reports.SeverityError}},
		Findings: []reports.Finding{
			{Rule: "badfree", Pos: reports.Position{File: in("vendor/v.c")}},
			{Rule: "writeflag", Pos: reports.Position{File: in("m.c")}},
			{Rule: "replycount", Pos: reports.Position{File: in("src/legacy/l.c")}},
		},
	}
	c.Apply(res)
	if len(res.Findings) != 2 || res.Findings[0].Severity != reports.SeverityNote || res.Findings[1].Severity != reports.SeverityWarning || res.Rules[0].Severity != reports.SeverityNote {
		t.Errorf("Apply: %+v rules %+v", res.Findings, res.Rules)
	}
}

func TestErrorsHaveLines(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"enable: [cmdflags]\nenabel: [leak]\n", `:2:1: unknown key "enabel" in the configuration`},
		{"disable: [leak, nosuch]\n", `:1:17: unknown rule "nosuch"`},
		{"severity:\n  leak: fatal\n", `:2:9: unknown severity "fatal"`},
		{"paths:\n  vendor:\n    disabel: [leak]\n", `:3:5: unknown key "disabel" in paths "vendor"`},
		{"smoke: maybe\n", `:1:8: want true or false`},
		{"enable: [cmdflags\n", `did not find expected`},
		{"- a\n- b\n", `:1:1: the configuration must be a mapping`},
		{"paths:\n  \"[abc\":\n    disable: [leak]\n", `:2:3: bad pattern "[abc"`},
	} {
		_, err := Parse(".rmlint.yaml", []byte(tc.src), known)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want an error containing %q", tc.src, err, tc.want)
		}
	}
	if c, err := Parse(".rmlint.yaml", []byte("# nothing\n"), known); err != nil || c == nil {
		t.Errorf("empty file: %v", err)
	}
}

func TestFindUpward(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := Find(sub); got != "" && strings.HasPrefix(got, dir) {
		t.Fatalf("found %s before writing one", got)
	}
	cfg := filepath.Join(dir, "a", ".rmlint.yaml")
	os.WriteFile(cfg, []byte("smoke: false\n"), 0o644)
	os.WriteFile(filepath.Join(sub, "m.c"), []byte("int x;\n"), 0o644)
	if got := Find(filepath.Join(sub, "m.c")); got != cfg {
		t.Errorf("Find(file) = %q, want %q", got, cfg)
	}
	if got := Find(sub); got != cfg {
		t.Errorf("Find(dir) = %q, want %q", got, cfg)
	}
	yml := filepath.Join(sub, ".rmlint.yml")
	os.WriteFile(yml, []byte("smoke: false\n"), 0o644)
	if got := Find(sub); got != yml {
		t.Errorf("the nearer .rmlint.yml should win: %q", got)
	}
}

func TestGlobs(t *testing.T) {
	for _, tc := range []struct {
		pat, path string
		want      bool
	}{
		{"vendor/**", "vendor/a/b.c", true},
		{"vendor/**", "src/vendor/a.c", false},
		{"vendor", "src/vendor/a.c", true},
		{"**/gen_*.c", "a/b/gen_x.c", true},
		{"**/gen_*.c", "gen_x.c", true},
		{"src/*.c", "src/a.c", true},
		{"src/*.c", "src/x/a.c", false},
		{"src/?.c", "src/a.c", true},
		{"src/[ab].c", "src/c.c", false},
		{"src/[!ab].c", "src/c.c", true},
		{"*.h", "deep/dir/x.h", true},
		{"./src/", "src/a.c", true},
	} {
		re, err := globRE(tc.pat)
		if err != nil {
			t.Fatal(err)
		}
		if got := matchPath(re, tc.path); got != tc.want {
			t.Errorf("%q matches %q = %v, want %v (%s)", tc.pat, tc.path, got, tc.want, re)
		}
	}
}
