package cparse

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/redisapi"
)

const slimSample = `#ifndef REDISMODULE_H
#define REDISMODULE_H
#define REDISMODULE_API
#define REDISMODULE_ATTR
/* A comment; with (parens */
typedef struct RedisModuleCtx RedisModuleCtx;
REDISMODULE_API int (*RedisModule_Used)(RedisModuleCtx *ctx) REDISMODULE_ATTR;
REDISMODULE_API int (*RedisModule_Unused)(RedisModuleCtx *ctx,
    const char *s) REDISMODULE_ATTR;
REDISMODULE_API void (*RedisModule__Assert)(const char *estr) REDISMODULE_ATTR;
#define RedisModule_Assert(_e) ((_e)?(void)0 : (RedisModule__Assert(#_e)))
REDISMODULE_API int (*RedisModule_Split)(RedisModuleCtx *ctx
#ifdef X
    , int x
#endif
    ) REDISMODULE_ATTR;
int RedisModule_NotAPointer(int);
static int RedisModule_Init(RedisModuleCtx *ctx) {
    void *p = (void *)&RedisModule_Unused;
#ifdef Y
    p = 0;
#endif
    return p != 0;
}
#endif
`

func TestSlimHeader(t *testing.T) {
	out := slimHeader("a/redismodule.h", []byte(slimSample), map[string]bool{"RedisModule_Used": true, "RedisModule_Assert": true}, true)
	got := string(out)
	if strings.Count(got, "\n") != strings.Count(slimSample, "\n") {
		t.Fatalf("lines moved:\n%s", got)
	}
	for _, keep := range []string{
		"REDISMODULE_API int (*RedisModule_Used)(RedisModuleCtx *ctx) REDISMODULE_ATTR;",
		// named by a macro the header keeps
		"REDISMODULE_API void (*RedisModule__Assert)(const char *estr) REDISMODULE_ATTR;",
		// a declaration with a directive inside is left alone
		"REDISMODULE_API int (*RedisModule_Split)(RedisModuleCtx *ctx\n#ifdef X",
		"int RedisModule_NotAPointer(int);",
		"static int RedisModule_Init(RedisModuleCtx *ctx) ;",
		"#ifdef Y", "#endif\n",
	} {
		if !strings.Contains(got, keep) {
			t.Errorf("lost %q:\n%s", keep, got)
		}
	}
	for _, gone := range []string{"RedisModule_Unused", "return p", "A comment"} {
		if strings.Contains(got, gone) {
			t.Errorf("kept %q:\n%s", gone, got)
		}
	}
	// The scan is cached by name, never across different content.
	changed := strings.Replace(slimSample, "RedisModule_Used)", "RedisModule_Other)", 1)
	out = slimHeader("a/redismodule.h", []byte(changed), map[string]bool{"RedisModule_Other": true}, true)
	if !strings.Contains(string(out), "(*RedisModule_Other)") {
		t.Errorf("stale scan used for changed content:\n%s", out)
	}
	// Unbalanced text is left alone.
	unbalanced := "int f(void) }\nREDISMODULE_API int (*RedisModule_X)(void);\n"
	if got := string(slimHeader("b/redismodule.h", []byte(unbalanced), nil, true)); got != unbalanced {
		t.Errorf("slimmed an unbalanced header: %q", got)
	}
}

const slimSystemSample = `#ifndef _STDIO_H
#define _STDIO_H 1
#define __THROW
#define getc(fp) _IO_getc (fp)
typedef struct _IO_FILE FILE;
extern FILE *stdin;
extern int printf (const char *__restrict __format, ...);
extern int unused_fn (int __c,
                      FILE *__stream) __THROW;
extern int _IO_getc (FILE *__fp);
/* A comment
   over lines. */ extern int commented_fn (int /* x */ __x,
     long   __y); /* trailing; */ extern int printf_too (void);
extern int (*fnptr) (int);
extern int __internal (int);
extern int a_fn (int), b_fn (int);
extern struct tm *tm_fn (void);
extern int __REDIRECT (redirected, (int), target);
extern int split_fn (int
#ifdef X
  , int
#endif
  );
extern __inline int inline_fn (int x) { return unused2 (x); }
static int RedisModule_Init(int x) { return x; }
#endif
`

