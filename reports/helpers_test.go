package reports

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.golden files")

const fixtureRoot = "/src/proj"

// Source files of the fixture, by absolute path.
const (
	helloPath  = fixtureRoot + "/src/hello.c"
	latinPath  = fixtureRoot + "/src/latin1.c"
	brokenPath = fixtureRoot + "/src/broken.c"
	outsideDir = "/usr/local/include"
	headerPath = outsideDir + "/redismodule.h" // outside the root, not readable
)

const helloSrc = `#include "redismodule.h"

int Hello_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
	if (argc != 2) {
		return RedisModule_WrongArity(ctx);
	}
	RedisModule_ReplyWithSimpleString(ctx, "héllo 😀");
	RedisModule_ReplyWithNull(ctx);
	return REDISMODULE_OK;
}

int RedisModule_OnLoad(RedisModuleCtx *ctx) {
    if (RedisModule_CreateCommand(ctx, "hello.greet", Hello_RedisCommand, "readonly", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
`

// latin1Src is ISO-8859-1, i.e. not valid UTF-8, with CRLF line ends.
const latin1Src = "/* Copyright (c) 2024 Jos\xe9 Garc\xeda */\r\n" +
	"#include \"redismodule.h\"\r\n" +
	"static const char *greeting = \"ol\xe1\"; static int unused = 1;\r\n"

// lineOf returns line n (1-based) of src without its line end.
func lineOf(src string, n int) string {
	return strings.TrimSuffix(strings.Split(src, "\n")[n-1], "\r")
}

// colOf is the 1-based byte column of the first occurrence of sub on line n.
func colOf(t testing.TB, src string, n int, sub string) int {
	t.Helper()
	i := strings.Index(lineOf(src, n), sub)
	if i < 0 {
		t.Fatalf("%q not on line %d", sub, n)
	}
	return i + 1
}

// offsetOf is the 0-based byte offset of line n, column col in src.
func offsetOf(src string, n, col int) int {
	off := 0
	for i := 1; i < n; i++ {
		off += strings.IndexByte(src[off:], '\n') + 1
	}
	return off + col - 1
}

// span is the position of the first occurrence of sub on line n of file.
func span(t testing.TB, file, src string, n int, sub string) Position {
	t.Helper()
	c := colOf(t, src, n, sub)
	return Position{
		File: file, Line: n, Col: c, EndLine: n, EndCol: c + len(sub),
		Offset: offsetOf(src, n, c), EndOffset: offsetOf(src, n, c+len(sub)),
	}
}

func memReader(files map[string]string) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		s, ok := files[name]
		if !ok {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}
		return []byte(s), nil
	}
}

func fixtureRules() []Rule {
	return []Rule{
		{
			Name:     "doublereply",
			Summary:  "A command replies more than once.",
			Doc:      "# doublereply\n\nA command callback must send exactly one reply;\na second reply corrupts the protocol stream.\n\n```c\nRedisModule_ReplyWithNull(ctx);\n```\n",
			Severity: SeverityError,
			HelpURI:  "https://github.com/rmlint/rmlint/blob/main/docs/rules/doublereply.md",
			Tags:     []string{"correctness", "protocol", "correctness"},
			// duplicate tag on purpose: SARIF tags must be unique
			Precision: "high",
		},
		{
			Name:      "cmdflags",
			Summary:   "Command flags do not match what the command does.",
			Doc:       "Commands declared `readonly` must not write.",
			Severity:  SeverityWarning,
			HelpURI:   "https://github.com/rmlint/rmlint/blob/main/docs/rules/cmdflags.md",
			Tags:      []string{"correctness"},
			Precision: "medium",
		},
		{Name: "style", Summary: "Style nits.", Severity: SeverityNote, Precision: "low"},
		{Name: "unusedvar", Summary: "Unused static variable.", Severity: SeverityWarning},
		{Name: "keyspec", Summary: "Key specs are consistent.", Severity: SeverityError}, // no findings
		// "apiversion" has findings but no metadata.
	}
}

