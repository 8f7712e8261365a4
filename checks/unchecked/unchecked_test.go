package unchecked_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rmlint/rmlint/checks/checktest"
	"github.com/rmlint/rmlint/checks/unchecked"
	"github.com/rmlint/rmlint/reports"
)

func Test(t *testing.T) {
	findings := checktest.Run(t, "testdata", unchecked.Rule)
	checkFixes(t, findings)
	checkSeverities(t, findings)
}

// checkFixes applies the suggested fixes of bad_ignored.c: only plain
// statements written directly in a block of RedisModule_OnLoad get one.
func checkFixes(t *testing.T, findings []reports.Finding) {
	path := filepath.Join("testdata", "bad_ignored.c")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	fixed := map[int]string{}
	for _, f := range findings {
		if filepath.Base(f.Pos.File) != "bad_ignored.c" {
			continue
		}
		line := lines[f.Pos.Line-1]
		for _, fx := range f.Fixes {
			for _, e := range fx.Edits {
				if e.Pos.Line != f.Pos.Line || e.Pos.EndLine != f.Pos.Line {
					t.Errorf("line %d: fix spans lines %d-%d", f.Pos.Line, e.Pos.Line, e.Pos.EndLine)
					continue
				}
				fixed[f.Pos.Line] = line[:e.Pos.Col-1] + e.NewText + line[e.Pos.EndCol-1:]
			}
		}
	}
	want := map[string]string{
		`"bad.hello", Hello`: `    if (RedisModule_CreateCommand(ctx, "bad.hello", Hello, "readonly", 0, 0, 0) == REDISMODULE_ERR) return REDISMODULE_ERR; /* want`,
		`"bad.parent"`:       `    if (RedisModule_CreateCommand(ctx, "bad.parent", NULL, "", 0, 0, 0) == REDISMODULE_ERR) return REDISMODULE_ERR; /* want`,
		`"limit", 10`:        `    if (RedisModule_RegisterNumericConfig(ctx, "limit", 10, REDISMODULE_CONFIG_DEFAULT, 0, 100, getLimit, setLimit, NULL, NULL) == REDISMODULE_ERR) return REDISMODULE_ERR; /* want`,
	}
	noFix := []string{`"bad.macro"`, `"bad.cond"`, `"bad.more"`, `"bad.hello");`}
	for i, line := range lines {
		for key, w := range want {
			if strings.Contains(line, key) && strings.Contains(line, "want") {
				if got, ok := fixed[i+1]; !ok || !strings.HasPrefix(got, w) {
					t.Errorf("line %d: fixed text\n got %q\nwant prefix %q", i+1, got, w)
				}
			}
		}
		for _, key := range noFix {
			if strings.Contains(line, key) {
				if got, ok := fixed[i+1]; ok {
					t.Errorf("line %d: unexpected fix %q", i+1, got)
				}
			}
		}
	}
}

// checkSeverities: a stale value is a warning, a NULL Call reply that takes
// an unusual server setup a note; the rest are errors.
func checkSeverities(t *testing.T, findings []reports.Finding) {
	for _, f := range findings {
		want := reports.SeverityError
		switch {
		case strings.Contains(f.Message, "silently keeps its previous value"):
			want = reports.SeverityWarning
		case strings.Contains(f.Message, "with a constant command and format, as here"):
			want = reports.SeverityNote
		}
		if f.Severity != want {
			t.Errorf("%s:%d: severity %v (want %v) for %q", filepath.Base(f.Pos.File), f.Pos.Line, f.Severity, want, f.Message)
		}
	}
}
