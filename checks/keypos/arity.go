package keypos

import (
	"fmt"
	"math"
	"path/filepath"

	"golang.org/x/tools/go/analysis"
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/cparse/cfg"
)

const inf = math.MaxInt64

// ival is the range of values argc can have at a program point, over all
// paths reaching it. live is false where no path reaches (bottom).
type ival struct {
	live   bool
	lo, hi int64   // hi == inf: unbounded
	hiSrc  cc.Node // the condition or case label that set hi
}

func (a ival) same(b ival) bool { return a.live == b.live && a.lo == b.lo && a.hi == b.hi }

// hull is the join: the smallest interval holding both.
func (a ival) hull(b ival) ival {
	if !a.live {
		return b
	}
	if !b.live {
		return a
	}
	r := ival{live: true, lo: min(a.lo, b.lo), hi: max(a.hi, b.hi)}
	switch {
	case a.hi > b.hi:
		r.hiSrc = a.hiSrc
	case b.hi > a.hi:
		r.hiSrc = b.hiSrc
	default:
		r.hiSrc = a.hiSrc
		if r.hiSrc == nil {
			r.hiSrc = b.hiSrc
		}
	}
	return r
}

func (a ival) atMost(k int64, src cc.Node) ival {
	if a.live && k < a.hi {
		a.hi, a.hiSrc = k, src
	}
	return a.norm()
}

func (a ival) atLeast(k int64) ival {
	if a.live && k > a.lo {
		a.lo = k
	}
	return a.norm()
}

func (a ival) norm() ival {
	if a.live && a.lo > a.hi {
		return ival{}
	}
	return a
}

// argBounds is the per-function analysis of argc.
type argBounds struct {
	m          *inspect.Module
	f          *cparse.Func
	argv, argc *cc.Declarator
}

// handlerParams returns a handler's argv and argc parameters, or nils when
// the function does not have the command-handler shape.
func handlerParams(f *cparse.Func) (argv, argc *cc.Declarator) {
	ft, ok := f.Decl.Type().(*cc.FunctionType)
	if !ok {
		return nil, nil
	}
	ps := ft.Parameters()
	if len(ps) != 3 || ps[1].Declarator == nil || ps[2].Declarator == nil {
		return nil, nil
	}
	if !inspect.IsPointerToPointerTo(ps[1].Type(), "RedisModuleString") || !isInteger(ps[2].Type()) {
		return nil, nil
	}
	return ps[1].Declarator, ps[2].Declarator
}

func isInteger(t cc.Type) bool {
	if t == nil {
		return false
	}
	switch t.Kind() {
	case cc.Int, cc.UInt, cc.Long, cc.ULong, cc.LongLong, cc.ULongLong, cc.Short, cc.UShort:
		return true
	}
	return false
}

// modified reports whether the body assigns d, increments or decrements it,
// or takes its address (argv++, argc--, argv += 1, &argc, ...).
func modified(body cc.Node, d *cc.Declarator) bool {
	is := func(e cc.ExpressionNode) bool { return e != nil && cparse.Declarator(e) == d }
	found := false
	cparse.Inspect(body, func(n cc.Node) bool {
		if found {
			return false
		}
		switch x := n.(type) {
		case *cc.AssignmentExpression:
			if x.Case != cc.AssignmentExpressionCond && is(x.UnaryExpression) {
				found = true
			}
		case *cc.UnaryExpression:
			switch x.Case {
			case cc.UnaryExpressionInc, cc.UnaryExpressionDec:
				found = is(x.UnaryExpression)
			case cc.UnaryExpressionAddrof:
				found = is(x.CastExpression)
			}
		case *cc.PostfixExpression:
			if x.Case == cc.PostfixExpressionInc || x.Case == cc.PostfixExpressionDec {
				found = is(x.PostfixExpression)
			}
		}
		return !found
	})
	return found
}

func (ab *argBounds) isArgc(e cc.ExpressionNode) bool {
	return e != nil && cparse.Declarator(e) == ab.argc
}

func (ab *argBounds) constant(e cc.ExpressionNode) (int64, bool) {
	v, ok := ab.f.Unit.ConstInt(e)
	if !ok || v < 0 || v > 1<<40 {
		return 0, false // negative or absurd bounds: leave the interval alone
	}
	return v, true
}

type relOp int