func TestSlimSystemHeader(t *testing.T) {
	got := string(slimHeader("stdio.h", []byte(slimSystemSample), map[string]bool{"printf": true, "getc": true, "printf_too": true}, false))
	for _, keep := range []string{
		"extern FILE *stdin;",
		"extern int printf (const char *__restrict __format, ...);",
		"extern int _IO_getc (FILE *__fp);", // a kept macro names it
		" extern int printf_too (void);\n",
		"extern int (*fnptr) (int);",
		"extern int __internal (int);",
		"extern int a_fn (int), b_fn (int);",
		"extern struct tm *tm_fn (void);",
		"extern int __REDIRECT (redirected, (int), target);",
		"extern int split_fn (int\n",
		"return unused2 (x);",
		"static int RedisModule_Init(int x) { return x; }", // only in redismodule.h
	} {
		if !strings.Contains(got, keep) {
			t.Errorf("lost %q:\n%s", keep, got)
		}
	}
	for _, gone := range []string{"unused_fn", "commented_fn", "__y", "comment", "trailing"} {
		if strings.Contains(got, gone) {
			t.Errorf("kept %q:\n%s", gone, got)
		}
	}
	if strings.Count(got, "\n") != strings.Count(slimSystemSample, "\n") {
		t.Errorf("lines moved:\n%s", got)
	}
}

// Both real header layouts slim: rmlint's own and Redis's (when a checkout
// is at hand: RMLINT_REDIS_SRC, the src directory of one).
func TestSlimRealHeaders(t *testing.T) {
	headers := map[string][]byte{"embedded": redisapi.Header()}
	if dir := os.Getenv("RMLINT_REDIS_SRC"); dir != "" {
		b, err := os.ReadFile(filepath.Join(dir, "redismodule.h"))
		if err != nil {
			t.Fatal(err)
		}
		headers["redis"] = b
	}
	for name, h := range headers {
		out := slimHeader(name, h, map[string]bool{"RedisModule_ReplyWithLongLong": true}, true)
		if n, m := bytes.Count(out, []byte("REDISMODULE_API")), bytes.Count(h, []byte("REDISMODULE_API")); n*4 > m {
			t.Errorf("%s: %d of %d REDISMODULE_API left", name, n, m)
		}
		if !bytes.Contains(out, []byte("(*RedisModule_ReplyWithLongLong)")) {
			t.Errorf("%s: the used declaration is gone", name)
		}
	}
}

// tempWriter returns a function that writes a file into a fresh temporary
// directory and returns its path.
func tempWriter(t *testing.T) func(name, src string) string {
	dir := t.TempDir()
	return func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
}

func TestSlimmedTranslation(t *testing.T) {
	write := tempWriter(t)
	write("helper.h", "#include \"redismodule.h\"\nstatic inline int reply(RedisModuleCtx *ctx) { return RedisModule_ReplyWithLongLong(ctx, 1); }\n")
	plain := write("plain.c", `#include "helper.h"
int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    (void)argv; (void)argc;
    if (RedisModule_Init(ctx, "m", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR) return REDISMODULE_ERR;
    return reply(ctx);
}
`)
	// A name built by ## is invisible to the lexical scan: the slimmed
	// header lacks it, and the file is translated again with all of it.
	pasted := write("pasted.c", `#include "redismodule.h"
#define API(name) RedisModule_ ## name
int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    (void)argv; (void)argc;
    if (RedisModule_Init(ctx, "m", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR) return REDISMODULE_ERR;
    return API(ReplyWithSimpleString)(ctx, "OK");
}
`)
	opts := &Options{NoCompileCommands: true}
	for _, tc := range []struct {
		path string
		slim bool
		api  string
	}{{plain, true, "RedisModule_ReplyWithLongLong"}, {pasted, false, "RedisModule_ReplyWithSimpleString"}} {
		u, err := ParseFile(tc.path, opts)
		if err != nil {
			t.Fatal(err)
		}
		if u.SlimHeader != tc.slim {
			t.Errorf("%s: SlimHeader %v, want %v", tc.path, u.SlimHeader, tc.slim)
		}
		// The API call resolves to the header's declaration, a pointer.
		found := false
		for _, f := range u.Funcs {
			Inspect(f.Body(), func(n cc.Node) bool {
				if p, ok := n.(*cc.PrimaryExpression); ok && p.Case == cc.PrimaryExpressionIdent && p.Token.SrcStr() == tc.api {
					d, _ := p.ResolvedTo().(*cc.Declarator)
					if d == nil || filepath.Base(d.Position().Filename) != "redismodule.h" {
						t.Errorf("%s: %s resolves to %v", tc.path, tc.api, d)
					} else if _, isPtr := d.Type().(*cc.PointerType); !isPtr {
						t.Errorf("%s: %s has type %v", tc.path, tc.api, d.Type())
					}
					found = true
				}
				return true
			})
		}
		if !found {
			t.Errorf("%s: no call of %s", tc.path, tc.api)
		}
		if len(u.Deps.Read) == 0 {
			t.Errorf("%s: no dependencies recorded", tc.path)
		}
	}
	// WholeHeader turns slimming off.
	u, err := ParseFile(plain, &Options{NoCompileCommands: true, WholeHeader: true})
	if err != nil || u.SlimHeader {
		t.Fatalf("WholeHeader: %v, SlimHeader %v", err, u != nil && u.SlimHeader)
	}
}

