package cfg

// formatTests are C snippets (compiled after prelude) and the expected
// Format() output of the CFG of their last function. Regenerate the want
// fields with `go test -run TestFormat -v -args -print-golden` (and review
// them!).
var formatTests = []struct {
	name string
	src  string
	want string
}{
	{
		name: "sequential",
		src: `
int f(int a) {
	int x = 1, y;
	int z;
	x++;
	{ y = x; { x = y + a; } }
	;
	z = x + y;
	return z;
}`,
		want: `
.0: Entry
	int x = 1, y;
	int z;
	x++;
	y = x;
	x = y + a;
	z = x + y;
	return z;

`,
	},
	{
		name: "declaration_openkey_falls_off",
		src: `
void f(RedisModuleCtx *ctx, RedisModuleString *name) {
	RedisModuleKey *k = RedisModule_OpenKey(ctx, name, 1);
	RedisModule_CloseKey(k);
}`,
		want: `
.0: Entry
	RedisModuleKey *k = RedisModule_OpenKey(ctx, name, 1);
	RedisModule_CloseKey(k);
	falls off

`,
	},
	{
		name: "if",
		src: `
int f(int a) {
	if (a > 0)
		g(1);
	return 0;
}`,
		want: `
.0: Entry
	cond: a > 0
	succs: 1 2

.1: IfThen
	g(1);
	succs: 2

.2: IfDone
	return 0;

`,
	},
	{
		name: "if_else",
		src: `
int f(int a) {
	if (a > 0) {
		g(1);
	} else {
		g(2);
	}
	return 0;
}`,
		want: `
.0: Entry
	cond: a > 0
	succs: 1 2

.1: IfThen
	g(1);
	succs: 3

.2: IfElse
	g(2);
	succs: 3

.3: IfDone
	return 0;

`,
	},
	{
		name: "else_if_chain",
		src: `
void f(int a) {
	if (a == 1) g(1);
	else if (a == 2) g(2);
	else g(3);
	g(4);
}`,
		want: `
.0: Entry
	cond: a == 1
	succs: 1 2

.1: IfThen
	g(1);
	succs: 6

.2: IfElse
	cond: a == 2
	succs: 3 4

.3: IfThen
	g(2);
	succs: 5

.4: IfElse
	g(3);
	succs: 5

.5: IfDone
	succs: 6

.6: IfDone
	g(4);
	falls off

`,
	},
	{
		name: "or_condition",
		src: `
int f(int *a, int b) {
	if (a == NULL || b)
		return -1;
	return *a;
}`,
		want: `
.0: Entry
	cond: a == ((void *)0)
	succs: 2 1

.1: LogicalRHS
	cond: b
	succs: 2 3

.2: IfThen
	return -1;

.3: IfDone
	return *a;

`,
	},
	{
		name: "and_or_parenthesized",
		src: `
void f(int *a, int b) {
	if (((a)) && (b > 1 || !b))
		g(1);
	else
		g(2);
}`,
		want: `
.0: Entry
	cond: a
	succs: 1 4

.1: LogicalRHS
	cond: b > 1
	succs: 3 2

.2: LogicalRHS
	cond: !b
	succs: 3 4

.3: IfThen
	g(1);
	succs: 5

.4: IfElse
	g(2);
	succs: 5

.5: IfDone
	falls off

`,
	},
	{
		name: "not_is_kept",
		src: `
void f(int a, int b) {
	if (!(a && b)) g(1);
	if (!a || !b) g(2);
}`,
		want: `
.0: Entry
	cond: !(a && b)
	succs: 1 2

.1: IfThen
	g(1);
	succs: 2

.2: IfDone
	cond: !a
	succs: 4 3

.3: LogicalRHS
	cond: !b
	succs: 4 5

.4: IfThen
	g(2);
	succs: 5

.5: IfDone
	falls off

`,
	},
	{
		name: "comma_condition",
		src: `
void f(int a) {
	int x;
	if (x = g(a), x > 0) g(x);
}`,
		want: `
.0: Entry
	int x;
	x = g(a)
	cond: x > 0
	succs: 1 2

.1: IfThen
	g(x);
	succs: 2

.2: IfDone
	falls off

`,
	},
	{
		name: "while_break_continue",
		src: `
void f(int n) {
	while (n > 0) {
		if (n == 5) break;
		if (n == 3) continue;
		n--;
	}
	g(n);
}`,
		want: `
.0: Entry
	succs: 1

.1: WhileLoop
	cond: n > 0
	succs: 2 7

.2: WhileBody
	cond: n == 5
	succs: 3 4

.3: IfThen
	succs: 7

.4: IfDone
	cond: n == 3
	succs: 5 6

.5: IfThen
	succs: 1

.6: IfDone
	n--;
	succs: 1

.7: WhileDone
	g(n);
	falls off

`,
	},
	{
		name: "while_and_condition",
		src: `
void f(int n, int *p) {
	while (p != NULL && *p)
		p++;
}`,
		want: `
.0: Entry
	succs: 1

.1: WhileLoop
	cond: p != ((void *)0)
	succs: 2 4

.2: LogicalRHS
	cond: *p
	succs: 3 4

.3: WhileBody
	p++;
	succs: 1

.4: WhileDone
	falls off

`,
	},
	{
		name: "do_while",
		src: `
void f(int n) {
	do {
		g(1);
		if (n == 2) continue;
		if (n == 3) break;
		g(2);
	} while (n-- > 0 || h());
	g(3);
}`,
		want: `
.0: Entry
	succs: 1

.1: DoBody
	g(1);
	cond: n == 2
	succs: 2 3

.2: IfThen
	succs: 6

.3: IfDone
	cond: n == 3
	succs: 4 5

.4: IfThen
	succs: 8

.5: IfDone
	g(2);
	succs: 6

.6: DoCond
	cond: n-- > 0
	succs: 1 7

.7: LogicalRHS
	cond: h()
	succs: 1 8

.8: DoDone
	g(3);
	falls off

`,
	},
	{
		name: "for_expressions",
		src: `
void f(int n) {
	int i;
	for (i = 0; i < n; i++) {
		if (i == 2) continue;
		g(i);
	}
}`,
		want: `
.0: Entry
	int i;
	i = 0
	succs: 1

.1: ForLoop
	cond: i < n
	succs: 2 6

.2: ForBody
	cond: i == 2
	succs: 3 4

.3: IfThen
	succs: 5

.4: IfDone
	g(i);
	succs: 5

.5: ForPost
	i++
	succs: 1

.6: ForDone
	falls off

`,
	},
	{
		name: "for_declaration",
		src: `
void f(int n) {
	for (int i = 0, j = n; i < j; i++, j--)
		g(i);
}`,
		want: `
.0: Entry
	int i = 0, j = n;
	succs: 1

.1: ForLoop
	cond: i < j
	succs: 2 4

.2: ForBody
	g(i);
	succs: 3

.3: ForPost
	i++, j--
	succs: 1

.4: ForDone
	falls off

`,
	},
	{
		name: "for_forms",
		src: `
void f(int n) {
	int i = 0;
	for (; n;) g(1);
	for (;; i++) { if (i > n) break; }
	for (i = 0;;) { if (g(i)) break; }
	for (;;) g(2);
}`,
		want: `
.0: Entry
	int i = 0;
	succs: 1

.1: ForLoop
	cond: n
	succs: 2 3

.2: ForBody
	g(1);
	succs: 1

.3: ForDone
	succs: 4

.4: ForBody
	cond: i > n
	succs: 5 6

.5: IfThen
	succs: 8

.6: IfDone
	succs: 7

.7: ForPost
	i++
	succs: 4

.8: ForDone
	i = 0
	succs: 9

.9: ForBody
	cond: g(i)
	succs: 10 11

.10: IfThen
	succs: 12

.11: IfDone
	succs: 9

.12: ForDone
	succs: 13

.13: ForBody
	g(2);
	succs: 13

.14: ForDone [dead]

`,
	},
	{
		name: "nested_loops",
		src: `
void f(int n) {
	for (int i = 0; i < n; i++) {
		for (int j = 0; j < n; j++) {
			if (j == i) continue;
			if (j > i) break;
			g(j);
		}
		if (i == 3) break;
	}
}`,
		want: `
.0: Entry
	int i = 0;
	succs: 1

.1: ForLoop
	cond: i < n
	succs: 2 14

.2: ForBody
	int j = 0;
	succs: 3

.3: ForLoop
	cond: j < n
	succs: 4 10

.4: ForBody
	cond: j == i
	succs: 5 6

.5: IfThen
	succs: 9

.6: IfDone
	cond: j > i
	succs: 7 8

.7: IfThen
	succs: 10

.8: IfDone
	g(j);
	succs: 9

.9: ForPost
	j++
	succs: 3

.10: ForDone
	cond: i == 3
	succs: 11 12

.11: IfThen
	succs: 14

.12: IfDone
	succs: 13

.13: ForPost
	i++
	succs: 1

.14: ForDone
	falls off

`,
	},
	{
		name: "switch_in_loop",
		src: `
void f(int n) {
	while (n--) {
		switch (n) {
		case 1:
			continue;
		case 2:
			break;
		}
		g(n);
	}
}`,
		want: `
.0: Entry
	succs: 1

.1: WhileLoop
	cond: n--
	succs: 2 6

.2: WhileBody
	n
	succs: 3 4 5

.3: SwitchCase case 1:
	succs: 1

.4: SwitchCase case 2:
	succs: 5

.5: SwitchDone
	g(n);
	succs: 1

.6: WhileDone
	falls off

`,
	},
	{
		name: "switch_fallthrough_default",
		src: `
int f(int n) {
	int r = 0;
	switch (n) {
	case 1:
	case 2:
		r = 1;
	case 3:
		r++;
		break;
	default:
		r = -1;
	case 4:
		return 4;
	}
	return r;
}`,
		want: `
.0: Entry
	int r = 0;
	n
	succs: 1 2 3 4

.1: SwitchCase case 1: case 2:
	r = 1;
	succs: 2

.2: SwitchCase case 3:
	r++;
	succs: 5

.3: SwitchCase default:
	r = -1;
	succs: 4

.4: SwitchCase case 4:
	return 4;

.5: SwitchDone
	return r;

`,
	},
	{
		name: "switch_no_default",
		src: `
void f(int n) {
	switch (n) {
	case 1:
		g(1);
		break;
	case 2:
		g(2);
	}
	g(3);
}`,
		want: `
.0: Entry
	n
	succs: 1 2 3

.1: SwitchCase case 1:
	g(1);
	succs: 3

.2: SwitchCase case 2:
	g(2);
	succs: 3

.3: SwitchDone
	g(3);
	falls off

`,
	},
	{
		name: "switch_case_range_and_dead_prefix",
		src: `
void f(int n) {
	switch (n) {
		g(0);
	case 1 ... 3:
		g(1);
		break;
	case 4:
		g(4);
	}
}`,
		want: `
.0: Entry
	n
	succs: 2 3 4

.1: Unreachable [dead]
	g(0);
	succs: 2

.2: SwitchCase case 1 ... 3:
	g(1);
	succs: 4

.3: SwitchCase case 4:
	g(4);
	succs: 4

.4: SwitchDone
	falls off

`,
	},
	{
		name: "switch_empty_and_unbraced",
		src: `
void f(int n) {
	switch (n) { }
	switch (n) case 1: g(1);
}`,
		want: `
.0: Entry
	n
	succs: 1

.1: SwitchDone
	n
	succs: 2 3

.2: SwitchCase case 1:
	g(1);
	succs: 3

.3: SwitchDone
	falls off

`,
	},
	{
		name: "duff",
		src: `
void f(char *to, char *from, int count) {
	int n = (count + 3) / 4;
	switch (count % 4) {
	case 0: do { *to++ = *from++;
	case 3:      *to++ = *from++;
	case 2:      *to++ = *from++;
	case 1:      *to++ = *from++;
		} while (--n > 0);
	}
}`,
		want: `
.0: Entry
	int n = (count + 3) / 4;
	count % 4
	succs: 1 3 4 5 8

.1: SwitchCase case 0:
	succs: 2

.2: DoBody
	*to++ = *from++;
	succs: 3

.3: SwitchCase case 3:
	*to++ = *from++;
	succs: 4

.4: SwitchCase case 2:
	*to++ = *from++;
	succs: 5

.5: SwitchCase case 1:
	*to++ = *from++;
	succs: 6

.6: DoCond
	cond: --n > 0
	succs: 2 7

.7: DoDone
	succs: 8

.8: SwitchDone
	falls off

`,
	},
	{
		name: "switch_nested",
		src: `
int f(int a, int b) {
	switch (a) {
	case 1:
		switch (b) { case 1: return 11; default: break; }
		break;
	case 2:
		if (b) {
	case 3:
			g(3);
		}
	}
	return 0;
}`,
		want: `
.0: Entry
	a
	succs: 1 5 7 9

.1: SwitchCase case 1:
	b
	succs: 2 3

.2: SwitchCase case 1:
	return 11;

.3: SwitchCase default:
	succs: 4

.4: SwitchDone
	succs: 9

.5: SwitchCase case 2:
	cond: b
	succs: 6 8

.6: IfThen
	succs: 7

.7: SwitchCase case 3:
	g(3);
	succs: 8

.8: IfDone
	succs: 9

.9: SwitchDone
	return 0;

`,
	},
	{
		name: "goto_cleanup",
		src: `
int f(RedisModuleCtx *ctx, RedisModuleString *name, int a) {
	int ret = -1;
	RedisModuleKey *k = RedisModule_OpenKey(ctx, name, 1);
	if (a < 0) goto cleanup;
	if (g(a) != 0) {
		g(0);
		goto cleanup;
	}
	ret = 0;
cleanup:
	RedisModule_CloseKey(k);
	return ret;
}`,
		want: `
.0: Entry
	int ret = -1;
	RedisModuleKey *k = RedisModule_OpenKey(ctx, name, 1);
	cond: a < 0
	succs: 1 2

.1: IfThen
	succs: 5

.2: IfDone
	cond: g(a) != 0
	succs: 3 4

.3: IfThen
	g(0);
	succs: 5

.4: IfDone
	ret = 0;
	succs: 5

.5: Label cleanup:
	RedisModule_CloseKey(k);
	return ret;

`,
	},
	{
		name: "goto_backward",
		src: `
int f(int a) {
	int r = 0;
again:
	r++;
	if (r < a) goto again;
	return r;
}`,
		want: `
.0: Entry
	int r = 0;
	succs: 1

.1: Label again:
	r++;
	cond: r < a
	succs: 2 3

.2: IfThen
	succs: 1

.3: IfDone
	return r;

`,
	},
	{
		name: "computed_goto",
		src: `
int f(int a) {
	void *p = a ? &&l1 : &&l2;
	goto *p;
l1:
	return 1;
l2:
	return 2;
}`,
		want: `
.0: Entry
	void *p = a ? &&l1 : &&l2;
	goto *p
	succs: 1 2

.1: Label l1:
	return 1;

.2: Label l2:
	return 2;

`,
	},
	{
		name: "return_void_and_falls_off",
		src: `
void f(int a) {
	if (a) return;
	g(a);
}`,
		want: `
.0: Entry
	cond: a
	succs: 1 2

.1: IfThen
	return;

.2: IfDone
	g(a);
	falls off

`,
	},
	{
		name: "unreachable",
		src: `
int f(int a) {
	while (a) {
		break;
		g(1);
	}
	goto out;
	g(2);
out:
	return a;
	g(3);
}`,
		want: `
.0: Entry
	succs: 1

.1: WhileLoop
	cond: a
	succs: 2 4

.2: WhileBody
	succs: 4

.3: Unreachable [dead]
	g(1);
	succs: 1

.4: WhileDone
	succs: 6

.5: Unreachable [dead]
	g(2);
	succs: 6

.6: Label out:
	return a;

.7: Unreachable [dead]
	g(3);

`,
	},
	{
		name: "noreturn_calls",
		src: `
void f(int a) {
	if (a == 1) exit(1);
	if (a == 2) (void)abort();
	if (a == 3) (g(3), fatal("x"));
	if (a == 4) {
		fatal("y");
		g(4);
	}
	g(5);
}`,
		want: `
.0: Entry
	cond: a == 1
	succs: 1 2

.1: IfThen
	exit(1);
	noreturn

.2: IfDone
	cond: a == 2
	succs: 3 4

.3: IfThen
	(void)abort();
	noreturn

.4: IfDone
	cond: a == 3
	succs: 5 6

.5: IfThen
	(g(3), fatal("x"));
	noreturn

.6: IfDone
	cond: a == 4
	succs: 7 9

.7: IfThen
	fatal("y");
	noreturn

.8: Unreachable [dead]
	g(4);
	succs: 9

.9: IfDone
	g(5);
	falls off

`,
	},
	{
		name: "statement_expression_not_expanded",
		src: `
int f(int a) {
	int x = ({ int t = 0; if (a) t = g(a); t; });
	if (({ int u = h(); u > 0; }) && a)
		return x;
	return 0;
}`,
		want: `
.0: Entry
	int x = ({ int t = 0; if (a) t = g(a); t; });
	cond: ({ int u = h(); u > 0; })
	succs: 1 3

.1: LogicalRHS
	cond: a
	succs: 2 3

.2: IfThen
	return x;

.3: IfDone
	return 0;

`,
	},
	{
		name: "constant_conditions",
		src: `
void f(int a) {
	while (1) {
		if (a) break;
	}
	do { g(1); } while (0);
	if (0) g(2);
	while (0) g(3);
	if (1 && a) g(4);
}`,
		want: `
.0: Entry
	succs: 1

.1: WhileLoop
	1
	succs: 2

.2: WhileBody
	cond: a
	succs: 3 4

.3: IfThen
	succs: 5

.4: IfDone
	succs: 1

.5: WhileDone
	succs: 6

.6: DoBody
	g(1);
	succs: 7

.7: DoCond
	0
	succs: 8

.8: DoDone
	0
	succs: 10

.9: IfThen [dead]
	g(2);
	succs: 10

.10: IfDone
	succs: 11

.11: WhileLoop
	0
	succs: 13

.12: WhileBody [dead]
	g(3);
	succs: 11

.13: WhileDone
	1
	succs: 14

.14: LogicalRHS
	cond: a
	succs: 15 16

.15: IfThen
	g(4);
	succs: 16

.16: IfDone
	falls off

`,
	},
	{
		name: "infinite_loop_no_fall_off",
		src: `
int f(volatile int *flag) {
	for (;;) {
		if (*flag) return *flag;
	}
}`,
		want: `
.0: Entry
	succs: 1

.1: ForBody
	cond: *flag
	succs: 2 3

.2: IfThen
	return *flag;

.3: IfDone
	succs: 1

.4: ForDone [dead]

`,
	},
	{
		name: "label_fallthrough_and_asm",
		src: `
void f(int a) {
	g(0);
L:
	__asm__ volatile ("nop");
	if (a--) goto L;
}`,
		want: `
.0: Entry
	g(0);
	succs: 1

.1: Label L:
	__asm__ volatile ("nop");
	cond: a--
	succs: 2 3

.2: IfThen
	succs: 1

.3: IfDone
	falls off

`,
	},
}
