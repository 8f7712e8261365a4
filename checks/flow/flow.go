// Package flow explores the paths of a C function for rmlint's
// path-sensitive rules (replycount, leak, badfree, ...).
//
// It walks the function's CFG (package cparse/cfg) with a rule-defined
// abstract state, in evaluation order: calls (with forks for helper functions
// that can end in several ways), assignments, branch conditions, returns.
// To stay precise on real code it prunes paths that cannot happen:
//
//   - local variables assigned integer constants (`int err = 0; ... err = 1;`,
//     `ret = REDISMODULE_ERR`) are tracked, and conditions over them are
//     evaluated;
//   - the result of a call that a rule resolved to a known return value
//     (a helper that replied and returned REDISMODULE_ERR) is bound, so
//     `if (parse(ctx, argv) != REDISMODULE_OK) return REDISMODULE_OK;` only
//     follows the branch that matches;
//   - a condition over parameters and never-written locals (`argc == 3`) is
//     decided once per path and reused when it is tested again;
//   - `?:`, `&&` and `||` inside expressions fork like branches.
//
// States are merged per block when equal (a rule gives each state a key),
// so loops terminate; a budget bounds the work, and an exploration that runs
// out of it reports Complete == false, after which a rule should stay silent.
package flow

import (
	"maps"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/cparse/cfg"
)

// Outcome is one way a call can end, for a rule's Call hook.
type Outcome[S any] struct {
	State S
	// Ret is the call's result on this outcome when known (e.g. a helper
	// that returns REDISMODULE_ERR after replying); nil when unknown.
	Ret *int64
	// RetNonZero: the result is only known to be non-zero (non-NULL).
	RetNonZero bool
}

// Domain is a rule's abstract state and its transfer functions.
type Domain[S any] interface {
	// Call applies one call (arguments were applied before). It returns the
	// outcomes; none means the path cannot continue (e.g. a call that never
	// returns).
	Call(st S, call *cc.PostfixExpression, p *Path) []Outcome[S]
	// Assign applies `lhs = rhs` (rhs nil for ++, --, compound assignment and
	// declarations without initializer); lhsDecl is the variable assigned
	// when lhs is a plain identifier.
	Assign(st S, lhs cc.Node, lhsDecl *cc.Declarator, rhs cc.ExpressionNode, p *Path) S
	// Assume refines st on a branch where cond has the given truth value;
	// ok == false prunes the branch.
	Assume(st S, cond cc.ExpressionNode, truth bool, p *Path) (S, bool)
	// Exit is called where the function returns (ret nil: falls off the
	// end); value is the returned integer when known (see also
	// Path.NonZero).
	Exit(st S, ret *cc.JumpStatement, value *int64, p *Path)
	// Key identifies a state for merging: equal keys are the same state.
	Key(st S) string
	// Clone returns a copy of st that can be changed independently.
	Clone(st S) S
}

// StatementEnder is an optional Domain hook, called after each statement,
// declaration, return value or condition of the CFG has been evaluated.
type StatementEnder[S any] interface {
	EndStatement(st S, p *Path) S
}

// Path is the rule-independent part of a path's state; rules may read it.
type Path struct {
	Func  *cparse.Func
	Block *cfg.Block // the block being run
	// Unsure is set once the path went through something the engine could
	// not model (a GNU statement expression with jumps, ...); rules should
	// not report on such paths.
	Unsure bool

	vars    map[*cc.Declarator]int64
	nonzero map[*cc.Declarator]bool // tracked variables known to be non-zero (non-NULL)
	conds   map[int]bool            // stable conditions (engine.condKey ids) decided on this path
	results map[*cc.PostfixExpression]result
	ignored *cc.PostfixExpression // the call whose result the current statement discards
}

type result struct {
	v  int64
	nz bool // only known to be non-zero
}

func (p *Path) clone() *Path {
	return &Path{Func: p.Func, Block: p.Block, Unsure: p.Unsure, vars: maps.Clone(p.vars), nonzero: maps.Clone(p.nonzero), conds: maps.Clone(p.conds), results: maps.Clone(p.results), ignored: p.ignored}
}

func (p *Path) key() string {
	parts := make([]string, 0, len(p.vars)+len(p.nonzero)+len(p.conds)+1)
	for d, v := range p.vars {
		parts = append(parts, "v"+declID(d)+"="+strconv.FormatInt(v, 10))
	}
	for d := range p.nonzero {
		parts = append(parts, "v"+declID(d)+"!=0")
	}
	for c, v := range p.conds {
		parts = append(parts, "c"+strconv.Itoa(c)+"="+strconv.FormatBool(v))
	}
	sort.Strings(parts)
	if p.Unsure {
		parts = append(parts, "unsure")
	}
	return strings.Join(parts, ";")
}

// declID names a declarator by its address (as %p would, without fmt's
// cost: keys are built for every explored state).
func declID(d *cc.Declarator) string {
	return "0x" + strconv.FormatUint(uint64(reflect.ValueOf(d).Pointer()), 16)
}