func TestCompactHeader(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"int  a; /* one */ int b;\n", "int a; int b;\n"},
		// a comment's newlines stay, so lines do not move
		{"/* two\nlines */ int c;\nint d;\n", "\nint c;\nint d;\n"},
		// inside a directive a comment does not end the line
		{"#define X 1 /* a\nb */ + 2\nint e;\n", "#define X 1 + 2\nint e;\n"},
		{"#define Y(a) (a) // note\nint f;\n", "#define Y(a) (a) \nint f;\n"},
		// literals and #include lines as they are
		{"char *s = \"/* not */  a\"; char c = '\\'';\n", "char *s = \"/* not */  a\"; char c = '\\'';\n"},
		{"#include <sys//x.h>  /* c */\n", "#include <sys//x.h>  /* c */\n"},
		// line splices are kept
		{"#define Z a \\\n  b\n", "#define Z a \\\n b\n"},
		{"#define W a\\\n  b\n", "#define W a\\\n b\n"},
		{"a/**/b\n", "a b\n"},
	} {
		out, offs := compactHeader([]byte(tc.in))
		if got := string(out); got != tc.want {
			t.Errorf("compactHeader(%q) = %q, want %q", tc.in, got, tc.want)
		}
		// Every byte that is kept maps to itself.
		if len(offs) != len(tc.in)+1 || offs[len(tc.in)] != len(out) {
			t.Errorf("compactHeader(%q): %d offsets", tc.in, len(offs))
			continue
		}
		for i := range tc.in {
			if k := offs[i]; k < len(out) && strings.IndexByte(" \n", tc.in[i]) < 0 && out[k] != tc.in[i] && !strings.Contains(tc.in, "/*") && !strings.Contains(tc.in, "//") {
				t.Errorf("compactHeader(%q): byte %d (%q) at %d is %q", tc.in, i, tc.in[i], k, out[k])
			}
		}
	}
}

func TestSlimBuiltin(t *testing.T) {
	src, dropped := slimBuiltinFor(map[string]bool{"__builtin_strlen": true}, map[string]bool{"__builtin_expect": true})
	if strings.Count(src, "\n") != strings.Count(cc.Builtin, "\n") {
		t.Error("lines moved")
	}
	for _, kept := range []string{
		"__builtin_strlen(const char *s);", // the project names it
		"__builtin_expect(",                // a header names it
		"__builtin_va_arg_impl",            // the builtin source's own macro names it
		"__ccgo__types_compatible_p",
		"typedef void *__builtin_va_list;",
		"#define __builtin_offsetof(type, member)",
	} {
		if !strings.Contains(src, kept) {
			t.Errorf("lost %q", kept)
		}
	}
	if !dropped["__builtin_bswap32"] || strings.Contains(src, "__builtin_bswap32") {
		t.Errorf("__builtin_bswap32 kept (dropped %d)", len(dropped))
	}
	if dropped["__builtin_strlen"] || dropped["__builtin_expect"] {
		t.Error("dropped a named builtin")
	}
	if len(dropped) < 100 {
		t.Errorf("only %d dropped", len(dropped))
	}
}

// Undeclared functions (sloppy C, or a declaration slimming cut) are
// called through cc/v4's implicit declarations or its builtins; a file
// that does so is translated again with whole headers, and then means what
// it means without rmlint's slimming.
func TestSlimmingFallsBackOnUndeclaredCalls(t *testing.T) {
	write := tempWriter(t)
	opts := &Options{NoCompileCommands: true}
	// Prime the process's header knowledge, as a worker's first file does.
	if _, err := ParseFile(write("prime.c", "#include <stdio.h>\n#include <stdarg.h>\nint f(void) { return printf(\"x\"); }\n"), opts); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, src string
		slim      bool
	}{
		{"builtin.c", "int f(const char *s) { return (int)__builtin_strlen(s) + (int)__builtin_expect(1, 1); }\n", true},
		{"stdarg.c", "#include <stdarg.h>\nint f(int n, ...) { va_list ap; va_start(ap, n); int x = va_arg(ap, int); va_end(ap); return x; }\n", true},
		// exit is undeclared: cc/v4 takes __builtin_exit (kept: the file
		// names it) for it.
		{"noinclude.c", "void g(void) { __builtin_exit(0); }\nvoid f(void) { exit(1); }\n", false},
		// never declared anywhere: an implicit declaration.
		{"implicit.c", "int f(void) { return undeclared_function(1); }\n", false},
	} {
		u, err := ParseFile(write(tc.name, tc.src), opts)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if u.SlimHeader != tc.slim {
			t.Errorf("%s: SlimHeader %v, want %v", tc.name, u.SlimHeader, tc.slim)
		}
	}
}