// fixture returns a Result with findings in two files inside the root and one
// outside it, related locations, a fix, a non-UTF-8 line, tab-indented lines
// and input errors, in scrambled order.
func fixture(t testing.TB) *Result {
	t.Helper()
	second := span(t, helloPath, helloSrc, 8, "RedisModule_ReplyWithNull")
	first := span(t, helloPath, helloSrc, 7, "RedisModule_ReplyWithSimpleString")
	// The fix deletes line 8's statement up to the start of line 9's.
	del := Position{
		File: helloPath, Line: 8, Col: 2, EndLine: 9, EndCol: 2,
		Offset: offsetOf(helloSrc, 8, 2), EndOffset: offsetOf(helloSrc, 9, 2),
	}
	// Inserting "return REDISMODULE_OK;" after line 8's reply.
	ins := Position{File: helloPath, Line: 8, Col: second.EndCol + 6, Offset: offsetOf(helloSrc, 8, second.EndCol+6)}
	ins.EndOffset = ins.Offset
	flags := span(t, helloPath, helloSrc, 13, `"readonly"`)
	paren := span(t, helloPath, helloSrc, 7, `);`)
	unused := span(t, latinPath, latin1Src, 3, "unused")

	return &Result{
		Tool:  Tool{Name: "rmlint", Version: "v0.3.1", InformationURI: "https://github.com/rmlint/rmlint"},
		Rules: fixtureRules(),
		Root:  fixtureRoot,
		Findings: []Finding{
			{
				Rule: "unusedvar", Severity: SeverityWarning, Pos: unused,
				Message: "static variable 'unused' is never used",
			},
			{
				Rule: "cmdflags", Severity: SeverityWarning, Pos: flags, Command: "hello.greet",
				Message: `command "hello.greet" is declared readonly, but: it writes (100% sure)`,
			},
			{
				Rule: "apiversion", Severity: SeverityNote,
				Pos:     Position{File: headerPath, Line: 42, Col: 5, EndLine: 42, EndCol: 21},
				Message: "REDISMODULE_APIVER_1 is the only API version",
			},
			{
				Rule: "doublereply", Severity: SeverityError, Pos: second, Command: "hello.greet",
				Message: "reply sent twice",
				Related: []Related{{Pos: first, Message: "first reply here"}},
				Fixes: []Fix{
					{Message: "remove the second reply", Edits: []Edit{{Pos: del}}},
					{Message: "return after the first reply", Edits: []Edit{{Pos: ins, NewText: "\n\treturn REDISMODULE_OK;"}}},
				},
			},
			{
				Rule: "style", Severity: SeverityNote, Pos: Position{File: helloPath, Line: 7, Col: paren.Col, Offset: paren.Offset},
				Message: "string literal with non-ASCII characters",
			},
		},
		Errors: []InputError{
			{Pos: Position{File: fixtureRoot + "/src/missing.c"}, Message: "cannot read: no such file or directory"},
			{Pos: Position{File: brokenPath, Line: 3, Col: 1}, Message: "expected ';' after expression"},
		},
		ReadFile: memReader(map[string]string{
			helloPath: helloSrc,
			latinPath: latin1Src,
		}),
	}
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test -update to accept)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// write runs the writer registered under format.
func write(t *testing.T, format string, r *Result, opts Options) []byte {
	t.Helper()
	wr, ok := Formats[format]
	if !ok {
		t.Fatalf("no writer %q", format)
	}
	var buf bytes.Buffer
	if err := wr(&buf, r, opts); err != nil {
		t.Fatalf("%s writer: %v", format, err)
	}
	return buf.Bytes()
}

// compileSchema compiles the JSON Schema in the file at path.
func compileSchema(t *testing.T, path string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	url := "file://" + filepath.ToSlash(abs)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatalf("compiling %s: %v", path, err)
	}
	return sch
}

// validate checks the JSON document data against sch.
func validate(sch *jsonschema.Schema, data []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return sch.Validate(v)
}

// repoRoot walks up from the working directory to the directory holding
// go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}
