package cparse

import (
	"errors"
	"fmt"

	"modernc.org/cc/v4"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func parse(t *testing.T, path string, opts *Options) *Unit {
	t.Helper()
	if opts == nil {
		opts = &Options{NoCompileCommands: true}
	}
	u, err := ParseFile(path, opts)
	if err != nil {
		t.Fatalf("ParseFile(%s): %v", path, err)
	}
	return u
}

func TestModelAcrossFiles(t *testing.T) {
	a := parse(t, "testdata/multi/main.c", nil)
	b := parse(t, "testdata/multi/get.c", nil)
	mods := BuildModules([]*Unit{a, b})
	if len(mods) != 1 {
		t.Fatalf("got %d modules, want 1", len(mods))
	}
	m := mods[0]
	if m.OnLoad == nil || m.OnLoad.Unit != a || len(m.Units) != 2 {
		t.Fatalf("OnLoad %v, units %d", m.OnLoad, len(m.Units))
	}
	if len(m.Commands) != 4 {
		t.Fatalf("got %d commands, want 4", len(m.Commands))
	}
	get, local, parent, sub := m.Commands[0], m.Commands[1], m.Commands[2], m.Commands[3]
	if get.Name != "m.get" || !get.NameKnown || get.Handler == nil || get.Handler.Unit != b || get.Handler.Name != "CmdGet" {
		t.Errorf("m.get: %+v (handler %v)", get, get.Handler)
	}
	if get.Flags != "readonly" || !get.FlagsKnown || get.FlagsLit == nil {
		t.Errorf("m.get flags from a const char*: %q known=%v lit=%v", get.Flags, get.FlagsKnown, get.FlagsLit)
	}
	if !get.KeysKnown || get.FirstKey != 1 || get.LastKey != 1 || get.KeyStep != 1 {
		t.Errorf("m.get keys (enum constant): %d %d %d known=%v", get.FirstKey, get.LastKey, get.KeyStep, get.KeysKnown)
	}
	if local.Handler == nil || local.Handler.Unit != a || !local.Handler.Static {
		t.Errorf("m.local handler must be main.c's static CmdLocal, got %+v", local.Handler)
	}
	if local.Flags != "write deny-oom" || local.FlagsLit != nil {
		t.Errorf("m.local flags from a macro: %q lit=%v (a macro expansion has no literal to fix)", local.Flags, local.FlagsLit)
	}
	if local.LastKey != -1 || local.KeyStep != 2 {
		t.Errorf("m.local keys: %d %d %d", local.FirstKey, local.LastKey, local.KeyStep)
	}
	if parent.Handler != nil || parent.HandlerName != "" || !parent.FlagsKnown || parent.Flags != "" {
		t.Errorf("m.parent (NULL handler, NULL flags): %+v", parent)
	}
	if !sub.Sub || sub.Name != "sub" || sub.Parent == nil {
		t.Errorf("subcommand: %+v", sub)
	}
	if f := m.Func(b, "CmdLocal"); f == nil || f.Unit != b {
		t.Errorf("static lookup from get.c must find get.c's CmdLocal")
	}
	if f := m.Func(a, "CmdGet"); f == nil || f.Unit != b {
		t.Errorf("extern lookup from main.c must find get.c's CmdGet")
	}
}

// Each OnLoad forms its own module; files no module reaches form their own.
func TestSeveralModulesInOneDirectory(t *testing.T) {
	var units []*Unit
	for _, f := range []string{"a.c", "b.c", "lib.c"} {
		units = append(units, parse(t, filepath.Join("testdata/twomods", f), nil))
	}
	mods := BuildModules(units)
	if len(mods) != 3 {
		t.Fatalf("got %d modules, want 3", len(mods))
	}
	for i, want := range []string{"a.c", "b.c", "lib.c"} {
		if len(mods[i].Units) != 1 || filepath.Base(mods[i].Name) != want {
			t.Errorf("module %d: %s with %d units", i, mods[i].Name, len(mods[i].Units))
		}
	}
	if mods[2].OnLoad != nil {
		t.Errorf("lib.c has no OnLoad")
	}
}

func TestEmbeddedHeaderFallback(t *testing.T) {
	// "../redismodule.h" does not exist next to the file: rmlint's header is used.
	u := parse(t, "testdata/embedded/sub/m.c", nil)
	if u.Func("RedisModule_OnLoad") == nil {
		t.Fatal("OnLoad not found")
	}
	if _, err := ParseFile("testdata/embedded/sub/m.c", &Options{NoCompileCommands: true, NoEmbeddedHeader: true}); err == nil || !strings.Contains(err.Error(), "include file not found") {
		t.Fatalf("without the embedded header: %v", err)
	}
}

func TestDefinesAndUndefines(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "d.c")
	os.WriteFile(p, []byte("#if !defined(A) || B != 7 || defined(C)\n#error flags not applied\n#endif\nint x;\n"), 0o644)
	if _, err := ParseFile(p, &Options{NoCompileCommands: true, Defines: []string{"A", "B=7", "C"}, Undefines: []string{"C"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ParseFile(p, &Options{NoCompileCommands: true}); err == nil || !strings.Contains(err.Error(), "flags not applied") {
		t.Fatalf("want #error, got %v", err)
	}
}

func TestCompileCommandsArguments(t *testing.T) {
	dir := t.TempDir()
	inc := filepath.Join(dir, "include")
	os.MkdirAll(inc, 0o755)
	os.WriteFile(filepath.Join(inc, "conf.h"), []byte("#define FROM_CONF 1\n"), 0o644)
	src := filepath.Join(dir, "m.c")
	os.WriteFile(src, []byte("#include <conf.h>\n#if FROM_CONF != 1 || Q != 2\n#error no\n#endif\nint x;\n"), 0o644)
	db := filepath.Join(dir, "build", "compile_commands.json")
	os.MkdirAll(filepath.Dir(db), 0o755)
	os.WriteFile(db, []byte(`[{"directory": "`+dir+`", "file": "m.c", "arguments": ["cc", "-I", "include", "-DQ=2", "-c", "m.c"]}]`), 0o644)
	u, err := ParseFile(src, &Options{CompileCommands: db})
	if err != nil {
		t.Fatal(err)
	}
	if u.FlagsFrom != db {
		t.Errorf("FlagsFrom = %q, want %q", u.FlagsFrom, db)
	}
	files, err := CompileDBFiles(db)
	if err != nil || len(files) != 1 || files[0] != src {
		t.Fatalf("CompileDBFiles = %v, %v", files, err)
	}
}

func TestSplitCommand(t *testing.T) {
	got := splitCommand(`cc -DMSG="hello world" -I'a b' -Dx=\"y\" file.c`)
	want := []string{"cc", "-DMSG=hello world", "-Ia b", `-Dx="y"`, "file.c"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestErrorsHavePositions(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]struct {
		src  string
		want string
	}{
		"syntax.c":  {"int f(void) {\n  return 1\n}\n", "syntax.c:3:1: error:"},
		"missing.c": {"#include \"nope.h\"\nint x;\n", `missing.c:1:10: error: include file not found: "nope.h" (add its directory with -I`},
		"binary.c":  {"int x;\n\x00\x01\x02", "binary.c:2: error: binary file"},
	}
	for name, c := range cases {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(c.src), 0o644)
		_, err := ParseFile(p, &Options{NoCompileCommands: true})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", name, err, c.want)
		}
	}
	_, err := ParseFile(filepath.Join(dir, "absent.c"), &Options{})
	if err == nil || !strings.Contains(err.Error(), "absent.c: error: cannot read file") {
		t.Errorf("absent file: %v", err)
	}
}

// A file inside a directory given with -I is still the project's file (Redis
// modules are often linted with -I pointing at the tree that holds them).
func TestFileUnderIncludeDirIsProjectFile(t *testing.T) {
	abs, _ := filepath.Abs("testdata")
	u := parse(t, "testdata/multi/main.c", &Options{NoCompileCommands: true, IncludePaths: []string{abs}})
	if u.Func("RedisModule_OnLoad") == nil || len(u.Funcs) != 2 {
		t.Fatalf("functions of main.c not found under -I %s: %d", abs, len(u.Funcs))
	}
}

func TestConstStringThroughVariables(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "c.c")
	os.WriteFile(p, []byte(`#include <string.h>
static const char carr[] = "const array";
static const char *cptr = "const pointer";
static char *reassigned = "first";
void use(const char *);
void f(void) {
	char arr[16] = "abc";
	strcat(arr, "def");
	reassigned = "second";
	use(carr); use(cptr); use(arr); use(reassigned);
}
`), 0o644)
	u := parse(t, p, nil)
	var got []string
	Inspect(u.Func("f").Body(), func(n cc.Node) bool {
		if c, ok := n.(*cc.PostfixExpression); ok && CalleeName(c) == "use" {
			s, ok, _ := u.ConstString(Args(c)[0])
			got = append(got, fmt.Sprintf("%v:%s", ok, s))
		}
		return true
	})
	want := "true:const array|true:const pointer|false:|false:"
	if strings.Join(got, "|") != want {
		t.Fatalf("got %q, want %q", strings.Join(got, "|"), want)
	}
}

func TestCompilerFlags(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "m.c")
	os.WriteFile(src, []byte("int x;\n"), 0o644)
	db := filepath.Join(dir, "compile_commands.json")
	os.WriteFile(db, []byte(`[{"directory": "`+dir+`", "file": "m.c", "command": "cc -std=gnu11 -Iinc -isystem sys -include pre.h -DA=1 -UB -O2 -c m.c"}]`), 0o644)
	o := &Options{IncludePaths: []string{"/cli"}, Defines: []string{"C"}}
	got, err := o.CompilerFlags(src)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"-I/cli", "-DC", "-std=gnu11", "-I" + filepath.Join(dir, "inc"), "-isystem", filepath.Join(dir, "sys"), "-include", filepath.Join(dir, "pre.h"), "-DA=1", "-UB"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}

