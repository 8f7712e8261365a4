package reports

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTextGolden(t *testing.T) {
	golden(t, "text.golden", write(t, "text", fixture(t), Options{}))
}

func TestTextColorGolden(t *testing.T) {
	golden(t, "text_color.golden", write(t, "text", fixture(t), Options{Color: true}))
}

// expandTabs renders s as a terminal with tab stops every width columns
// would, one cell per rune.
func expandTabs(s string, width int) []rune {
	var out []rune
	for _, r := range s {
		if r == '\t' {
			for {
				out = append(out, ' ')
				if len(out)%width == 0 {
					break
				}
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

// caretUnder returns the source line shown just before the caret line that
// follows the diagnostic starting with prefix.
func caretUnder(t *testing.T, out, prefix string) (src, caret string) {
	t.Helper()
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, prefix) {
			if i+2 >= len(lines) {
				t.Fatalf("no excerpt after %q", l)
			}
			return lines[i+1], lines[i+2]
		}
	}
	t.Fatalf("no line starting with %q in\n%s", prefix, out)
	return "", ""
}

func TestTextCaretAlignsWithTabs(t *testing.T) {
	out := string(write(t, "text", fixture(t), Options{}))
	src, caret := caretUnder(t, out, "src/hello.c:8:2: error: reply sent twice")
	if src != "\tRedisModule_ReplyWithNull(ctx);" {
		t.Fatalf("source line = %q", src)
	}
	if caret != "\t^"+strings.Repeat("~", len("RedisModule_ReplyWithNull")-1) {
		t.Errorf("caret line = %q", caret)
	}
	// Whatever the tab width, the caret must sit under the 'R'.
	for _, width := range []int{2, 4, 8} {
		s, c := expandTabs(src, width), expandTabs(caret, width)
		at := strings.IndexRune(string(c), '^')
		if at < 0 || at >= len(s) || s[at] != 'R' {
			t.Errorf("tab width %d: caret at cell %d, source %q, caret %q", width, at, string(s), string(c))
		}
	}
}

func TestTextCaretAfterMultibyteAndInvalidBytes(t *testing.T) {
	out := string(write(t, "text", fixture(t), Options{}))
	for _, tc := range []struct{ prefix, src, caret string }{
		// é takes one cell, the emoji two.
		{
			"src/hello.c:7:54:",
			"\tRedisModule_ReplyWithSimpleString(ctx, \"héllo 😀\");",
			"\t" + strings.Repeat(" ", utf8.RuneCountInString("RedisModule_ReplyWithSimpleString(ctx, \"héllo ")+2+1) + "^", // emoji, quote
		},
		// The invalid byte is shown as one U+FFFD, one cell.
		{
			"src/latin1.c:3:49:",
			"static const char *greeting = \"ol\uFFFD\"; static int unused = 1;",
			strings.Repeat(" ", len(`static const char *greeting = "olX"; static int `)) + "^~~~~~",
		},
		// A range starting on a wide character covers both its cells.
		{
			"src/hello.c:7:49:",
			"\tRedisModule_ReplyWithSimpleString(ctx, \"héllo 😀\");",
			"\t" + strings.Repeat(" ", utf8.RuneCountInString("RedisModule_ReplyWithSimpleString(ctx, \"héllo ")) + "^~~",
		},
	} {
		if tc.prefix == "src/hello.c:7:49:" {
			r := fixture(t)
			r.Findings = []Finding{{Rule: "r", Message: "emoji", Pos: span(t, helloPath, helloSrc, 7, "😀\"")}}
			out = string(write(t, "text", r, Options{}))
		}
		src, caret := caretUnder(t, out, tc.prefix)
		if src != tc.src || caret != tc.caret {
			t.Errorf("%s\ngot:\n%s\n%s\nwant:\n%s\n%s", tc.prefix, src, caret, tc.src, tc.caret)
		}
	}
}

func TestTextNonUTF8(t *testing.T) {
	out := write(t, "text", fixture(t), Options{})
	if !utf8.Valid(out) {
		t.Fatalf("output is not valid UTF-8:\n%q", out)
	}
	want := "static const char *greeting = \"ol\uFFFD\"; static int unused = 1;\n"
	if !bytes.Contains(out, []byte(want)) {
		t.Errorf("output lacks %q (invalid byte replaced, CR stripped):\n%s", want, out)
	}
}

func TestTextColor(t *testing.T) {
	plain := write(t, "text", fixture(t), Options{})
	if bytes.ContainsRune(plain, '\x1b') {
		t.Errorf("escape sequences without Options.Color:\n%q", plain)
	}
	colored := write(t, "text", fixture(t), Options{Color: true})
	for _, want := range []string{
		"\x1b[1msrc/hello.c:8:2:\x1b[0m \x1b[1;31merror:\x1b[0m reply sent twice [doublereply]\n",
		"\x1b[1;35mwarning:\x1b[0m",
		"\x1b[1;36mnote:\x1b[0m first reply here",
		"\t\x1b[1;32m^~~~~",
	} {
		if !bytes.Contains(colored, []byte(want)) {
			t.Errorf("coloured output lacks %q:\n%q", want, colored)
		}
	}
	stripped := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAll(colored, nil)
	if !bytes.Equal(stripped, plain) {
		t.Errorf("coloured output without escapes differs from plain output:\n%s\n---\n%s", stripped, plain)
	}
}

func TestTextLongLine(t *testing.T) {
	line := "int x = " + strings.Repeat("a + ", 200) + "TARGET" + strings.Repeat(" + b", 200) + ";"
	col := strings.Index(line, "TARGET") + 1
	r := &Result{
		Root: "/p",
		Findings: []Finding{{
			Rule: "r", Severity: SeverityWarning, Message: "m",
			Pos: Position{File: "/p/long.c", Line: 1, Col: col, EndLine: 1, EndCol: col + 6},
		}},
		ReadFile: memReader(map[string]string{"/p/long.c": line + "\n"}),
	}
	out := string(write(t, "text", r, Options{}))
	src, caret := caretUnder(t, out, "long.c:1:")
	if !strings.HasPrefix(src, ellipsis) || !strings.HasSuffix(src, ellipsis) {
		t.Errorf("cut line not marked with ellipses: %q", src)
	}
	if n := len(src) - 2*len(ellipsis); n > maxExcerpt {
		t.Errorf("excerpt has %d bytes, want at most %d", n, maxExcerpt)
	}
	s, c := []rune(src), []rune(caret)
	at := strings.IndexRune(caret, '^') // caret line is ASCII
	if at < 0 || !strings.HasPrefix(string(s[at:]), "TARGET") || string(c[at:]) != "^~~~~~" {
		t.Errorf("caret misplaced:\n%s\n%s", src, caret)
	}

	// Near the start of the line only the end is cut.
	r.Findings[0].Pos = Position{File: "/p/long.c", Line: 1, Col: 5}
	src, caret = caretUnder(t, string(write(t, "text", r, Options{})), "long.c:1:")
	if strings.HasPrefix(src, ellipsis) || !strings.HasSuffix(src, ellipsis) || caret != "    ^" {
		t.Errorf("start of a long line:\n%q\n%q", src, caret)
	}
}

func TestTextMultibyteNotSplitWhenCut(t *testing.T) {
	line := strings.Repeat("é", 300) // 600 bytes
	r := &Result{
		Root:     "/p",
		Findings: []Finding{{Rule: "r", Message: "m", Pos: Position{File: "/p/u.c", Line: 1, Col: 301}}},
		ReadFile: memReader(map[string]string{"/p/u.c": line}),
	}
	out := write(t, "text", r, Options{})
	if !utf8.Valid(out) || bytes.ContainsRune(out, utf8.RuneError) {
		t.Errorf("a character was split:\n%q", out)
	}
}

func TestTextLocations(t *testing.T) {
	out := string(write(t, "text", fixture(t), Options{}))
	for _, want := range []string{
		// inside the root: relative
		"src/latin1.c:3:49: warning: static variable 'unused' is never used [unusedvar]\n",
		// outside the root: as given, and no excerpt (not readable)
		"/usr/local/include/redismodule.h:42:5: note: REDISMODULE_APIVER_1 is the only API version [apiversion]\nsrc/",
		// related
		"src/hello.c:7:2: note: first reply here\n",
		// input errors with and without a line
		"src/broken.c:3:1: error: expected ';' after expression\n",
		"src/missing.c: error: cannot read: no such file or directory\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestTextSummary(t *testing.T) {
	f := func(sev Severity, file string) Finding {
		return Finding{Rule: "r", Severity: sev, Message: "m", Pos: Position{File: file, Line: 1, Col: 1}}
	}
	e := func(file string) InputError { return InputError{Pos: Position{File: file}, Message: "bad"} }
	for _, tc := range []struct {
		r    Result
		want string
	}{
		{Result{}, "no findings"},
		{Result{Errors: []InputError{e("a.c")}}, "no findings; 1 input could not be analysed"},
		{Result{Findings: []Finding{f(SeverityWarning, "a.c")}}, "1 finding (1 warning) in 1 file"},
		{
			Result{
				Findings: []Finding{f(SeverityError, "a.c"), f(SeverityNote, "b.c"), f(SeverityError, "b.c")},
				Errors:   []InputError{e("c.c"), e("c.c"), e("d.c")},
			},
			"3 findings (2 errors, 1 note) in 2 files; 2 inputs could not be analysed",
		},
		{
			Result{Findings: []Finding{f(SeverityError, "a.c"), f(SeverityWarning, "a.c"), f(SeverityNote, "a.c")}},
			"3 findings (1 error, 1 warning, 1 note) in 1 file",
		},
	} {
		out := string(write(t, "text", &tc.r, Options{}))
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if got := lines[len(lines)-1]; got != tc.want {
			t.Errorf("summary = %q, want %q", got, tc.want)
		}
	}
	// The fixture: 5 findings in 3 files, 2 inputs.
	out := string(write(t, "text", fixture(t), Options{}))
	want := "5 findings (1 error, 2 warnings, 2 notes) in 3 files; 2 inputs could not be analysed\n"
	if !strings.HasSuffix(out, want) {
		t.Errorf("fixture summary: want suffix %q in\n%s", want, out)
	}
}

func TestWritersDoNotReorderCallerSlices(t *testing.T) {
	for _, name := range FormatNames {
		r := fixture(t)
		before := r.Findings[0].Rule
		write(t, name, r, Options{})
		if r.Findings[0].Rule != before {
			t.Errorf("%s sorted the caller's findings", name)
		}
	}
}

func TestTextControlCharactersReplaced(t *testing.T) {
	r := &Result{
		Root:     "/p",
		Findings: []Finding{{Rule: "r", Message: "m", Pos: Position{File: "/p/c.c", Line: 1, Col: 10}}},
		ReadFile: memReader(map[string]string{"/p/c.c": "char *s = \"\x1b[2J\x07\";\n"}),
	}
	out := string(write(t, "text", r, Options{}))
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("control characters from the source reach the terminal:\n%q", out)
	}
	if !strings.Contains(out, "char *s = \"\uFFFD[2J\uFFFD\";\n") {
		t.Errorf("control characters not shown as U+FFFD:\n%q", out)
	}
}
