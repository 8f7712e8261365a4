package baseline

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rmlint/rmlint/reports"
)

const before = `#include "redismodule.h"

int Greet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModule_ReplyWithSimpleString(ctx, RedisModule_Strdup("Hello"));
    return REDISMODULE_OK;
}

int Other(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModule_ReplyWithSimpleString(ctx, RedisModule_Strdup("Hello"));
    return REDISMODULE_OK;
}
`

// finding is a leak finding on the first line containing sub, in the n-th
// occurrence (1-based).
func finding(t *testing.T, file, src, sub string, n int) reports.Finding {
	t.Helper()
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, sub) {
			n--
			if n == 0 {
				return reports.Finding{Rule: "leak", Pos: reports.Position{File: file, Line: i + 1, Col: strings.Index(l, sub) + 1}, Message: "leak"}
			}
		}
	}
	t.Fatalf("%q not found", sub)
	return reports.Finding{}
}

func result(t *testing.T, file, src string, fs ...reports.Finding) *reports.Result {
	return &reports.Result{Findings: fs, ReadFile: func(name string) ([]byte, error) {
		if name == file {
			return []byte(src), nil
		}
		return nil, os.ErrNotExist
	}}
}

func TestBaselineSurvivesLineShiftsAndReportsNewOnes(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "src", "m.c")
	bl := filepath.Join(dir, "baseline.json")

	res := result(t, file, before, finding(t, file, before, "Strdup", 1), finding(t, file, before, "Strdup", 2))
	if err := Write(bl, "rmlint test", res); err != nil {
		t.Fatal(err)
	}
	var doc File
	data, _ := os.ReadFile(bl)
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || len(doc.Findings) != 2 || doc.Findings[0].File != "src/m.c" || doc.Findings[0].Function != "Greet" || doc.Findings[1].Function != "Other" {
		t.Fatalf("baseline: %s", data)
	}
	// Same text, same rule, different functions: different fingerprints.
	if doc.Findings[0].Fingerprint == doc.Findings[1].Fingerprint {
		t.Fatal("the function is not part of the fingerprint")
	}

	// Code moves down, is re-indented, and a third, new leak appears.
	after := "/* a new header comment\n   spanning lines */\n" + strings.Replace(before, "    RedisModule_ReplyWithSimpleString(ctx, RedisModule_Strdup", "\tRedisModule_ReplyWithSimpleString(ctx,  RedisModule_Strdup", 1) +
		"\nint Third(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {\n    RedisModule_ReplyWithSimpleString(ctx, RedisModule_Strdup(\"Hello\"));\n    return REDISMODULE_OK;\n}\n"
	res = result(t, file, after, finding(t, file, after, "Strdup", 1), finding(t, file, after, "Strdup", 2), finding(t, file, after, "Strdup", 3))
	b, err := Load(bl)
	if err != nil {
		t.Fatal(err)
	}
	if unmatched := b.Filter(res); unmatched != 0 {
		t.Errorf("unmatched = %d", unmatched)
	}
	if len(res.Findings) != 1 || res.Findings[0].Pos.Line != strings.Count(after[:strings.Index(after, "int Third")], "\n")+2 {
		t.Fatalf("new findings: %+v", res.Findings)
	}
	if len(res.Suppressed) != 2 || res.Suppressed[0].Suppressions[0].Kind != reports.SuppressionExternal || !strings.Contains(res.Suppressed[0].Suppressions[0].Justification, "baseline") {
		t.Fatalf("suppressed: %+v", res.Suppressed)
	}

	// A changed line is a new finding, and the old entry is unmatched.
	changed := strings.Replace(before, `Strdup("Hello")`, `Strdup("Hi")`, 1)
	res = result(t, file, changed, finding(t, file, changed, "Strdup", 1), finding(t, file, changed, "Strdup", 2))
	b, _ = Load(bl)
	if unmatched := b.Filter(res); unmatched != 1 || len(res.Findings) != 1 || res.Findings[0].Pos.Line != 4 {
		t.Fatalf("unmatched %d, findings %+v", unmatched, res.Findings)
	}
}

// Equal fingerprints are counted: one entry absorbs one finding.
func TestBaselineMultiset(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "m.c")
	src := "int f(void) {\n    x();\n    x();\n}\n"
	one := reports.Finding{Rule: "leak", Pos: reports.Position{File: file, Line: 2, Col: 5}}
	two := reports.Finding{Rule: "leak", Pos: reports.Position{File: file, Line: 3, Col: 5}}
	bl := filepath.Join(dir, "b.json")
	if err := Write(bl, "t", result(t, file, src, one)); err != nil {
		t.Fatal(err)
	}
	b, _ := Load(bl)
	res := result(t, file, src, one, two)
	b.Filter(res)
	if len(res.Findings) != 1 || len(res.Suppressed) != 1 {
		t.Fatalf("findings %d suppressed %d", len(res.Findings), len(res.Suppressed))
	}
}

func TestLoadRejectsOtherVersions(t *testing.T) {
	p := filepath.Join(t.TempDir(), "b.json")
	os.WriteFile(p, []byte(`{"version": 2, "findings": []}`), 0o644)
	if _, err := Load(p); err == nil || !strings.Contains(err.Error(), "version 2") {
		t.Fatalf("err = %v", err)
	}
	os.WriteFile(p, []byte(`not json`), 0o644)
	if _, err := Load(p); err == nil || !strings.Contains(err.Error(), "not a baseline") {
		t.Fatalf("err = %v", err)
	}
}
