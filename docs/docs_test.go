package docs

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rmlint/rmlint/checks"
	"github.com/rmlint/rmlint/checks/driver"
	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/csrc"
	"github.com/rmlint/rmlint/redisapi"
	"github.com/rmlint/rmlint/smoke"
)

// Every rule, static or smoke, has a documentation with all sections, and
// its helpUri is its page.
func TestEveryRuleIsDocumented(t *testing.T) {
	names := map[string]bool{}
	for _, r := range Rules() {
		names[r.Name] = true
		if r.Summary == "" {
			t.Errorf("%s: no summary (the doc's first line)", r.Name)
		}
		for _, s := range Sections {
			if Section(r.Doc, s) == "" {
				t.Errorf("%s: the doc has no (or an empty) %q section", r.Name, s)
			}
		}
		if r.HelpURI != URL(r.Name) {
			t.Errorf("%s: helpUri %q, want %q", r.Name, r.HelpURI, URL(r.Name))
		}
		for _, s := range []string{"## Example", "## Fixed"} {
			if len(CodeBlocks(Section(r.Doc, s))) == 0 {
				t.Errorf("%s: %s has no ```c code block", r.Name, s)
			}
		}
	}
	for _, r := range checks.All {
		if !names[r.Name()] {
			t.Errorf("static rule %s is missing from Rules()", r.Name())
		}
		if r.Analyzer.URL != URL(r.Name()) {
			t.Errorf("%s: Analyzer.URL %q, want %q", r.Name(), r.Analyzer.URL, URL(r.Name()))
		}
	}
	for _, n := range smoke.Names() {
		if !names[n] {
			t.Errorf("smoke rule %s is missing from Rules()", n)
		}
	}
}

// docs/rules is what `go generate ./docs` writes.
func TestGeneratedPagesAreUpToDate(t *testing.T) {
	want := map[string]string{}
	for _, r := range Rules() {
		want[r.Name+".md"] = Render(r)
	}
	entries, err := os.ReadDir("rules")
	if err != nil {
		t.Fatalf("%v (run go generate ./docs)", err)
	}
	have := map[string]bool{}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".md") {
			continue
		}
		have[e.Name()] = true
		w, ok := want[e.Name()]
		if !ok {
			t.Errorf("docs/rules/%s documents no rule: run go generate ./docs", e.Name())
			continue
		}
		got, _ := os.ReadFile(filepath.Join("rules", e.Name()))
		if string(got) != w {
			t.Errorf("docs/rules/%s is out of date: run go generate ./docs", e.Name())
		}
	}
	for name := range want {
		if !have[name] {
			t.Errorf("docs/rules/%s is missing: run go generate ./docs", name)
		}
	}
}

func TestRenderHasEverySection(t *testing.T) {
	r := Lookup("cmdflags")
	if r == nil {
		t.Fatal("no cmdflags")
	}
	page := Render(*r)
	if !strings.HasPrefix(page, "# cmdflags: ") || !strings.Contains(page, "Severity: error") {
		t.Errorf("page header:\n%s", page[:200])
	}
	last := -1
	for _, s := range Sections {
		i := strings.Index(page, "\n"+s+"\n")
		if i <= last {
			t.Errorf("section %q missing or out of order", s)
		}
		last = i
	}
}

// The examples are real: each static rule's "## Example" produces a finding
// of the rule and its "## Fixed" produces none. See Snippet for how a
// fragment becomes a module.
func TestExamplesProduceFindings(t *testing.T) {
	for _, r := range checks.All {
		r := r
		t.Run(r.Name(), func(t *testing.T) {
			t.Parallel()
			doc := driver.RuleInfo(r).Doc
			exampleTarget := ""
			for _, sec := range []string{"## Example", "## Fixed"} {
				code := strings.Join(CodeBlocks(Section(doc, sec)), "\n")
				src, target := Snippet(code)
				if sec == "## Example" {
					exampleTarget = target
				} else if target == "" {
					target = exampleTarget
				}
				n := findings(t, r, src, target, sec)
				if sec == "## Example" && n == 0 {
					t.Errorf("%s: the example produces no %s finding; module:\n%s", sec, r.Name(), src)
				}
				if sec == "## Fixed" && n > 0 {
					t.Errorf("%s: the fixed code still produces %d %s findings; module:\n%s", sec, n, r.Name(), src)
				}
			}
		})
	}
}

func findings(t *testing.T, r *inspect.Rule, src, target, sec string) int {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "doc.c")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := driver.Config{Rules: []*inspect.Rule{r}, Jobs: 1, Parse: cparse.Options{NoCompileCommands: true}}
	if target != "" {
		v, err := redisapi.ParseVersion(target)
		if err != nil {
			t.Fatalf("%s: %v", sec, err)
		}
		cfg.Target = v
	}
	res := driver.Run(cfg, []string{p})
	for _, e := range res.Errors {
		t.Errorf("%s: the snippet does not compile: %s\nmodule:\n%s", sec, e.Error(), src)
	}
	n := 0
	for _, f := range res.Findings {
		if f.Rule == r.Name() {
			n++
		}
	}
	return n
}