const (
	opEq relOp = iota
	opNe
	opLt
	opLe
	opGt
	opGe
)

func (o relOp) negate() relOp {
	return [...]relOp{opNe, opEq, opGe, opGt, opLe, opLt}[o]
}

func (o relOp) flip() relOp { // k OP argc  ==  argc flip(OP) k
	return [...]relOp{opEq, opNe, opGt, opGe, opLt, opLe}[o]
}

// refine narrows iv by the knowledge that e evaluated to truth t.
// Conditions it does not understand leave iv unchanged, which only widens
// the result and can only hide findings.
func (ab *argBounds) refine(e cc.ExpressionNode, t bool, iv ival) ival {
	if !iv.live || e == nil {
		return iv
	}
	src := e
	e = cparse.StripCasts(e)
	switch x := e.(type) {
	case *cc.UnaryExpression:
		if x.Case == cc.UnaryExpressionNot {
			return ab.refine(x.CastExpression, !t, iv)
		}
	case *cc.LogicalAndExpression:
		if x.Case == cc.LogicalAndExpressionLAnd {
			l, r := x.LogicalAndExpression, x.InclusiveOrExpression
			if t {
				return ab.refine(r, true, ab.refine(l, true, iv))
			}
			return ab.refine(l, false, iv).hull(ab.refine(r, false, ab.refine(l, true, iv)))
		}
	case *cc.LogicalOrExpression:
		if x.Case == cc.LogicalOrExpressionLOr {
			l, r := x.LogicalOrExpression, x.LogicalAndExpression
			if !t {
				return ab.refine(r, false, ab.refine(l, false, iv))
			}
			return ab.refine(l, true, iv).hull(ab.refine(r, true, ab.refine(l, false, iv)))
		}
	case *cc.EqualityExpression:
		var op relOp
		switch x.Case {
		case cc.EqualityExpressionEq:
			op = opEq
		case cc.EqualityExpressionNeq:
			op = opNe
		default:
			return iv
		}
		return ab.compare(x.EqualityExpression, op, x.RelationalExpression, t, iv, src)
	case *cc.RelationalExpression:
		var op relOp
		switch x.Case {
		case cc.RelationalExpressionLt:
			op = opLt
		case cc.RelationalExpressionLeq:
			op = opLe
		case cc.RelationalExpressionGt:
			op = opGt
		case cc.RelationalExpressionGeq:
			op = opGe
		default:
			return iv
		}
		return ab.compare(x.RelationalExpression, op, x.ShiftExpression, t, iv, src)
	case *cc.PrimaryExpression:
		if ab.isArgc(x) {
			return ab.apply(opNe, 0, t, iv, src)
		}
	}
	return iv
}

func (ab *argBounds) compare(l cc.ExpressionNode, op relOp, r cc.ExpressionNode, t bool, iv ival, src cc.Node) ival {
	if ab.isArgc(l) {
		if k, ok := ab.constant(r); ok {
			return ab.apply(op, k, t, iv, src)
		}
	}
	if ab.isArgc(r) {
		if k, ok := ab.constant(l); ok {
			return ab.apply(op.flip(), k, t, iv, src)
		}
	}
	return iv
}

// apply narrows iv by (argc OP k) == t.
func (ab *argBounds) apply(op relOp, k int64, t bool, iv ival, src cc.Node) ival {
	if !t {
		op = op.negate()
	}
	switch op {
	case opEq:
		return iv.atLeast(k).atMost(k, src)
	case opNe:
		if iv.lo == k {
			iv = iv.atLeast(k + 1)
		}
		if iv.live && iv.hi == k {
			iv = iv.atMost(k-1, src)
		}
		return iv
	case opLt:
		return iv.atMost(k-1, src)
	case opLe:
		return iv.atMost(k, src)
	case opGt:
		return iv.atLeast(k + 1)
	case opGe:
		return iv.atLeast(k)
	}
	return iv
}