// Ignored reports whether call is the whole of its statement (an expression
// statement or a return), so its result is not tested.
func (p *Path) Ignored(call *cc.PostfixExpression) bool { return p.ignored == call }

// Value returns the known integer value of a tracked variable.
func (p *Path) Value(d *cc.Declarator) (int64, bool) {
	v, ok := p.vars[d]
	return v, ok
}

// Options bound an exploration.
type Options struct {
	MaxStates int // states explored per function; 0 means 20000
	// Params binds parameters (by index) to known integer values, for
	// summaries of a helper called with constant arguments.
	Params map[int]int64
}

// Result reports how an exploration went.
type Result struct {
	Complete bool // false when the budget ran out: the rule should stay silent
	States   int
}

type item[S any] struct {
	block *cfg.Block
	st    S
	path  *Path
}

// Run explores f's paths from its entry with the initial state init.
func Run[S any](f *cparse.Func, dom Domain[S], init S, opts Options) Result {
	max := opts.MaxStates
	if max <= 0 {
		max = 20000
	}
	g := f.CFG()
	if len(g.Blocks) == 0 {
		return Result{Complete: true}
	}
	fx := f.Memo(factsKey{}, func() any { return newFuncFacts(f, g) }).(*funcFacts)
	e := &engine[S]{f: f, dom: dom, tracked: fx.tracked, addrCalls: fx.addrCalls, live: fx.live}
	seen := map[string]bool{}
	start := &Path{Func: f, vars: map[*cc.Declarator]int64{}, nonzero: map[*cc.Declarator]bool{}, conds: map[int]bool{}, results: map[*cc.PostfixExpression]result{}}
	for i, d := range params(f) {
		if v, ok := opts.Params[i]; ok && e.tracked[d] {
			start.vars[d] = v
		}
	}
	work := []item[S]{{block: g.Blocks[0], st: init, path: start}}
	states := 0
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		it.path = e.prune(it.path, it.block)
		k := strconv.Itoa(int(it.block.Index)) + "|" + dom.Key(it.st) + "|" + it.path.key()
		if seen[k] {
			continue
		}
		seen[k] = true
		states++
		if states > max {
			return Result{Complete: false, States: states}
		}
		for _, nx := range e.block(it) {
			work = append(work, nx)
		}
	}
	return Result{Complete: true, States: states}
}

// funcFacts is what the engine derives from a function alone, the same for
// every rule that explores it (computed once per function: Func.Memo).
type funcFacts struct {
	tracked   map[*cc.Declarator]bool // read-only once built
	addrCalls map[*cc.Declarator]bool
	live      *liveness
}

type factsKey struct{}

func newFuncFacts(f *cparse.Func, g *cfg.CFG) *funcFacts {
	fx := &funcFacts{tracked: trackedVars(f), addrCalls: addrOnlyInCalls(f), live: newLiveness(g)}
	// Locals whose address only ever goes straight into calls (`f(&err)`)
	// are tracked too: only those calls can change them, and such a call
	// forgets what was known.
	for d := range fx.addrCalls {
		if scalar(d) {
			fx.tracked[d] = true
		}
	}
	return fx
}

type engine[S any] struct {
	f         *cparse.Func
	dom       Domain[S]
	tracked   map[*cc.Declarator]bool
	condIDs   map[string]int                      // stable condition keys, numbered
	condVars  [][]*cc.Declarator                  // by condition id: the variables it reads
	condKeys  map[cc.ExpressionNode]condKeyResult // condKey per condition: it only depends on the function
	addrCalls map[*cc.Declarator]bool
	live      *liveness
	stmtExpr  int // depth of GNU statement expressions being run
}

type ps[S any] struct {
	st   S
	path *Path
}

// block runs one block's nodes and returns the successor work items.
func (e *engine[S]) block(it item[S]) []item[S] {
	b := it.block
	it.path.Block = b
	it.path.results = map[*cc.PostfixExpression]result{} // results are read in the block that computes them
	cur := []ps[S]{{it.st, it.path}}
	for i, n := range b.Nodes {
		if b.Cond != nil && i == len(b.Nodes)-1 {
			break // the condition is evaluated with the branch below
		}
		if b.Switch != nil && i == len(b.Nodes)-1 {
			break
		}
		var next []ps[S]
		for _, s := range cur {
			next = append(next, e.node(s, n)...)
		}
		cur = next
	}
	var out []item[S]
	switch {
	case b.Return != nil:
		for _, s := range cur {
			var v *int64
			if b.Return.ExpressionList != nil {
				if x, ok := e.eval(s.path, b.Return.ExpressionList); ok {
					v = &x
				}
			}
			e.dom.Exit(s.st, b.Return, v, s.path)
		}
	case b.FallsOff():
		for _, s := range cur {
			e.dom.Exit(s.st, nil, nil, s.path)
		}
	case b.NoReturn:
	case b.Cond != nil:
		for _, s := range cur {
			for _, r := range e.expr(s, b.Cond) {
				for i, truth := range []bool{true, false} {
					if t, ok := e.assume(r, b.Cond, truth); ok {
						out = append(out, item[S]{b.Succs[i], t.st, t.path})
					}
				}
			}
		}
	case b.Switch != nil:
		tag := b.Nodes[len(b.Nodes)-1].(cc.ExpressionNode)
		for _, s := range cur {
			for _, r := range e.expr(s, tag) {
				v, known := e.eval(r.path, tag)
				for _, succ := range b.Succs {
					if known && !caseMatches(succ, v, b) {
						continue
					}
					out = append(out, item[S]{succ, e.dom.Clone(r.st), r.path.clone()})
				}
			}
		}
	default:
		for _, s := range cur {
			for i, succ := range b.Succs {
				st, path := s.st, s.path
				if i > 0 {
					st, path = e.dom.Clone(st), path.clone()
				}
				out = append(out, item[S]{succ, st, path})
			}
		}
	}
	return out
}