func TestFuncMemo(t *testing.T) {
	f := &Func{}
	type k1 struct{}
	type k2 struct{}
	builds := 0
	build := func() any { builds++; return builds }
	if a, b := f.Memo(k1{}, build), f.Memo(k1{}, build); a != 1 || b != 1 {
		t.Errorf("same key: %v, %v; want the first build's value twice", a, b)
	}
	if c := f.Memo(k2{}, build); c != 2 {
		t.Errorf("another key: %v, want a new build", c)
	}
}

// `#include "/abs/x.h"` and `#include </abs/x.h>` resolve as a compiler
// resolves them (cc/v4 alone joins the name to each search directory and
// never finds it); a missing one is reported without the -I hint.
func TestAbsoluteIncludes(t *testing.T) {
	dir := t.TempDir()
	quoted := filepath.Join(dir, "q", "quoted.h")
	angled := filepath.Join(dir, "a", "angled.h")
	for p, decl := range map[string]string{quoted: "int from_quoted(void);\n", angled: "int from_angled(void);\n"} {
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(decl), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src := "#include \"" + quoted + "\"\n#include <" + angled + ">\nint f(void) { return from_quoted() + from_angled(); }\n"
	main := filepath.Join(dir, "m.c")
	u, err := ParseSource(main, []byte(src), &Options{NoCompileCommands: true})
	if err != nil {
		t.Fatal(err)
	}
	if u.implicitDecl {
		t.Error("a function from an absolutely included header was declared implicitly")
	}
	missing := "#include \"" + filepath.Join(dir, "none.h") + "\"\nint x;\n"
	_, err = ParseSource(main, []byte(missing), &Options{NoCompileCommands: true})
	if err == nil || !strings.Contains(err.Error(), "include file not found: \""+filepath.Join(dir, "none.h")+"\"") || strings.Contains(err.Error(), "-I") {
		t.Errorf("missing absolute include: %v", err)
	}
}

// A missing header that the pre-check does not see (inside #if) ends
// cc/v4's input, as it ends a compiler's: the one error is the header's,
// not the noise about the cut-off file after it.
func TestMissingConditionalIncludeIsTheOnlyError(t *testing.T) {
	src := "#if 1\n#include \"no_such.h\"\n#endif\nint x;\nint y(void) { return x; }\n"
	_, err := ParseSource(filepath.Join(t.TempDir(), "c.c"), []byte(src), &Options{NoCompileCommands: true})
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 1 || !strings.Contains(list[0].Msg, `include file not found: "no_such.h"`) {
		t.Fatalf("errors: %v", err)
	}
}