// edge is the interval on the i-th out-edge of b given b's interval.
func (ab *argBounds) edge(b *cfg.Block, i int, iv ival) ival {
	if b.Cond != nil && len(b.Succs) == 2 {
		return ab.refine(b.Cond, i == 0, iv)
	}
	if b.Switch != nil && len(b.Nodes) > 0 {
		ctrl, ok := b.Nodes[len(b.Nodes)-1].(cc.ExpressionNode)
		if !ok || !ab.isArgc(ctrl) {
			return iv
		}
		succ := b.Succs[i]
		if succ.Kind != cfg.KindSwitchCase || len(succ.Cases) == 0 {
			return iv // the block after a switch without default: argc is "none of the cases"
		}
		var r ival
		for _, ls := range succ.Cases {
			var lo, hi int64
			var ok1, ok2 bool
			switch ls.Case {
			case cc.LabeledStatementCaseLabel:
				lo, ok1 = ab.f.Unit.ConstInt(ls.ConstantExpression)
				hi, ok2 = lo, ok1
			case cc.LabeledStatementRange:
				lo, ok1 = ab.f.Unit.ConstInt(ls.ConstantExpression)
				hi, ok2 = ab.f.Unit.ConstInt(ls.ConstantExpression2)
			}
			if !ok1 || !ok2 {
				return iv // default, or a label that is not constant
			}
			r = r.hull(iv.atLeast(lo).atMost(hi, ls))
		}
		return r
	}
	return iv
}

// solve computes the interval at the entry of every block, starting from
// start at the function entry. ok is false when it did not converge.
func (ab *argBounds) solve(start ival) (in []ival, ok bool) {
	g := ab.f.CFG()
	in = make([]ival, len(g.Blocks))
	out := make([]ival, len(g.Blocks))
	// Bounds only come from the constants in conditions, so the lattice is
	// finite and the iteration converges; the cap is a safety net.
	for pass := 0; ; pass++ {
		if pass > 100 {
			return nil, false
		}
		changed := false
		for _, b := range g.Blocks {
			if !b.Live {
				continue
			}
			var s ival
			if b.Index == 0 {
				s = start
			}
			for _, p := range b.Preds {
				if !p.Live {
					continue
				}
				for i, succ := range p.Succs {
					if succ == b {
						s = s.hull(ab.edge(p, i, out[p.Index]))
					}
				}
			}
			in[b.Index] = s
			if !s.same(out[b.Index]) { // argc is never assigned: out == in
				out[b.Index] = s
				changed = true
			}
		}
		if !changed {
			return in, true
		}
	}
}

// argvRead is a constant-index read of argv.
type argvRead struct {
	expr *cc.PostfixExpression
	k    int64
	iv   ival
}

// helperCall is a call passing argv and argc on unchanged.
type helperCall struct {
	call       *cc.PostfixExpression
	g          *cparse.Func
	argvAt     int
	argcAt     int
	iv         ival
	fromCaller *cparse.Func
}

// walk visits the expressions of n with interval iv, refining it inside
// ?:, && and || operands, and collects argv[K] reads and helper calls.
func (ab *argBounds) walk(n cc.Node, iv ival, reads *[]argvRead, calls *[]helperCall) {
	if !iv.live {
		return
	}
	cparse.Inspect(n, func(x cc.Node) bool {
		switch x := x.(type) {
		case *cc.ConditionalExpression:
			if x.Case == cc.ConditionalExpressionCond {
				ab.walk(x.LogicalOrExpression, iv, reads, calls)
				ab.walk(x.ExpressionList, ab.refine(x.LogicalOrExpression, true, iv), reads, calls)
				ab.walk(x.ConditionalExpression, ab.refine(x.LogicalOrExpression, false, iv), reads, calls)
				return false
			}
		case *cc.LogicalAndExpression:
			if x.Case == cc.LogicalAndExpressionLAnd {
				ab.walk(x.LogicalAndExpression, iv, reads, calls)
				ab.walk(x.InclusiveOrExpression, ab.refine(x.LogicalAndExpression, true, iv), reads, calls)
				return false
			}
		case *cc.LogicalOrExpression:
			if x.Case == cc.LogicalOrExpressionLOr {
				ab.walk(x.LogicalOrExpression, iv, reads, calls)
				ab.walk(x.LogicalAndExpression, ab.refine(x.LogicalOrExpression, false, iv), reads, calls)
				return false
			}
		case *cc.UnaryExpression:
			switch x.Case {
			case cc.UnaryExpressionSizeofExpr, cc.UnaryExpressionSizeofType, cc.UnaryExpressionAlignofExpr, cc.UnaryExpressionAlignofType:
				return false // not evaluated
			case cc.UnaryExpressionAddrof:
				// &argv[K] is pointer arithmetic (argv + K), valid up to
				// argv + argc: only its index expression is evaluated.
				if ix, ok := cparse.Unparen(x.CastExpression).(*cc.PostfixExpression); ok && ix.Case == cc.PostfixExpressionIndex && ab.isArgv(ix.PostfixExpression) {
					ab.walk(ix.ExpressionList, iv, reads, calls)
					return false
				}
			}
		case *cc.PostfixExpression:
			switch x.Case {
			case cc.PostfixExpressionIndex:
				if ab.isArgv(x.PostfixExpression) {
					if k, ok := ab.f.Unit.ConstInt(x.ExpressionList); ok && k >= 0 {
						*reads = append(*reads, argvRead{expr: x, k: k, iv: iv})
					}
				}
			case cc.PostfixExpressionCall:
				if calls != nil {
					ab.helperCall(x, iv, calls)
				}
			}
		}
		return true
	})
}

