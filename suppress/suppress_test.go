package suppress

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rmlint/rmlint/reports"
)

const src = `#include "redismodule.h"
int A(RedisModuleCtx *ctx) {
    leaky(); // rmlint:ignore leak freed by the caller
    // rmlint:ignore leak,badfree ownership moves to the dict
    // rmlint:ignore replycount the helper replies
    both();
    /* rmlint:ignore leak block form works too */ other();
    const char *s = "// rmlint:ignore leak not a comment";
    noreason(); // rmlint:ignore leak
    unknown(); // rmlint:ignore nosuchrule,leak a typo in the first name
    // rmlint:ignroe leak typo in the directive
    stale(); // rmlint:ignore leak nothing here
    return 0;
}
/*
 * rmlint:file-ignore nulterm generated code
 */
`

// lineOf is the 1-based line of the first line containing sub.
func lineOf(t *testing.T, sub string) int {
	t.Helper()
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, sub) {
			return i + 1
		}
	}
	t.Fatalf("%q not in src", sub)
	return 0
}

func finding(t *testing.T, rule, at string) reports.Finding {
	return reports.Finding{Rule: rule, Severity: reports.SeverityError, Pos: reports.Position{File: "m.c", Line: lineOf(t, at), Col: 5}, Message: rule + " at " + at}
}

func known(r string) bool {
	switch r {
	case "leak", "badfree", "replycount", "nulterm", "cmdflags":
		return true
	}
	return false
}

func apply(t *testing.T, unused bool, fs ...reports.Finding) *reports.Result {
	t.Helper()
	res := &reports.Result{Findings: fs, ReadFile: func(name string) ([]byte, error) {
		if name == "m.c" {
			return []byte(src), nil
		}
		return nil, os.ErrNotExist
	}}
	Apply(res, Options{Known: known, ReportUnused: unused, Files: []string{"m.c"}})
	return res
}

func summary(res *reports.Result) (active, suppressed []string) {
	for _, f := range res.Findings {
		active = append(active, fmt.Sprintf("%s@%d", f.Rule, f.Pos.Line))
	}
	for _, f := range res.Suppressed {
		suppressed = append(suppressed, fmt.Sprintf("%s@%d:%s", f.Rule, f.Pos.Line, f.Suppressions[0].Justification))
	}
	return
}

func TestSuppressions(t *testing.T) {
	res := apply(t, false,
		finding(t, "leak", "leaky()"),
		finding(t, "badfree", "leaky()"), // another rule on the same line stays
		finding(t, "leak", "both()"),
		finding(t, "replycount", "both()"),
		finding(t, "badfree", "both()"),
		finding(t, "leak", "other()"),
		finding(t, "leak", `const char *s`),
		finding(t, "leak", "noreason()"),
		finding(t, "leak", "unknown()"),
		finding(t, "nulterm", "return 0"),
		finding(t, "cmdflags", "return 0"),
	)
	active, suppressed := summary(res)
	wantSuppressed := []string{
		"leak@3:freed by the caller",
		"leak@6:ownership moves to the dict",
		"replycount@6:the helper replies",
		"badfree@6:ownership moves to the dict",
		"leak@7:block form works too",
		"leak@10:a typo in the first name",
		"nulterm@13:generated code",
	}
	if strings.Join(sortedCopy(suppressed), " ") != strings.Join(sortedCopy(wantSuppressed), " ") {
		t.Errorf("suppressed = %v\nwant %v", suppressed, wantSuppressed)
	}
	wantActive := []string{
		"badfree@3", "leak@8", "leak@9", "suppression@9", "suppression@10", "suppression@11", "cmdflags@13",
	}
	if strings.Join(sortedCopy(active), " ") != strings.Join(sortedCopy(wantActive), " ") {
		t.Errorf("active = %v\nwant %v", active, wantActive)
	}
	for _, f := range res.Suppressed {
		sp := f.Suppressions[0]
		if sp.Kind != reports.SuppressionInSource || sp.Pos.File != "m.c" || sp.Pos.Line == 0 || sp.Pos.Col == 0 {
			t.Errorf("suppression of %s@%d: %+v", f.Rule, f.Pos.Line, sp)
		}
	}
	msgs := map[int]string{}
	for _, f := range res.Findings {
		if f.Rule == RuleName {
			msgs[f.Pos.Line] = f.Message
		}
	}
	for line, want := range map[int]string{9: "gives no reason", 10: `unknown rule "nosuchrule"`, 11: `unknown directive "rmlint:ignroe"`} {
		if !strings.Contains(msgs[line], want) {
			t.Errorf("line %d: message %q lacks %q", line, msgs[line], want)
		}
	}
}