// caseMatches reports whether control can reach succ from switch block b
// when the tag is v.
func caseMatches(succ *cfg.Block, v int64, b *cfg.Block) bool {
	if len(succ.Cases) == 0 { // the done block: taken when no case matches
		for _, s := range b.Succs {
			if caseListMatches(s, v) {
				return false
			}
		}
		return true
	}
	if caseListMatches(succ, v) {
		return true
	}
	for _, ls := range succ.Cases {
		if ls.Case == cc.LabeledStatementDefault {
			for _, s := range b.Succs {
				if s != succ && caseListMatches(s, v) {
					return false
				}
			}
			return true
		}
	}
	return false
}

func caseListMatches(b *cfg.Block, v int64) bool {
	for _, ls := range b.Cases {
		switch ls.Case {
		case cc.LabeledStatementCaseLabel:
			if x, ok := intValue(ls.ConstantExpression); ok && x == v {
				return true
			}
			if _, ok := intValue(ls.ConstantExpression); !ok {
				return true
			}
		case cc.LabeledStatementRange:
			lo, ok1 := intValue(ls.ConstantExpression)
			hi, ok2 := intValue(ls.ConstantExpression2)
			if !ok1 || !ok2 || v >= lo && v <= hi {
				return true
			}
		}
	}
	return false
}

func intValue(e cc.ExpressionNode) (int64, bool) {
	if e == nil {
		return 0, false
	}
	switch v := e.Value().(type) {
	case cc.Int64Value:
		return int64(v), true
	case cc.UInt64Value:
		return int64(v), true
	}
	return 0, false
}

// node runs one CFG node, then the rule's end-of-statement hook.
func (e *engine[S]) node(s ps[S], n cc.Node) []ps[S] {
	out := e.node1(s, n)
	if se, ok := e.dom.(StatementEnder[S]); ok {
		for i := range out {
			out[i].st = se.EndStatement(out[i].st, out[i].path)
		}
	}
	return out
}

func (e *engine[S]) node1(s ps[S], n cc.Node) []ps[S] {
	switch x := n.(type) {
	case *cc.ExpressionStatement:
		if x.ExpressionList == nil {
			return []ps[S]{s}
		}
		s.path.ignored = cparse.AsCall(x.ExpressionList)
		return e.expr(s, x.ExpressionList)
	case *cc.JumpStatement:
		if x.ExpressionList == nil {
			return []ps[S]{s}
		}
		s.path.ignored = cparse.AsCall(x.ExpressionList)
		return e.expr(s, x.ExpressionList)
	case *cc.Declaration:
		cur := []ps[S]{s}
		cparse.Inspect(x, func(m cc.Node) bool {
			id, ok := m.(*cc.InitDeclarator)
			if !ok {
				return true
			}
			if id.Case == cc.InitDeclaratorInit && id.Initializer != nil {
				var next []ps[S]
				for _, c := range cur {
					if id.Initializer.Case == cc.InitializerExpr {
						for _, r := range e.expr(c, id.Initializer.AssignmentExpression) {
							next = append(next, e.assign(r, id.Declarator, id.Declarator, id.Initializer.AssignmentExpression))
						}
					} else {
						// Brace initializers: run the calls in them, then
						// the variable holds something unknown.
						r := e.opaque(c, id.Initializer)
						for _, q := range r {
							next = append(next, e.assign(q, id.Declarator, id.Declarator, nil))
						}
					}
				}
				cur = next
			} else if id.Declarator != nil {
				var next []ps[S]
				for _, c := range cur {
					next = append(next, e.assign(c, id.Declarator, id.Declarator, nil))
				}
				cur = next
			}
			return false
		})
		return cur
	case cc.ExpressionNode:
		return e.expr(s, x)
	}
	return []ps[S]{s}
}

// opaque runs the calls inside n in evaluation order without modelling its
// control flow.
func (e *engine[S]) opaque(s ps[S], n cc.Node) []ps[S] {
	cur := []ps[S]{s}
	cparse.Inspect(n, func(m cc.Node) bool {
		if ex, ok := m.(cc.ExpressionNode); ok && m != n {
			var next []ps[S]
			for _, c := range cur {
				next = append(next, e.expr(c, ex)...)
			}
			cur = next
			return false
		}
		return true
	})
	return cur
}

