package cfg

import (
	"strings"
	"testing"

	"modernc.org/cc/v4"
)

func src(n cc.Node) string { return cc.NodeSource(n) }

func TestCondSplit(t *testing.T) {
	g := buildFunc(t, `
int f(int *a, int b) {
	if (a == 0 || b)
		return -1;
	return *a;
}`, "", nil)
	e := g.Entry()
	if e.Cond == nil || src(e.Cond) != "a == 0" {
		t.Fatalf("entry Cond = %v, want a == 0", e.Cond)
	}
	then, rhs := e.Succs[0], e.Succs[1]
	if then.Kind != KindIfThen || rhs.Kind != KindLogicalRHS {
		t.Fatalf("entry succs %v %v", then, rhs)
	}
	if src(rhs.Cond) != "b" || rhs.Succs[0] != then || rhs.Succs[1].Kind != KindIfDone {
		t.Errorf("rhs Cond %q succs %v", src(rhs.Cond), rhs.Succs)
	}
	if _, ok := rhs.Stmt.(*cc.LogicalOrExpression); !ok {
		t.Errorf("rhs Stmt = %T", rhs.Stmt)
	}
	if _, ok := then.Stmt.(*cc.SelectionStatement); !ok {
		t.Errorf("then Stmt = %T", then.Stmt)
	}
}

func TestCondParenthesesAndNot(t *testing.T) {
	for _, tc := range []struct {
		cond  string
		conds []string // Cond of each condition block, in block order
	}{
		{"((a)) && ((b))", []string{"a", "b"}},
		{"(a && (b || c))", []string{"a", "b", "c"}},
		{"!(a && b)", []string{"!(a && b)"}},
		{"!a || !!b", []string{"!a", "!!b"}},
		{"(a = g(1)) != 0", []string{"(a = g(1)) != 0"}},
		{"(g(1), g(2)) && c", []string{"g(2)", "c"}},
		{"a ? b : c", []string{"a ? b : c"}},
	} {
		g := buildFunc(t, "void f(int a, int b, int c) { if ("+tc.cond+") g(0); }", "", nil)
		var got []string
		for _, b := range g.Blocks {
			if b.Cond != nil {
				got = append(got, src(b.Cond))
			}
		}
		if strings.Join(got, "|") != strings.Join(tc.conds, "|") {
			t.Errorf("if (%s): conds %q, want %q", tc.cond, got, tc.conds)
		}
	}
}

func TestDeclarationNodes(t *testing.T) {
	g := buildFunc(t, `
void f(RedisModuleCtx *ctx, RedisModuleString *name) {
	RedisModuleKey *k = RedisModule_OpenKey(ctx, name, 1);
	RedisModule_CloseKey(k);
	for (int i = 0; i < 2; i++) g(i);
}`, "", nil)
	e := g.Entry()
	if len(e.Nodes) != 3 {
		t.Fatalf("entry has %d nodes:\n%s", len(e.Nodes), g.Format())
	}
	d, ok := e.Nodes[0].(*cc.Declaration)
	if !ok {
		t.Fatalf("node 0 is %T", e.Nodes[0])
	}
	init := d.InitDeclaratorList.InitDeclarator
	if init.Declarator.Name() != "k" {
		t.Errorf("declared %s", init.Declarator.Name())
	}
	call, ok := init.Initializer.AssignmentExpression.(*cc.PostfixExpression)
	if !ok || CalleeName(call) != "RedisModule_OpenKey" {
		t.Errorf("initializer %T %q", init.Initializer.AssignmentExpression, src(init.Initializer.AssignmentExpression))
	}
	if _, ok := e.Nodes[1].(*cc.ExpressionStatement); !ok {
		t.Errorf("node 1 is %T", e.Nodes[1])
	}
	if d, ok := e.Nodes[2].(*cc.Declaration); !ok || src(d) != "int i = 0;" {
		t.Errorf("node 2 is %T %q", e.Nodes[2], src(e.Nodes[2]))
	}
}

func TestReturns(t *testing.T) {
	g := buildFunc(t, `
int f(int a) {
	if (a) return g(a);
	if (a > 1) return;
	return 0;
}`, "", nil)
	rets := g.ReturnBlocks()
	if len(rets) != 3 {
		t.Fatalf("%d return blocks", len(rets))
	}
	want := []string{"g(a)", "", "0"}
	for i, b := range rets {
		if len(b.Succs) != 0 || b.Nodes[len(b.Nodes)-1] != b.Return || b.Return.Case != cc.JumpStatementReturn {
			t.Errorf("%v: bad return block", b)
		}
		if got := src(b.Return.ExpressionList); got != want[i] {
			t.Errorf("return %d value %q, want %q", i, got, want[i])
		}
	}
	if g.FallOffBlock() != nil || len(g.Exits()) != 3 || g.NoReturn() {
		t.Errorf("falloff %v exits %v noreturn %v", g.FallOffBlock(), g.Exits(), g.NoReturn())
	}
}