func TestUnusedDirectives(t *testing.T) {
	fs := []reports.Finding{finding(t, "leak", "leaky()"), finding(t, "leak", "both()"), finding(t, "leak", "other()")}
	res := apply(t, false, fs...)
	for _, f := range res.Findings {
		if strings.Contains(f.Message, "suppresses nothing") {
			t.Errorf("unused directive reported without ReportUnused: %s", f.Message)
		}
	}
	res = apply(t, true, fs...)
	got := map[int]string{}
	for _, f := range res.Findings {
		if strings.Contains(f.Message, "suppresses nothing") {
			got[f.Pos.Line] = f.Message
		}
	}
	// Line 4's leak part was used; badfree was not. Line 5 (replycount),
	// line 10 (leak; the unknown name is reported apart), line 12 and the
	// file-ignore suppressed nothing.
	for line, want := range map[int]string{
		4:  "badfree of its rules suppresses nothing on line 6",
		5:  "rmlint:ignore replycount suppresses nothing: line 6 has no replycount finding",
		10: "rmlint:ignore leak suppresses nothing",
		12: "rmlint:ignore leak suppresses nothing",
		15: "rmlint:file-ignore nulterm suppresses nothing: this file has no nulterm finding",
	} {
		if !strings.Contains(got[line], want) {
			t.Errorf("line %d: %q lacks %q", line, got[line], want)
		}
		delete(got, line)
	}
	for line, msg := range got {
		t.Errorf("unexpected unused report on line %d: %s", line, msg)
	}

	// A rule that did not run on the file makes no unused report.
	res = &reports.Result{Findings: fs, ReadFile: func(string) ([]byte, error) { return []byte(src), nil }}
	Apply(res, Options{Known: known, ReportUnused: true, Files: []string{"m.c"}, Ran: func(rule, file string) bool { return rule == "leak" }})
	for _, f := range res.Findings {
		if strings.Contains(f.Message, "suppresses nothing") && !strings.Contains(f.Message, "leak") {
			t.Errorf("reported a rule that did not run: %s", f.Message)
		}
	}
	// Input errors in a file: no unused reports there.
	res = &reports.Result{Errors: []reports.InputError{{Pos: reports.Position{File: "m.c"}}}, ReadFile: func(string) ([]byte, error) { return []byte(src), nil }}
	Apply(res, Options{Known: known, ReportUnused: true, Files: []string{"m.c"}})
	for _, f := range res.Findings {
		if strings.Contains(f.Message, "suppresses nothing") {
			t.Errorf("unused report in a file that could not be analysed: %s", f.Message)
		}
	}
}

func TestDisabledMetaRuleStillSuppresses(t *testing.T) {
	res := &reports.Result{Findings: []reports.Finding{finding(t, "leak", "leaky()")}, ReadFile: func(string) ([]byte, error) { return []byte(src), nil }}
	Apply(res, Options{Known: known, ReportUnused: true, Disabled: true, Files: []string{"m.c"}})
	if len(res.Findings) != 0 || len(res.Suppressed) != 1 {
		t.Fatalf("findings %v suppressed %v", res.Findings, res.Suppressed)
	}
}

// Files named differently (relative, absolute) are the same file.
func TestPathsNormalised(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "m.c")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(dir)
	res := &reports.Result{Findings: []reports.Finding{{Rule: "leak", Pos: reports.Position{File: p, Line: 3}}}, ReadFile: os.ReadFile}
	Apply(res, Options{Known: known, ReportUnused: true, Files: []string{"m.c"}})
	if len(res.Suppressed) != 1 {
		t.Fatalf("not suppressed: %+v", res.Findings)
	}
	for _, f := range res.Findings {
		if strings.Contains(f.Message, "rmlint:ignore leak suppresses nothing: line 3") {
			t.Errorf("the directive was read twice under two names: %s", f.Message)
		}
	}
}

func sortedCopy(s []string) []string {
	c := append([]string(nil), s...)
	for i := range c {
		for j := i + 1; j < len(c); j++ {
			if c[j] < c[i] {
				c[i], c[j] = c[j], c[i]
			}
		}
	}
	return c
}