func (ab *argBounds) isArgv(e cc.ExpressionNode) bool {
	return e != nil && cparse.Declarator(e) == ab.argv
}

// helperCall records a call of a module function that receives argv and
// argc themselves (not argv+1, argc-1).
func (ab *argBounds) helperCall(call *cc.PostfixExpression, iv ival, calls *[]helperCall) {
	g := ab.m.Callee(ab.f.Unit, call)
	if g == nil || g == ab.f {
		return
	}
	hc := helperCall{call: call, g: g, argvAt: -1, argcAt: -1, iv: iv, fromCaller: ab.f}
	for i, a := range cparse.Args(call) {
		switch {
		case ab.isArgv(a) && cparse.Ident(a) != nil && cparse.StripCasts(a) == cparse.Unparen(a):
			hc.argvAt = i
		case ab.isArgc(a) && cparse.StripCasts(a) == cparse.Unparen(a):
			hc.argcAt = i
		}
	}
	if hc.argvAt >= 0 && hc.argcAt >= 0 {
		*calls = append(*calls, hc)
	}
}

// checkArity reports argv[K] reads that every path reaches with argc ≤ K,
// in command handlers and in helpers that only ever receive a handler's
// own argv and argc.
func checkArity(pass *analysis.Pass, m *inspect.Module) {
	cmds := map[*cparse.Func][]*cparse.Command{}
	var handlers []*cparse.Func
	for _, c := range m.Commands {
		if c.Handler == nil {
			continue
		}
		if _, ok := cmds[c.Handler]; !ok {
			handlers = append(handlers, c.Handler)
		}
		cmds[c.Handler] = append(cmds[c.Handler], c)
	}
	var allCalls []helperCall
	for _, h := range handlers {
		argv, argc := handlerParams(h)
		if argv == nil || modified(h.Body(), argv) || modified(h.Body(), argc) {
			// Shifted or rewritten argv/argc (argv++; argc--): the indexes
			// no longer mean command arguments; stay silent.
			continue
		}
		ab := &argBounds{m: m, f: h, argv: argv, argc: argc}
		reads, calls, ok := ab.run(ival{live: true, lo: 1, hi: inf}, true)
		if !ok {
			continue
		}
		report(pass, m, ab, reads, cmdLabel(cmds[h]), "")
		allCalls = append(allCalls, calls...)
	}
	checkHelpers(pass, m, allCalls, cmds)
}

// run solves f and returns its argv reads (and, when wantCalls, the helper
// calls) with the interval at each.
func (ab *argBounds) run(start ival, wantCalls bool) ([]argvRead, []helperCall, bool) {
	in, ok := ab.solve(start)
	if !ok {
		return nil, nil, false
	}
	var reads []argvRead
	var calls []helperCall
	var cp *[]helperCall
	if wantCalls {
		cp = &calls
	}
	for _, b := range ab.f.CFG().Blocks {
		if !b.Live || !in[b.Index].live {
			continue
		}
		for _, n := range b.Nodes {
			ab.walk(n, in[b.Index], &reads, cp)
		}
	}
	return reads, calls, true
}