// expr evaluates an expression for its effects, forking on ?:, && and ||.
func (e *engine[S]) expr(s ps[S], x cc.ExpressionNode) []ps[S] {
	if x == nil {
		return []ps[S]{s}
	}
	switch n := x.(type) {
	case *cc.PrimaryExpression:
		switch n.Case {
		case cc.PrimaryExpressionExpr:
			return e.expr(s, n.ExpressionList)
		case cc.PrimaryExpressionStmt:
			if out, ok := e.assertLike(s, n.CompoundStatement); ok {
				return out
			}
			// A GNU statement expression: its calls run in order; jumps
			// out of it are not modelled.
			hasJump := false
			cparse.Inspect(n.CompoundStatement, func(m cc.Node) bool {
				if _, ok := m.(*cc.JumpStatement); ok {
					hasJump = true
				}
				return true
			})
			if hasJump {
				s.path.Unsure = true
			}
			// Its control flow is not modelled, so a call that never
			// returns inside it (glibc's assert() is `({ if (e) ; else
			// __assert_fail(...); })`) must not end the path.
			e.stmtExpr++
			out := e.opaque(s, n.CompoundStatement)
			e.stmtExpr--
			return out
		}
		return []ps[S]{s}
	case *cc.ExpressionList:
		cur := []ps[S]{s}
		for l := n; l != nil; l = l.ExpressionList {
			var next []ps[S]
			for _, c := range cur {
				next = append(next, e.expr(c, l.AssignmentExpression)...)
			}
			cur = next
		}
		return cur
	case *cc.AssignmentExpression:
		if n.Case == cc.AssignmentExpressionCond {
			return e.expr(s, n.ConditionalExpression)
		}
		var out []ps[S]
		for _, r := range e.expr(s, n.AssignmentExpression) {
			for _, l := range e.lvalue(r, n.UnaryExpression) {
				d := cparse.Declarator(n.UnaryExpression)
				var rhs cc.ExpressionNode
				if n.Case == cc.AssignmentExpressionAssign {
					rhs = n.AssignmentExpression
				}
				out = append(out, e.assign(l, n.UnaryExpression, d, rhs))
			}
		}
		return out
	case *cc.ConditionalExpression:
		if n.Case != cc.ConditionalExpressionCond {
			return e.expr(s, n.LogicalOrExpression)
		}
		var out []ps[S]
		for _, r := range e.expr(s, n.LogicalOrExpression) {
			if t, ok := e.assume(r, n.LogicalOrExpression, true); ok {
				if n.ExpressionList != nil {
					out = append(out, e.expr(t, n.ExpressionList)...)
				} else {
					out = append(out, t)
				}
			}
			if f, ok := e.assume(r, n.LogicalOrExpression, false); ok {
				out = append(out, e.expr(f, n.ConditionalExpression)...)
			}
		}
		return out
	case *cc.LogicalOrExpression:
		if n.Case != cc.LogicalOrExpressionLOr {
			break
		}
		var out []ps[S]
		for _, r := range e.expr(s, n.LogicalOrExpression) {
			if t, ok := e.assume(r, n.LogicalOrExpression, true); ok {
				out = append(out, t)
			}
			if f, ok := e.assume(r, n.LogicalOrExpression, false); ok {
				out = append(out, e.expr(f, n.LogicalAndExpression)...)
			}
		}
		return out
	case *cc.LogicalAndExpression:
		if n.Case != cc.LogicalAndExpressionLAnd {
			break
		}
		var out []ps[S]
		for _, r := range e.expr(s, n.LogicalAndExpression) {
			if f, ok := e.assume(r, n.LogicalAndExpression, false); ok {
				out = append(out, f)
			}
			if t, ok := e.assume(r, n.LogicalAndExpression, true); ok {
				out = append(out, e.expr(t, n.InclusiveOrExpression)...)
			}
		}
		return out
	case *cc.PostfixExpression:
		switch n.Case {
		case cc.PostfixExpressionCall:
			cur := []ps[S]{s}
			if cparse.CalleeIdent(n) == nil {
				cur = e.expr(s, n.PostfixExpression)
			}
			for _, a := range cparse.Args(n) {
				var next []ps[S]
				for _, c := range cur {
					next = append(next, e.expr(c, a)...)
				}
				cur = next
			}
			if !MayReturn(n) && e.stmtExpr == 0 {
				return nil // the path ends here
			}
			for _, a := range cparse.Args(n) {
				if d := addrOf(a); d != nil {
					for _, c := range cur {
						e.forget(c.path, d)
						delete(c.path.vars, d)
						delete(c.path.nonzero, d)
					}
				}
			}
			var out []ps[S]
			for _, c := range cur {
				for _, o := range e.dom.Call(c.st, n, c.path) {
					p := c.path.clone()
					if o.Ret != nil {
						p.results[n] = result{v: *o.Ret}
					} else if o.RetNonZero {
						p.results[n] = result{nz: true}
					}
					out = append(out, ps[S]{o.State, p})
				}
			}
			return out
		case cc.PostfixExpressionInc, cc.PostfixExpressionDec:
			var out []ps[S]
			for _, r := range e.lvalue(s, n.PostfixExpression) {
				out = append(out, e.assign(r, n.PostfixExpression, cparse.Declarator(n.PostfixExpression), nil))
			}
			return out
		}
	case *cc.UnaryExpression:
		switch n.Case {
		case cc.UnaryExpressionSizeofExpr, cc.UnaryExpressionSizeofType, cc.UnaryExpressionAlignofExpr, cc.UnaryExpressionAlignofType:
			return []ps[S]{s} // not evaluated
		case cc.UnaryExpressionInc, cc.UnaryExpressionDec:
			var out []ps[S]
			for _, r := range e.lvalue(s, n.UnaryExpression) {
				out = append(out, e.assign(r, n.UnaryExpression, cparse.Declarator(n.UnaryExpression), nil))
			}
			return out
		}
	}
	// Any other expression: its operands in source order.
	cur := []ps[S]{s}
	cparse.Inspect(x, func(m cc.Node) bool {
		if m == x {
			return true
		}
		if sub, ok := m.(cc.ExpressionNode); ok {
			var next []ps[S]
			for _, c := range cur {
				next = append(next, e.expr(c, sub)...)
			}
			cur = next
			return false
		}
		return true
	})
	return cur
}