func TestFallsOff(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		fallsOff  bool
		exits     int
		noReturn  bool
	}{
		{"empty", "void f(void) { }", true, 1, false},
		{"plain", "void f(int a) { g(a); }", true, 1, false},
		{"return", "int f(int a) { return a; }", false, 1, false},
		{"if_return", "void f(int a) { if (a) return; g(a); }", true, 2, false},
		{"if_else_return", "int f(int a) { if (a) return 1; else return 2; }", false, 2, false},
		{"infinite", "void f(int a) { for (;;) g(a); }", false, 0, true},
		{"infinite_while_return", "int f(int a) { while (1) { if (g(a)) return a; } }", false, 1, false},
		{"infinite_break", "void f(int a) { while (1) { if (g(a)) break; } }", true, 1, false},
		{"exit", "void f(int a) { g(a); exit(1); }", false, 0, true},
		{"goto_loop", "void f(int a) { L: g(a); goto L; }", false, 0, true},
		{"switch_all_return", "int f(int a) { switch (a) { case 1: return 1; default: return 2; } }", false, 2, false},
		{"switch_no_default", "int f(int a) { switch (a) { case 1: return 1; } }", true, 2, false},
	} {
		g := buildFunc(t, tc.src, "", noReturnNamed("exit"))
		fo := g.FallOffBlock()
		if (fo != nil) != tc.fallsOff || len(g.Exits()) != tc.exits || g.NoReturn() != tc.noReturn {
			t.Errorf("%s: FallOffBlock %v, exits %d, NoReturn %v; want %v %d %v\n%s",
				tc.name, fo, len(g.Exits()), g.NoReturn(), tc.fallsOff, tc.exits, tc.noReturn, g.Format())
		}
		if fo != nil && (len(fo.Succs) != 0 || fo.Return != nil || !fo.FallsOff() || !fo.IsExit()) {
			t.Errorf("%s: bad fall-off block %v", tc.name, fo)
		}
	}
}

func TestUnreachable(t *testing.T) {
	g := buildFunc(t, `
int f(int a) {
	while (a) {
		if (a == 3) { continue; g(0); }
		break;
		g(1);
	}
	goto out;
	g(2);
out:
	if (a) return a;
	else return 0;
	g(3);
}`, "", nil)
	dead := map[string]string{} // node source -> Stmt source of its block
	for _, b := range g.Blocks {
		if b.Kind == KindUnreachable {
			if b.Live {
				t.Errorf("%v is live", b)
			}
			dead[src(b.Nodes[0])] = src(b.Stmt)
		}
	}
	want := map[string]string{"g(0);": "continue;", "g(1);": "break;", "g(2);": "goto out;"}
	if len(dead) != len(want) {
		t.Errorf("dead blocks %v, want %v", dead, want)
	}
	for k, v := range want {
		if dead[k] != v {
			t.Errorf("dead %q after %q, want after %q", k, dead[k], v)
		}
	}
	// Code after an if whose branches all return goes into the (dead)
	// IfDone block.
	for _, b := range g.Blocks {
		isDone := b.Kind == KindIfDone && len(b.Nodes) == 1 && src(b.Nodes[0]) == "g(3);"
		if b.Kind != KindUnreachable && b.Live == isDone {
			t.Errorf("%v: Live=%v", b, b.Live)
		}
	}
}

func TestNoReturn(t *testing.T) {
	const code = `
void die(const char *) __attribute__((noreturn));
#define RedisModule_Assert(_e) ((_e) ? (void)0 : (fatal(#_e), exit(1)))
void f(int a) {
	if (a == 1) exit(1);
	if (a == 2) abort();
	if (a == 3) die("x");
	if (a == 4) (void)(fatal("y"));
	RedisModule_Assert(a > 0);
	g(a);
}`
	count := func(g *CFG) (n int, calls []string) {
		for _, b := range g.Blocks {
			if b.NoReturn {
				n++
				es := b.Nodes[len(b.Nodes)-1].(*cc.ExpressionStatement)
				calls = append(calls, src(es))
			}
		}
		return
	}
	if n, _ := count(buildFunc(t, code, "", nil)); n != 0 {
		t.Errorf("nil mayReturn: %d NoReturn blocks", n)
	}
	g := buildFunc(t, code, "", func(string) bool { return true })
	if n, _ := count(g); n != 0 {
		t.Errorf("always-returns: %d NoReturn blocks", n)
	}

	// DefaultMayReturn: exit by attribute and name, abort by name, die by
	// attribute; fatal is unknown; the assert macro is a conditional
	// expression and is not a non-returning call.
	funcs := parseFuncs(t, prelude+code)
	var asked []string
	g = New(funcs[len(funcs)-1].body, func(call *cc.PostfixExpression) bool {
		asked = append(asked, CalleeName(call))
		return DefaultMayReturn(call)
	})
	checkInvariants(t, "f", funcs[len(funcs)-1].body, g)
	n, calls := count(g)
	if want := []string{"exit(1);", "abort();", `die("x");`}; n != 3 || strings.Join(calls, " ") != strings.Join(want, " ") {
		t.Errorf("DefaultMayReturn: NoReturn calls %q, want %q\n%s", calls, want, g.Format())
	}
	if want := "exit abort die fatal g"; strings.Join(asked, " ") != want {
		t.Errorf("mayReturn asked about %q, want %q", asked, want)
	}
	if fo := g.FallOffBlock(); fo == nil || fo.NoReturn {
		t.Errorf("fall-off block %v", fo)
	}

	// Custom function: fatal never returns, also inside a cast and comma.
	g = buildFunc(t, code, "", noReturnNamed("fatal"))
	if n, calls := count(g); n != 1 || calls[0] != `(void)(fatal("y"));` {
		t.Errorf("custom: NoReturn calls %q", calls)
	}
}

