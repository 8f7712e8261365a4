package cfg

import (
	"testing"
)

// TestOddConstructs checks that unusual but valid (GNU) C builds a graph
// satisfying the invariants.
func TestOddConstructs(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		blocks    int // expected number of blocks, if non-zero
	}{
		{"empty_bodies", "void f(int a) { if (a) ; else ; while (a--) ; for (;;) ; }", 0},
		{"label_before_declaration", "int f(int a) { goto L; L: int x = a; return x; }", 2},
		{"label_on_empty_statement", "void f(int a) { if (a) goto out; g(a); out: ; }", 4},
		{"local_label", "void f(int a) { { __label__ L; if (a) goto L; g(1); L: g(2); } }", 4},
		{"nested_function", "int f(int a) { int sq(int x) { return x * x; } return sq(a); }", 1},
		{"static_assert", "int f(int a) { _Static_assert(1, \"x\"); return a; }", 1},
		{"typedef_and_struct", "int f(int a) { typedef int T; struct S { int v; } s = { a }; T t = s.v; return t; }", 1},
		{"vla", "int f(int n) { int v[n]; v[0] = n; return v[0]; }", 1},
		{"case_in_statement_expression", "int f(int a) { switch (a) { case 1: a = ({ int y = a; y + 1; }); } return a; }", 0},
		{"auto_type", "int f(int a) { __auto_type b = a; return b; }", 1},
		{"goto_into_loop", "void f(int a) { goto in; while (a) { g(1); in: g(2); } }", 0},
		{"switch_default_only", "void f(int a) { switch (a) default: g(a); }", 0},
		{"long_else_if", "int f(int a) { if (a == 1) return 1; else if (a == 2) return 2; else if (a == 3) return 3; else if (a == 4) return 4; else return 0; }", 0},
		{"deep_nesting", "int f(int a) { { { { { if (a) { { return 1; } } } } } } return 0; }", 3},
		{"break_after_return_in_switch", "int f(int a) { switch (a) { case 1: return 1; break; default: break; } return 0; }", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := buildFunc(t, tc.src, "f", mayReturnByName)
			if tc.blocks != 0 && len(g.Blocks) != tc.blocks {
				t.Errorf("%d blocks, want %d\n%s", len(g.Blocks), tc.blocks, g.Format())
			}
		})
	}
}

// mayReturnByName approximates DefaultMayReturn by callee name, for buildFunc.
func mayReturnByName(name string) bool { return !noReturnNames[name] }
