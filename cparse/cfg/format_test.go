package cfg

import (
	"flag"
	"fmt"
	"strings"
	"testing"

	"modernc.org/cc/v4"
)

var printGolden = flag.Bool("print-golden", false, "print the actual Format output of TestFormat cases as Go literals")

// prelude declares what the test snippets use.
const prelude = `
#define NULL ((void *)0)
void exit(int) __attribute__((noreturn));
void abort(void);
void fatal(const char *msg);
int g(int);
int h(void);
typedef struct RedisModuleCtx RedisModuleCtx;
typedef struct RedisModuleKey RedisModuleKey;
typedef struct RedisModuleString RedisModuleString;
extern void *(*RedisModule_OpenKey)(RedisModuleCtx *ctx, RedisModuleString *name, int mode);
extern void (*RedisModule_CloseKey)(RedisModuleKey *k);
extern int (*RedisModule_ReplyWithLongLong)(RedisModuleCtx *ctx, long long v);
`

// buildFunc parses prelude+src and returns the CFG of the function named fn
// (or of the last function defined if fn is "").
func buildFunc(tb testing.TB, src, fn string, mayReturn func(string) bool) *CFG {
	tb.Helper()
	funcs := parseFuncs(tb, prelude+src)
	if len(funcs) == 0 {
		tb.Fatalf("no function in\n%s", src)
	}
	f := funcs[len(funcs)-1]
	if fn != "" {
		found := false
		for _, x := range funcs {
			if x.name == fn {
				f, found = x, true
			}
		}
		if !found {
			tb.Fatalf("no function %s", fn)
		}
	}
	var mr func(*cc.PostfixExpression) bool
	if mayReturn != nil {
		mr = func(call *cc.PostfixExpression) bool { return mayReturn(CalleeName(call)) }
	}
	g := New(f.body, mr)
	checkInvariants(tb, f.name, f.body, g)
	return g
}

// noReturnNamed returns a mayReturn function reporting false for the named
// callees.
func noReturnNamed(names ...string) func(string) bool {
	return func(name string) bool {
		for _, n := range names {
			if n == name {
				return false
			}
		}
		return true
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range formatTests {
		t.Run(tc.name, func(t *testing.T) {
			g := buildFunc(t, tc.src, "", noReturnNamed("exit", "abort", "fatal"))
			got := g.Format()
			if *printGolden {
				fmt.Printf("\t{\n\t\tname: %q,\n\t\tsrc: `%s`,\n\t\twant: `\n%s`,\n\t},\n", tc.name, tc.src, got)
				return
			}
			want := strings.TrimPrefix(tc.want, "\n")
			if got != want {
				t.Errorf("Format mismatch\n--- got:\n%s\n--- want:\n%s", got, want)
			}
		})
	}
}