// The wrapping convention itself.
func TestSnippetConvention(t *testing.T) {
	src, target := Snippet("// rmlint --redis-version 6.2\nint Get(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {\n    return REDISMODULE_OK;\n}\nRedisModule_Log(ctx, \"notice\", \"x\");\n")
	if target != "6.2" {
		t.Errorf("target %q", target)
	}
	for _, want := range []string{
		`#include "redismodule.h"`,
		"int DocCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {\n",
		"\n    RedisModule_Log(ctx, \"notice\", \"x\");\n    return REDISMODULE_OK;\n}",
		`RedisModule_CreateCommand(ctx, "doc.get", Get, "write deny-oom", 1, 1, 1)`,
		`RedisModule_CreateCommand(ctx, "doc.doccommand", DocCommand, "write deny-oom", 1, 1, 1)`,
		"int RedisModule_OnLoad(",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("module lacks %q:\n%s", want, src)
		}
	}
	src, _ = Snippet("int H(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) { return 0; }\n/* in RedisModule_OnLoad */\nRedisModule_CreateCommand(ctx, \"x\", H, \"readonly\", 1, 1, 1);\n")
	if strings.Contains(src, "doc.h") || !strings.Contains(src, "    RedisModule_CreateCommand(ctx, \"x\", H, \"readonly\", 1, 1, 1);") {
		t.Errorf("an OnLoad part replaces the registrations:\n%s", src)
	}
	full := "int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) { return 0; }\n"
	if src, _ := Snippet(full); strings.Count(src, "RedisModule_OnLoad") != 1 {
		t.Errorf("a complete module got a second OnLoad:\n%s", src)
	}
}

var (
	targetLine  = regexp.MustCompile(`(?m)^\s*// rmlint --redis-version (\S+)`)
	onLoadDef   = regexp.MustCompile(`(?i)\bRedisModule_OnLoad\s*\(`)
	handlerHead = regexp.MustCompile(`\(\s*RedisModuleCtx\s*\*\s*\w+\s*,\s*RedisModuleString\s*\*\*\s*\w+\s*,\s*int\s+\w+\s*\)`)
)

// Snippet turns a doc's code into a module, by this convention:
//
//   - A line "// rmlint --redis-version X.Y" sets the target release (the
//     Example's target also applies to the Fixed code).
//   - Code that defines RedisModule_OnLoad (in any spelling of its case) is a
//     complete module; it only gets the includes.
//   - Otherwise a line "/* in RedisModule_OnLoad */" splits it: what follows
//     is the body of an OnLoad that first calls RedisModule_Init, what
//     precedes it is at file scope.
//   - Without that line, function definitions stay at file scope and
//     statements outside any function become the body of a command handler
//     `int DocCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc)`.
//   - Without an OnLoad part, the generated OnLoad registers every function
//     with the command-handler signature (and DocCommand) as "doc.<name>",
//     flags "write deny-oom", keys 1 1 1.
func Snippet(code string) (src, target string) {
	if m := targetLine.FindStringSubmatch(code); m != nil {
		target = m[1]
	}
	const includes = "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include \"redismodule.h\"\n\n"
	if onLoadDef.MatchString(code) {
		return includes + code, target
	}
	before, onload, hasOnLoad := strings.Cut(code, "/* in RedisModule_OnLoad */")
	var top, loose strings.Builder
	var handlers []string
	b := []byte(before)
	last := 0
	if hasOnLoad {
		// Everything before the OnLoad part is at file scope.
		top.WriteString(before + "\n")
		b, last = nil, len(before)
	}
	for _, f := range csrc.Functions(b) {
		start := strings.LastIndexByte(before[:f.Offset], '\n') + 1
		// A comment or a blank line before the header belongs to the loose part.
		loose.WriteString(before[last:start])
		top.WriteString(before[start:f.Close+1] + "\n\n")
		if handlerHead.MatchString(before[f.Offset:f.Open]) {
			handlers = append(handlers, f.Name)
		}
		last = f.Close + 1
	}
	loose.WriteString(before[last:])
	var out strings.Builder
	out.WriteString(includes)
	out.WriteString(top.String())
	if strings.TrimSpace(blankComments(loose.String())) != "" {
		out.WriteString("int DocCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {\n")
		out.WriteString(indent(strings.Trim(loose.String(), "\n")))
		out.WriteString("\n    return REDISMODULE_OK;\n}\n\n")
		handlers = append(handlers, "DocCommand")
	}
	out.WriteString("int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {\n")
	out.WriteString("    REDISMODULE_NOT_USED(argv);\n    REDISMODULE_NOT_USED(argc);\n")
	out.WriteString("    if (RedisModule_Init(ctx, \"doc\", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)\n        return REDISMODULE_ERR;\n")
	if hasOnLoad {
		out.WriteString(indent(strings.Trim(onload, "\n")) + "\n")
	} else {
		for _, h := range handlers {
			out.WriteString("    if (RedisModule_CreateCommand(ctx, \"doc." + strings.ToLower(h) + "\", " + h + ", \"write deny-oom\", 1, 1, 1) == REDISMODULE_ERR)\n        return REDISMODULE_ERR;\n")
		}
	}
	out.WriteString("    return REDISMODULE_OK;\n}\n")
	return out.String(), target
}

func indent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			lines[i] = "    " + l
		}
	}
	return strings.Join(lines, "\n")
}

func blankComments(s string) string {
	b := []byte(s)
	for _, c := range csrc.Comments(b) {
		for k := c.Offset; k < c.End; k++ {
			b[k] = ' '
		}
	}
	return string(b)
}