func TestSwitchStructure(t *testing.T) {
	g := buildFunc(t, `
int f(int n) {
	switch (n) {
	case 1:
	case 2 ... 4:
		g(1);
	default:
		g(2);
		break;
	case 5:
		if (n) {
	case 6:
			g(6);
		}
	}
	return n;
}`, "", nil)
	var head *Block
	for _, b := range g.Blocks {
		if b.Switch != nil {
			head = b
		}
	}
	if head == nil || !head.HasDefault() || len(head.Succs) != 4 {
		t.Fatalf("switch head %v:\n%s", head, g.Format())
	}
	var labels []string
	for _, s := range head.Succs {
		if s.Kind != KindSwitchCase || s.Stmt != s.Cases[0] {
			t.Errorf("%v: bad case block", s)
		}
		var l []string
		for _, c := range s.Cases {
			l = append(l, LabelText(c))
		}
		labels = append(labels, strings.Join(l, " "))
	}
	if want := "case 1: case 2 ... 4:|default:|case 5:|case 6:"; strings.Join(labels, "|") != want {
		t.Errorf("case groups %q, want %q", labels, want)
	}
	// Fallthrough from "case 1: case 2 ... 4:" into default.
	if s := head.Succs[0].Succs; len(s) != 1 || s[0] != head.Succs[1] {
		t.Errorf("no fallthrough edge: %v", s)
	}
	// default ends with break to SwitchDone.
	if s := head.Succs[1].Succs; len(s) != 1 || s[0].Kind != KindSwitchDone {
		t.Errorf("default succs %v", s)
	}
	// A switch without default goes to its done block.
	g = buildFunc(t, "void f(int n) { switch (n) { case 1: g(1); } }", "", nil)
	head = g.Entry()
	if head.Switch == nil || head.HasDefault() || len(head.Succs) != 2 || head.Succs[1].Kind != KindSwitchDone {
		t.Errorf("switch without default:\n%s", g.Format())
	}
}

func TestComputedGoto(t *testing.T) {
	g := buildFunc(t, `
int f(int a) {
	static void *tab[] = { &&l1, &&l2 };
	goto *tab[a];
l1:
	g(1);
l2:
	g(2);
	if (a) goto *tab[0];
	return a;
}`, "", nil)
	var n int
	for _, b := range g.Blocks {
		if b.ComputedGoto != nil {
			n++
			if len(b.Succs) != 2 || b.Succs[0].Kind != KindLabel || b.Succs[1].Kind != KindLabel {
				t.Errorf("%v: succs %v", b, b.Succs)
			}
			if src(b.Nodes[len(b.Nodes)-1]) != src(b.ComputedGoto.ExpressionList) {
				t.Errorf("%v: last node is not the goto operand", b)
			}
		}
	}
	if n != 2 {
		t.Errorf("%d computed goto blocks", n)
	}
}

func TestKindString(t *testing.T) {
	for k := KindInvalid; k <= KindLabel; k++ {
		if s := k.String(); s == "" || strings.HasPrefix(s, "Kind(") {
			t.Errorf("kind %d has no name", k)
		}
	}
	if s := Kind(200).String(); s != "Kind(200)" {
		t.Errorf("Kind(200) = %q", s)
	}
}

func TestDot(t *testing.T) {
	g := buildFunc(t, "int f(int a) { if (a || g(a)) return 1; return 0; }", "", nil)
	d := g.Dot()
	for _, want := range []string{"digraph CFG {", `n0 -> n2 [label="T"]`, `n0 -> n1 [label="F"]`, "return 1;"} {
		if !strings.Contains(d, want) {
			t.Errorf("Dot output lacks %q:\n%s", want, d)
		}
	}
}