// assertLike models the statement expression of glibc's assert(),
// `({ if (c) ; else __assert_fail(...); })`: a single if/else one branch of
// which never returns continues only through the other branch.
func (e *engine[S]) assertLike(s ps[S], body *cc.CompoundStatement) ([]ps[S], bool) {
	if body == nil || body.BlockItemList == nil || body.BlockItemList.BlockItemList != nil {
		return nil, false
	}
	item := body.BlockItemList.BlockItem
	if item == nil || item.Statement == nil || item.Statement.Case != cc.StatementSelection {
		return nil, false
	}
	sel := item.Statement.SelectionStatement
	if sel.Case != cc.SelectionStatementIfElse {
		return nil, false
	}
	cond, ok := sel.ExpressionList.(cc.ExpressionNode)
	if !ok {
		return nil, false
	}
	var keep *cc.Statement
	truth := true
	switch {
	case noReturnStmt(sel.Statement2):
		keep = sel.Statement
	case noReturnStmt(sel.Statement):
		keep, truth = sel.Statement2, false
	default:
		return nil, false
	}
	var out []ps[S]
	for _, r := range e.expr(s, cond) {
		if t, ok := e.assume(r, cond, truth); ok {
			out = append(out, e.opaque(t, keep)...)
		}
	}
	return out, true
}

// noReturnStmt reports whether st is a call that never returns (possibly
// in braces).
func noReturnStmt(st *cc.Statement) bool {
	if st == nil {
		return false
	}
	switch st.Case {
	case cc.StatementExpr:
		if st.ExpressionStatement == nil || st.ExpressionStatement.ExpressionList == nil {
			return false
		}
		c := cparse.AsCall(st.ExpressionStatement.ExpressionList)
		return c != nil && !MayReturn(c)
	case cc.StatementCompound:
		cs := st.CompoundStatement
		if cs.BlockItemList != nil && cs.BlockItemList.BlockItemList == nil && cs.BlockItemList.BlockItem != nil {
			return noReturnStmt(cs.BlockItemList.BlockItem.Statement)
		}
	}
	return false
}

// lvalue evaluates the parts of an assignment target that are computed
// (a[i()] = ...): everything but the variable itself.
func (e *engine[S]) lvalue(s ps[S], lhs cc.ExpressionNode) []ps[S] {
	if cparse.Ident(lhs) != nil {
		return []ps[S]{s}
	}
	return e.expr(s, lhs)
}

func (e *engine[S]) assign(s ps[S], lhs cc.Node, d *cc.Declarator, rhs cc.ExpressionNode) ps[S] {
	st := e.dom.Assign(s.st, lhs, d, rhs, s.path)
	if d != nil {
		e.forget(s.path, d)
	}
	if d != nil && e.tracked[d] {
		delete(s.path.vars, d)
		delete(s.path.nonzero, d)
		if rhs != nil {
			if v, ok := e.eval(s.path, rhs); ok {
				s.path.vars[d] = v
			} else if s.path.NonZero(rhs) {
				s.path.nonzero[d] = true
			}
		}
	}
	return ps[S]{st, s.path}
}

