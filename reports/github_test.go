package reports

import (
	"strings"
	"testing"
)

func TestGitHubGolden(t *testing.T) {
	golden(t, "github.golden", write(t, "github", fixture(t), Options{}))
}

func TestGitHubEscaping(t *testing.T) {
	r := &Result{
		Root: "/repo",
		Findings: []Finding{{
			Rule:     "cmd,flags:x",
			Severity: SeverityWarning,
			Pos:      Position{File: "/repo/src/we,ird:name%20.c", Line: 3, Col: 2},
			Message:  "100% wrong: a, b\r\nsecond line\nthird",
		}},
		Errors: []InputError{{Pos: Position{File: "/repo/odd,file:%.c"}, Message: "cannot parse: 50%\nfor sure"}},
	}
	got := strings.Split(strings.TrimSuffix(string(write(t, "github", r, Options{})), "\n"), "\n")
	want := []string{
		"::warning file=src/we%2Cird%3Aname%2520.c,line=3,col=2,title=rmlint(cmd%2Cflags%3Ax)::100%25 wrong: a, b%0D%0Asecond line%0Athird",
		"::error file=odd%2Cfile%3A%25.c::cannot parse: 50%25%0Afor sure",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
}

func TestGitHubEscapeFunctions(t *testing.T) {
	for _, tc := range []struct{ in, data, prop string }{
		{"a%b", "a%25b", "a%25b"},
		{"a\rb\nc", "a%0Db%0Ac", "a%0Db%0Ac"},
		{"a:b,c", "a:b,c", "a%3Ab%2Cc"},
		{"%0A", "%250A", "%250A"}, // an escape in the input is not an escape
	} {
		if got := escapeGitHubData(tc.in); got != tc.data {
			t.Errorf("escapeGitHubData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := escapeGitHubProperty(tc.in); got != tc.prop {
			t.Errorf("escapeGitHubProperty(%q) = %q, want %q", tc.in, got, tc.prop)
		}
	}
}

func TestGitHubCommands(t *testing.T) {
	out := string(write(t, "github", fixture(t), Options{}))
	for _, want := range []string{
		// severity mapping, range on one line, related notes on extra lines
		"::error file=src/hello.c,line=8,col=2,endLine=8,endColumn=27,title=rmlint(doublereply)::reply sent twice%0Anote: src/hello.c:7:2: first reply here\n",
		"::warning file=src/hello.c,line=13,",
		"::notice file=src/hello.c,line=7,col=51,title=rmlint(style)::", // byte column 54 in UTF-16 units
		"::notice file=/usr/local/include/redismodule.h,line=42,col=5,endLine=42,endColumn=21,title=rmlint(apiversion)::",
		"::error file=src/broken.c,line=3,col=1::expected ';' after expression\n",
		// ":" stays as it is in the message
		"::error file=src/missing.c::cannot read: no such file or directory\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "\n"); n != 7 {
		t.Errorf("%d lines, want 7 (5 findings, 2 errors)", n)
	}
}
