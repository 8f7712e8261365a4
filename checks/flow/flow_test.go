package flow

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/cparse"
)

// trace is a test domain: the names of the calls a path makes.
type trace struct{ exits *[]string }

func (t trace) Call(st string, call *cc.PostfixExpression, p *Path) []Outcome[string] {
	name := cparse.CalleeName(call)
	switch name {
	case "ret0", "ret1":
		v := int64(name[3] - '0')
		return []Outcome[string]{{State: st + name + " ", Ret: &v}}
	case "fork01": // ends either way
		zero, one := int64(0), int64(1)
		return []Outcome[string]{{State: st + "fork=0 ", Ret: &zero}, {State: st + "fork=1 ", Ret: &one}}
	case "nonnull":
		return []Outcome[string]{{State: st + name + " ", RetNonZero: true}}
	}
	if strings.HasSuffix(st, name+" ") {
		return []Outcome[string]{{State: st}} // repeated calls (loops) count once
	}
	return []Outcome[string]{{State: st + name + " "}}
}
func (t trace) Assign(st string, lhs cc.Node, d *cc.Declarator, rhs cc.ExpressionNode, p *Path) string {
	return st
}
func (t trace) Assume(st string, cond cc.ExpressionNode, truth bool, p *Path) (string, bool) {
	return st, true
}
func (t trace) Exit(st string, ret *cc.JumpStatement, v *int64, p *Path) {
	*t.exits = append(*t.exits, strings.TrimSpace(st))
}
func (t trace) Key(st string) string   { return st }
func (t trace) Clone(st string) string { return st }

// parseF translates src and returns its function f.
func parseF(t *testing.T, src string) *cparse.Func {
	t.Helper()
	p := filepath.Join(t.TempDir(), "f.c")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	u, err := cparse.ParseFile(p, &cparse.Options{NoCompileCommands: true})
	if err != nil {
		t.Fatal(err)
	}
	f := u.Func("f")
	if f == nil {
		t.Fatal("no function f")
	}
	return f
}

func paths(t *testing.T, body string) []string {
	t.Helper()
	src := `void x(void); void y(void); void z(void); void g(int *); int ret0(void); int ret1(void);
int fork01(void); void *nonnull(void); void abort(void) __attribute__((noreturn));
void f(int a, int argc) {` + body + "}\n"
	var exits []string
	res := Run[string](parseF(t, src), trace{&exits}, "", Options{})
	if !res.Complete {
		t.Fatal("incomplete")
	}
	sort.Strings(exits)
	// Deduplicate: merged states may reach the exit once each.
	var out []string
	for i, e := range exits {
		if i == 0 || e != exits[i-1] {
			out = append(out, e)
		}
	}
	return out
}

func TestPaths(t *testing.T) {
	cases := []struct {
		name, body string
		want       []string
	}{
		{"error flag", `int err = 0; if (a) { x(); err = 1; } if (!err) y();`, []string{"x", "y"}},
		{"same test twice", `if (argc == 3) x(); z(); if (argc == 3) y();`, []string{"x z y", "z"}},
		{"complementary tests", `if (argc == 3) x(); if (argc != 3) y();`, []string{"x", "y"}},
		{"conditional expression", `a ? x() : y();`, []string{"x", "y"}},
		{"short circuit", `if (a && (x(), 1)) y();`, []string{"", "x y"}},
		{"helper result", `if (fork01() != 0) return; x();`, []string{"fork=0 x", "fork=1"}},
		{"result in a variable", `int r = fork01(); if (r) { y(); return; } x();`, []string{"fork=0 x", "fork=1 y"}},
		{"non-null result", `void *p = nonnull(); if (!p) { x(); return; } y();`, []string{"nonnull y"}},
		{"address passed to a call", `int e = 0; g(&e); if (e == 0) x(); if (e != 0) y();`, []string{"g x", "g y"}},
		{"no return in expressions", `a ? (void)0 : abort(); x();`, []string{"x"}},
		{"assert-like statement expression", `int p = argc; ({ if (p) ; else abort(); }); if (!p) y(); x();`, []string{"x"}},
		// Other statement expressions: their calls run in order, their control
		// flow is not modelled, and a call that never returns does not end the path.
		{"other statement expression", `({ if (a) z(); abort(); }); x();`, []string{"z abort x"}},
		{"switch on a known value", `int k = 2; switch (k) { case 1: x(); break; case 2: y(); break; default: z(); }`, []string{"y"}},
		{"assigned in a loop", `int done = 0; while (!done) { x(); if (a) done = 1; } y();`, []string{"x y"}},
		{"sizeof is not evaluated", `int n = sizeof(ret0()); x();`, []string{"x"}},
		// Liveness forgets only what nothing reads again.
		{"known across a loop", `int k = 2; for (int i = 0; i < argc; i++) { if (i > a) x(); } if (k == 2) y(); else z();`, []string{"x y", "y"}},
		{"decided before a loop, tested after", `if (argc == 3) x(); for (int i = 0; i < a; i++) z(); if (argc == 3) y();`, []string{"", "x y", "x z y", "z"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := paths(t, c.body)
			if strings.Join(got, " | ") != strings.Join(c.want, " | ") {
				t.Errorf("paths of %q:\n got %q\nwant %q", c.body, got, c.want)
			}
		})
	}
}

func TestBudget(t *testing.T) {
	src := "int unknown(void);\nvoid f(int a) { int n = 0;\n" + strings.Repeat("if (unknown()) n++; else n--;\n", 30) + "}\n"
	var exits []string
	res := Run[string](parseF(t, src), growing{trace{&exits}}, "", Options{MaxStates: 500})
	if res.Complete {
		t.Fatalf("2^30 paths with distinct states finished within 500 states")
	}
}

// TestDeadFactsMerge: what paths know about variables that are never read
// again is dropped, so the states of two loops that each count in several
// variables add up instead of multiplying.
func TestDeadFactsMerge(t *testing.T) {
	loop := func(v string) string {
		var b strings.Builder
		b.WriteString("for (int i = 0; i < argc; i++) {\n")
		for j := 0; j < 4; j++ {
			fmt.Fprintf(&b, "if (i > a + %d) %s%d++;\n", j, v, j)
		}
		fmt.Fprintf(&b, "}\nif (%s0 + %s1 + %s2 + %s3 == 0) x();\n", v, v, v, v)
		return b.String()
	}
	src := "void x(void);\nvoid f(int a, int argc) { int m0 = 0, m1 = 0, m2 = 0, m3 = 0, n0 = 0, n1 = 0, n2 = 0, n3 = 0;\n" + loop("m") + loop("n") + "}\n"
	var exits []string
	res := Run[string](parseF(t, src), trace{&exits}, "", Options{})
	if !res.Complete {
		t.Fatal("incomplete")
	}
	// Each loop alone has 2^4 combinations of "still 0" and "unknown" per
	// block; kept after the first loop they would multiply by the second's.
	if res.States > 4000 {
		t.Errorf("%d states: the first loop's counters are still told apart in the second loop", res.States)
	}
}

// growing makes every path's state distinct.
type growing struct{ trace }

func (g growing) Assume(st string, cond cc.ExpressionNode, truth bool, p *Path) (string, bool) {
	if truth {
		return st + "t", true
	}
	return st + "f", true
}