// assume refines a path on a branch; ok == false when the branch is known
// not to be taken.
func (e *engine[S]) assume(s ps[S], cond cc.ExpressionNode, truth bool) (ps[S], bool) {
	if v, ok := e.eval(s.path, cond); ok && (v != 0) != truth {
		return s, false
	}
	if s.path.NonZero(cond) && !truth {
		return s, false
	}
	key, invert, stable := e.condKey(cond)
	if stable {
		if v, ok := s.path.conds[key]; ok && v != (truth != invert) {
			return s, false
		}
	}
	st, ok := e.dom.Assume(e.dom.Clone(s.st), cond, truth, s.path)
	if !ok {
		return s, false
	}
	p := s.path.clone()
	if stable {
		p.conds[key] = truth != invert
	}
	// `if (!x)`, `if (x == 0)`: a tracked variable tested against a
	// constant learns its value on the equal branch, and that it is not
	// zero on the other branch of a test against zero.
	if d, v, eq := compareConst(cond); d != nil && e.tracked[d] {
		if eq == truth {
			p.vars[d] = v
			delete(p.nonzero, d)
		} else if v == 0 {
			p.nonzero[d] = true
		}
	} else if d := cparse.Declarator(cparse.StripCasts(cond)); d != nil && e.tracked[d] {
		if truth {
			p.nonzero[d] = true
		} else {
			p.vars[d] = 0
		}
	}
	return ps[S]{st, p}, true
}

// compareConst recognises `x == C`, `x != C`, `!x`, `x` for a variable x:
// it returns x, C and whether the relation is equality (true) or
// inequality (false).
func compareConst(cond cc.ExpressionNode) (*cc.Declarator, int64, bool) {
	cond = cparse.StripCasts(cond)
	switch n := cond.(type) {
	case *cc.EqualityExpression:
		l, r := n.EqualityExpression, n.RelationalExpression
		d := cparse.Declarator(l)
		v, ok := intValue(cparse.StripCasts(r))
		if d == nil {
			d = cparse.Declarator(r)
			v, ok = intValue(cparse.StripCasts(l))
		}
		if d == nil || !ok {
			return nil, 0, false
		}
		return d, v, n.Case == cc.EqualityExpressionEq
	case *cc.UnaryExpression:
		if n.Case == cc.UnaryExpressionNot {
			if d := cparse.Declarator(n.CastExpression); d != nil {
				return d, 0, true
			}
		}
	}
	return nil, 0, false
}

// Eval evaluates an integer expression on a path when its value is known.
func (p *Path) Eval(x cc.ExpressionNode) (int64, bool) {
	e := &engine[struct{}]{}
	return e.eval(p, x)
}