// checkHelpers analyses the module functions that receive a handler's argv
// and argc unchanged at every place they are referenced, starting from the
// hull of the intervals at those calls.
func checkHelpers(pass *analysis.Pass, m *inspect.Module, calls []helperCall, cmds map[*cparse.Func][]*cparse.Command) {
	byHelper := map[*cparse.Func][]helperCall{}
	var order []*cparse.Func
	for _, c := range calls {
		if _, isHandler := cmds[c.g]; isHandler {
			continue // analysed as a handler already (from [1, +inf))
		}
		if _, ok := byHelper[c.g]; !ok {
			order = append(order, c.g)
		}
		byHelper[c.g] = append(byHelper[c.g], c)
	}
	if len(order) == 0 {
		return
	}
	refs := references(m)
	for _, g := range order {
		cs := byHelper[g]
		if refs[g] != len(cs) {
			continue // also called elsewhere, or its address is taken: callers unknown
		}
		argvAt, argcAt := cs[0].argvAt, cs[0].argcAt
		consistent := true
		var start ival
		for _, c := range cs {
			if c.argvAt != argvAt || c.argcAt != argcAt {
				consistent = false
			}
			start = start.hull(c.iv)
		}
		ft, ok := g.Decl.Type().(*cc.FunctionType)
		if !consistent || !ok || len(ft.Parameters()) != len(cparse.Args(cs[0].call)) || ft.IsVariadic() {
			continue
		}
		ps := ft.Parameters()
		argv, argc := ps[argvAt].Declarator, ps[argcAt].Declarator
		if argv == nil || argc == nil || !inspect.IsPointerToPointerTo(ps[argvAt].Type(), "RedisModuleString") || !isInteger(ps[argcAt].Type()) {
			continue
		}
		if modified(g.Body(), argv) || modified(g.Body(), argc) {
			continue
		}
		ab := &argBounds{m: m, f: g, argv: argv, argc: argc}
		reads, _, ok := ab.run(start, false)
		if !ok {
			continue
		}
		report(pass, m, ab, reads, cmdLabel(cmds[cs[0].fromCaller]), fmt.Sprintf(" in %s (which receives the argv and argc of %s)", g.Name, cs[0].fromCaller.Name))
	}
}

// references counts, per module function, the identifiers naming it
// anywhere in the module (calls and other uses).
func references(m *inspect.Module) map[*cparse.Func]int {
	r := map[*cparse.Func]int{}
	for _, u := range m.Units {
		u.FunctionRefs(func(d *cc.Declarator) {
			if g := m.Func(u, d.Name()); g != nil {
				r[g]++
			}
		})
	}
	return r
}

func cmdLabel(cs []*cparse.Command) string {
	if len(cs) == 0 {
		return "the command"
	}
	return inspect.Label(cs[0])
}

// report emits one finding per out-of-bounds argv read.
func report(pass *analysis.Pass, m *inspect.Module, ab *argBounds, reads []argvRead, label, where string) {
	for _, r := range reads {
		iv := r.iv
		if !iv.live || iv.hi == inf || r.k < iv.hi {
			continue
		}
		what := "the arity check"
		if _, isCase := iv.hiSrc.(*cc.LabeledStatement); isCase {
			what = "the case label"
		}
		at := "here"
		if iv.hiSrc != nil {
			at = "at " + lineRef(m, iv.hiSrc, r.expr)
		}
		allows := fmt.Sprintf("allows at most %d arguments (argv[0]..argv[%d])", iv.hi, iv.hi-1)
		fix := fmt.Sprintf("check argc == %d or use argv[%d]", r.k+1, iv.hi-1)
		if iv.hi <= 1 {
			allows = "allows only the command name (argv[0])"
			fix = fmt.Sprintf("check argc == %d", r.k+1)
		}
		d := m.Diagnostic(r.expr, "%s: argv[%d] is read%s, but %s %s %s: reading argv[%d] is out of bounds; %s",
			label, r.k, where, what, at, allows, r.k, fix)
		if iv.hiSrc != nil {
			d.Related = append(d.Related, m.Related(iv.hiSrc, "argc is bounded to at most %d here", iv.hi))
		}
		pass.Report(d)
	}
}

// lineRef is "line N", or "file:N" when src is in another file than at.
func lineRef(m *inspect.Module, src, at cc.Node) string {
	ps, pa := m.Files.Pos(src), m.Files.Pos(at)
	if !ps.IsValid() {
		return "an earlier line"
	}
	s := m.Files.Fset.Position(ps)
	if pa.IsValid() && m.Files.Fset.Position(pa).Filename != s.Filename {
		return fmt.Sprintf("%s:%d", filepath.Base(s.Filename), s.Line)
	}
	return fmt.Sprintf("line %d", s.Line)
}