// eval evaluates an integer expression on a path when its value is known.
func (e *engine[S]) eval(p *Path, x cc.ExpressionNode) (int64, bool) {
	if x == nil {
		return 0, false
	}
	x = cparse.Unparen(x)
	if v, ok := intValue(x); ok {
		return v, true
	}
	switch n := x.(type) {
	case *cc.CastExpression:
		if n.Case == cc.CastExpressionCast {
			return e.eval(p, n.CastExpression)
		}
	case *cc.PrimaryExpression:
		if n.Case == cc.PrimaryExpressionIdent {
			if d, ok := n.ResolvedTo().(*cc.Declarator); ok {
				v, ok := p.vars[d]
				return v, ok
			}
		}
	case *cc.PostfixExpression:
		if n.Case == cc.PostfixExpressionCall {
			r, ok := p.results[n]
			return r.v, ok && !r.nz
		}
	case *cc.UnaryExpression:
		switch n.Case {
		case cc.UnaryExpressionNot:
			if v, ok := e.eval(p, n.CastExpression); ok {
				return b2i(v == 0), true
			}
			if p.NonZero(n.CastExpression) {
				return 0, true
			}
		case cc.UnaryExpressionMinus:
			if v, ok := e.eval(p, n.CastExpression); ok {
				return -v, true
			}
		}
	case *cc.EqualityExpression:
		a, ok1 := e.eval(p, n.EqualityExpression)
		b, ok2 := e.eval(p, n.RelationalExpression)
		if ok1 && ok2 {
			if n.Case == cc.EqualityExpressionEq {
				return b2i(a == b), true
			}
			return b2i(a != b), true
		}
		// x == 0 / x != 0 with x known non-zero.
		if ok2 && b == 0 && p.NonZero(n.EqualityExpression) || ok1 && a == 0 && p.NonZero(n.RelationalExpression) {
			return b2i(n.Case != cc.EqualityExpressionEq), true
		}
	case *cc.RelationalExpression:
		a, ok1 := e.eval(p, n.RelationalExpression)
		b, ok2 := e.eval(p, n.ShiftExpression)
		if ok1 && ok2 {
			switch n.Case {
			case cc.RelationalExpressionLt:
				return b2i(a < b), true
			case cc.RelationalExpressionGt:
				return b2i(a > b), true
			case cc.RelationalExpressionLeq:
				return b2i(a <= b), true
			case cc.RelationalExpressionGeq:
				return b2i(a >= b), true
			}
		}
	case *cc.LogicalAndExpression:
		a, ok1 := e.eval(p, n.LogicalAndExpression)
		if ok1 && a == 0 {
			return 0, true
		}
		b, ok2 := e.eval(p, n.InclusiveOrExpression)
		if ok1 && ok2 {
			return b2i(b != 0), true
		}
	case *cc.LogicalOrExpression:
		a, ok1 := e.eval(p, n.LogicalOrExpression)
		if ok1 && a != 0 {
			return 1, true
		}
		b, ok2 := e.eval(p, n.LogicalAndExpression)
		if ok1 && ok2 {
			return b2i(b != 0), true
		}
	}
	return 0, false
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// condKey returns a canonical key for a condition that means the same thing
// wherever it is tested until one of its variables is assigned: no calls,
// no side effects, no memory reads, and only parameters and locals whose
// address, if taken at all, is only ever passed straight to calls (such a
// variable can change only in those calls, see forgetArgs). `!c` and
// `a != b` share the key of `c` and `a == b` with invert set.
type condKeyResult struct {
	key        int
	invert, ok bool
}

func (e *engine[S]) condKey(cond cc.ExpressionNode) (key int, invert, ok bool) {
	if r, done := e.condKeys[cond]; done {
		return r.key, r.invert, r.ok
	}
	key, invert, ok = e.condKey1(cond)
	if e.condKeys == nil {
		e.condKeys = map[cc.ExpressionNode]condKeyResult{}
	}
	e.condKeys[cond] = condKeyResult{key, invert, ok}
	return key, invert, ok
}

func (e *engine[S]) condKey1(cond cc.ExpressionNode) (key int, invert, ok bool) {
	cond = cparse.Unparen(cond)
	for {
		if u, isU := cond.(*cc.UnaryExpression); isU && u.Case == cc.UnaryExpressionNot {
			invert = !invert
			cond = cparse.Unparen(u.CastExpression)
			continue
		}
		break
	}
	stable := true
	var decls []*cc.Declarator
	cparse.Inspect(cond, func(n cc.Node) bool {
		switch x := n.(type) {
		case *cc.PostfixExpression:
			if x.Case != cc.PostfixExpressionPrimary {
				stable = false
			}
		case *cc.AssignmentExpression:
			if x.Case != cc.AssignmentExpressionCond {
				stable = false
			}
		case *cc.UnaryExpression:
			if x.Case == cc.UnaryExpressionInc || x.Case == cc.UnaryExpressionDec || x.Case == cc.UnaryExpressionDeref {
				stable = false
			}
		case *cc.PrimaryExpression:
			if x.Case == cc.PrimaryExpressionStmt {
				stable = false
			}
			if x.Case == cc.PrimaryExpressionIdent {
				d, isDecl := x.ResolvedTo().(*cc.Declarator)
				if !isDecl {
					// An enumerator or other constant is fine.
					if _, isEnum := x.ResolvedTo().(*cc.Enumerator); !isEnum {
						stable = false
					}
					return stable
				}
				if d.StorageDuration() != cc.Automatic || d.AddressTaken() && !e.addrCalls[d] {
					stable = false
				}
				decls = append(decls, d)
			}
		}
		return stable
	})
	if !stable {
		return 0, false, false
	}
	var s string
	if eq, isEq := cond.(*cc.EqualityExpression); isEq {
		if eq.Case == cc.EqualityExpressionNeq {
			invert = !invert
		}
		s = src(eq.EqualityExpression) + " == " + src(eq.RelationalExpression)
	} else {
		s = src(cond)
	}
	if s == "" {
		return 0, false, false
	}
	// The same text can name other variables elsewhere in the function
	// (two loops that each declare `i`): the key names the declarators.
	for _, d := range decls {
		s += "|" + declID(d)
	}
	id, seen := e.condIDs[s]
	if !seen {
		if e.condIDs == nil {
			e.condIDs = map[string]int{}
		}
		id = len(e.condVars)
		e.condIDs[s] = id
		e.condVars = append(e.condVars, decls)
	}
	return id, invert, true
}

func src(n cc.Node) string { return strings.Join(strings.Fields(cc.NodeSource(n)), " ") }

// addrOnlyInCalls lists the address-taken locals whose address appears only
// as a direct argument of calls (`f(&err)`), never stored.
func addrOnlyInCalls(f *cparse.Func) map[*cc.Declarator]bool {
	ok := map[*cc.Declarator]bool{}
	bad := map[*cc.Declarator]bool{}
	cparse.Inspect(f.Body(), func(n cc.Node) bool {
		if call, isCall := n.(*cc.PostfixExpression); isCall && call.Case == cc.PostfixExpressionCall {
			for _, a := range cparse.Args(call) {
				if d := addrOf(a); d != nil {
					ok[d] = true
				}
			}
		}
		return true
	})
	// Every &x that is not a direct call argument makes x unstable.
	cparse.Inspect(f.Body(), func(n cc.Node) bool {
		if call, isCall := n.(*cc.PostfixExpression); isCall && call.Case == cc.PostfixExpressionCall {
			if cparse.CalleeIdent(call) == nil {
				cparse.Inspect(call.PostfixExpression, func(m cc.Node) bool { markAddr(m, bad); return true })
			}
			for _, a := range cparse.Args(call) {
				if addrOf(a) == nil {
					cparse.Inspect(a, func(m cc.Node) bool { markAddr(m, bad); return true })
				}
			}
			return false
		}
		markAddr(n, bad)
		return true
	})
	r := map[*cc.Declarator]bool{}
	for d := range ok {
		if !bad[d] {
			r[d] = true
		}
	}
	return r
}

func addrOf(a cc.ExpressionNode) *cc.Declarator {
	if u, ok := cparse.StripCasts(a).(*cc.UnaryExpression); ok && u.Case == cc.UnaryExpressionAddrof {
		return cparse.Declarator(u.CastExpression)
	}
	return nil
}

func markAddr(n cc.Node, bad map[*cc.Declarator]bool) {
	if u, ok := n.(*cc.UnaryExpression); ok && u.Case == cc.UnaryExpressionAddrof {
		if d := cparse.Declarator(u.CastExpression); d != nil {
			bad[d] = true
		}
	}
}

// forget drops the decided conditions that mention d (it was assigned).
func (e *engine[S]) forget(p *Path, d *cc.Declarator) {
	for k := range p.conds {
		for _, x := range e.condVars[k] {
			if x == d {
				delete(p.conds, k)
				break
			}
		}
	}
}

// trackedVars lists the function's local scalar variables whose address is
// never taken: their constant values are followed along paths.
func trackedVars(f *cparse.Func) map[*cc.Declarator]bool {
	r := map[*cc.Declarator]bool{}
	var decls []*cc.Declarator
	for _, d := range params(f) {
		if d != nil {
			decls = append(decls, d)
		}
	}
	cparse.Inspect(f.Body(), func(n cc.Node) bool {
		if d, ok := n.(*cc.Declarator); ok {
			decls = append(decls, d)
		}
		return true
	})
	for _, d := range decls {
		if d.AddressTaken() || d.IsStatic() || d.IsExtern() {
			continue
		}
		if scalar(d) {
			r[d] = true
		}
	}
	return r
}

func scalar(d *cc.Declarator) bool {
	if d.IsStatic() || d.IsExtern() || d.Type() == nil {
		return false
	}
	switch d.Type().Kind() {
	case cc.Bool, cc.Char, cc.SChar, cc.UChar, cc.Short, cc.UShort, cc.Int, cc.UInt, cc.Long, cc.ULong, cc.LongLong, cc.ULongLong, cc.Enum, cc.Ptr:
		return true
	}
	return false
}

// NonZero reports whether x is known to be non-zero (non-NULL) on this
// path: a tracked variable tested or assigned so, or a call result known so.
func (p *Path) NonZero(x cc.ExpressionNode) bool {
	x = cparse.StripCasts(x)
	if d := cparse.Declarator(x); d != nil {
		if p.nonzero[d] {
			return true
		}
		v, ok := p.vars[d]
		return ok && v != 0
	}
	if c, ok := x.(*cc.PostfixExpression); ok && c.Case == cc.PostfixExpressionCall {
		r, ok := p.results[c]
		return ok && (r.nz || r.v != 0)
	}
	if v, ok := intValue(x); ok {
		return v != 0
	}
	return false
}

// MayReturn is false for calls that never return: exit, abort, assertion
// failures (also inside expressions such as assert's ?:) and
// RedisModule_ExitFromChild.
func MayReturn(call *cc.PostfixExpression) bool {
	return cparse.MayReturn(call)
}

func params(f *cparse.Func) []*cc.Declarator {
	ft, ok := f.Decl.Type().(*cc.FunctionType)
	if !ok {
		return nil
	}
	var r []*cc.Declarator
	for _, p := range ft.Parameters() {
		r = append(r, p.Declarator)
	}
	return r
}

// Loops maps each block of g that lies on a cycle to the id of its
// strongly connected component (blocks of one loop share an id; nested
// loops share their outer loop's id). Blocks not on a cycle are absent.
func Loops(g *cfg.CFG) map[*cfg.Block]int {
	// Tarjan's algorithm.
	index := map[*cfg.Block]int{}
	low := map[*cfg.Block]int{}
	on := map[*cfg.Block]bool{}
	var stack []*cfg.Block
	r := map[*cfg.Block]int{}
	next, comp := 0, 0
	var visit func(b *cfg.Block)
	visit = func(b *cfg.Block) {
		index[b], low[b] = next, next
		next++
		stack = append(stack, b)
		on[b] = true
		for _, s := range b.Succs {
			if _, seen := index[s]; !seen {
				visit(s)
				low[b] = min(low[b], low[s])
			} else if on[s] {
				low[b] = min(low[b], index[s])
			}
		}
		if low[b] == index[b] {
			var members []*cfg.Block
			for {
				x := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				on[x] = false
				members = append(members, x)
				if x == b {
					break
				}
			}
			cyclic := len(members) > 1
			for _, s := range b.Succs {
				if s == b {
					cyclic = true
				}
			}
			if cyclic {
				for _, x := range members {
					r[x] = comp
				}
				comp++
			}
		}
	}
	for _, b := range g.Blocks {
		if _, seen := index[b]; !seen {
			visit(b)
		}
	}
	return r
}
