// Package nulterm defines the nulterm rule: a buffer the Redis module API
// returns as a pointer and a length, with no NUL terminator promised, that
// the module then uses as a NUL-terminated C string (strlen, strcmp, atoi,
// sscanf, printf's %s, RedisModule_ReplyWithSimpleString, ...).
package nulterm

import (
	"fmt"
	"go/token"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/checks/flow"
	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/redisapi"
	"github.com/rmlint/rmlint/reports"
)

// Analyzer is the nulterm rule.
var Analyzer = &analysis.Analyzer{
	Name:     "nulterm",
	Doc:      doc,
	URL:      "https://github.com/rmlint/rmlint/blob/main/docs/rules/nulterm.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

// Rule is nulterm's metadata.
var Rule = &inspect.Rule{Analyzer: Analyzer, Severity: reports.SeverityWarning, Tags: []string{"memory", "correctness"}, Precision: "high"}

func run(pass *analysis.Pass) (any, error) {
	m := inspect.Of(pass)
	a := &analyzer{m: m, summaries: map[*cparse.Func]*summary{}, origins: map[originKey]*origin{}}
	var found []finding
	for _, f := range m.Funcs() {
		if f.Def == nil || f.Body() == nil {
			continue
		}
		found = append(found, a.check(f)...)
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].d.Pos < found[j].d.Pos })
	seen := map[string]bool{}
	for _, x := range found {
		k := fmt.Sprintf("%d|%s", x.d.Pos, x.d.Message)
		if seen[k] {
			continue
		}
		seen[k] = true
		pass.Report(m.ForCommand(x.d, x.cmd))
	}
	return nil, nil
}

type analyzer struct {
	m         *inspect.Module
	summaries map[*cparse.Func]*summary
	origins   map[originKey]*origin
}

type finding struct {
	d   analysis.Diagnostic
	cmd *cparse.Command
}

// origin is where a non-terminated buffer comes from.
type origin struct {
	call *cc.PostfixExpression // the API call that returned it (nil for a parameter)
	api  *redisapi.Func
	in   *cparse.Func // the function holding call
	// via is the call of a module helper that returned the buffer to the
	// function being analysed (nil when call is in that function).
	via     *cc.PostfixExpression
	viaFunc *cparse.Func
	param   int // summary mode: the buffer is parameter param; -1 otherwise
}

type originKey struct {
	call  *cc.PostfixExpression
	via   *cc.PostfixExpression
	param int
}

// origin returns the canonical origin for these fields, so that states can
// be keyed by pointer.
func (a *analyzer) origin(o origin) *origin {
	k := originKey{o.call, o.via, o.param}
	if x := a.origins[k]; x != nil {
		return x
	}
	p := &o
	a.origins[k] = p
	return p
}

// taint is what a pointer value is known to hold.
type taint struct {
	o *origin
	// depth 0: a pointer into a non-terminated buffer; 1: a pointer to an
	// array of such pointers (RedisModule_GetClusterNodesList).
	depth int
}

type state struct {
	vars map[*cc.Declarator]taint
	// guarded (summary mode): the path tested an integer parameter against
	// a constant (`if (len == 0) len = strlen(s);`): the helper may use a
	// pointer as a C string only when its caller says so.
	guarded bool
}

func (s *state) clone() *state {
	c := &state{vars: make(map[*cc.Declarator]taint, len(s.vars)), guarded: s.guarded}
	for k, v := range s.vars {
		c.vars[k] = v
	}
	return c
}

// use is one place where a value is read as a NUL-terminated C string.
type use struct {
	call *cc.PostfixExpression // the consuming call
	arg  int                   // the argument index
	kind kind
	fn   string // the consumer's name (strlen, RedisModule_Log, a helper)
	// For helpers: what the helper does with the parameter.
	helper *cparse.Func
	inner  *paramUse
}

// paramUse is a helper's summary for one parameter: where it ends up read
// as a C string.
type paramUse struct {
	name  string       // the parameter's name
	chain []string     // helpers it is passed on to, in order, before the read
	at    cc.Node      // the final consuming argument
	in    *cparse.Func // the function holding it
	fn    string       // the final consumer
	kind  kind         // the final consumer's kind
	pos   token.Pos    // for choosing the first use deterministically
}

// summary is what a module function does with its pointer parameters and
// what it returns.
type summary struct {
	busy bool
	uses map[int]*paramUse // parameter index -> how it is read as a C string
	// ret: every non-NULL return yields a non-terminated buffer of this
	// origin (an API call in the helper, or one of its parameters).
	ret      *origin
	retDepth int
}

// dom is the flow domain: which local pointers hold non-terminated buffers.
type dom struct {
	a      *analyzer
	f      *cparse.Func
	locals map[*cc.Declarator]bool
	params []*cc.Declarator
	sum    *summary // non-nil in summary mode

	hits []hit // check mode: findings before reporting
	// summary mode: returns.
	retTaints []taint
	retClean  bool
}

type hit struct {
	u use
	t taint
	n cc.ExpressionNode // the argument
}

func (d *dom) Key(st *state) string {
	parts := make([]string, 0, len(st.vars)+1)
	for k, v := range st.vars {
		parts = append(parts, fmt.Sprintf("%p=%p/%d", k, v.o, v.depth))
	}
	sort.Strings(parts)
	if st.guarded {
		parts = append(parts, "g")
	}
	return strings.Join(parts, ";")
}

func (d *dom) Clone(st *state) *state { return st.clone() }

func (d *dom) Assign(st *state, lhs cc.Node, lhsDecl *cc.Declarator, rhs cc.ExpressionNode, p *flow.Path) *state {
	if lhsDecl != nil {
		if !d.locals[lhsDecl] {
			return st
		}
		if rhs == nil {
			if lhs == cc.Node(lhsDecl) { // a declaration without initializer
				if _, ok := st.vars[lhsDecl]; ok {
					st = st.clone()
					delete(st.vars, lhsDecl)
				}
			}
			// s++, s += n: the pointer still points into the buffer.
			return st
		}
		t, ok := d.taintOf(st, rhs)
		old, had := st.vars[lhsDecl]
		if ok == had && (!ok || old == t) {
			return st
		}
		st = st.clone()
		if ok {
			st.vars[lhsDecl] = t
		} else {
			delete(st.vars, lhsDecl)
		}
		return st
	}
	// s[len] = '\0' or *(s + len) = 0: the module terminates the buffer
	// itself (whether it may write there is another question).
	if rhs == nil || !isZero(rhs) {
		return st
	}
	var base cc.ExpressionNode
	switch x := cparse.Unparen(asExpr(lhs)).(type) {
	case *cc.PostfixExpression:
		if x.Case == cc.PostfixExpressionIndex {
			base = x.PostfixExpression
		}
	case *cc.UnaryExpression:
		if x.Case == cc.UnaryExpressionDeref {
			base = x.CastExpression
			if add, ok := cparse.Unparen(base).(*cc.AdditiveExpression); ok && add.Case == cc.AdditiveExpressionAdd {
				base = add.AdditiveExpression
			}
		}
	}
	if base == nil {
		return st
	}
	if bd := cparse.Declarator(base); bd != nil {
		if t, ok := st.vars[bd]; ok && t.depth == 0 {
			st = st.clone()
			delete(st.vars, bd)
		}
	}
	return st
}

func asExpr(n cc.Node) cc.ExpressionNode {
	if e, ok := n.(cc.ExpressionNode); ok {
		return e
	}
	return nil
}

func isZero(e cc.ExpressionNode) bool {
	switch v := cparse.StripCasts(e).Value().(type) {
	case cc.Int64Value:
		return v == 0
	case cc.UInt64Value:
		return v == 0
	}
	return false
}

func (d *dom) Assume(st *state, cond cc.ExpressionNode, truth bool, p *flow.Path) (*state, bool) {
	if d.sum == nil || st.guarded || !d.testsIntParam(cond) {
		return st, true
	}
	st = st.clone()
	st.guarded = true
	return st, true
}

// testsIntParam reports whether cond compares an integer parameter with a
// constant (`len == 0`, `len < 0`, `!len`, `len`).
func (d *dom) testsIntParam(cond cc.ExpressionNode) bool {
	isParam := func(e cc.ExpressionNode) bool {
		decl := cparse.Declarator(e)
		if decl == nil || !decl.IsParam() || decl.Type() == nil {
			return false
		}
		return isInteger(decl.Type())
	}
	isConst := func(e cc.ExpressionNode) bool {
		switch cparse.StripCasts(e).Value().(type) {
		case cc.Int64Value, cc.UInt64Value:
			return true
		}
		return false
	}
	switch x := cparse.StripCasts(cond).(type) {
	case *cc.EqualityExpression:
		return isParam(x.EqualityExpression) && isConst(x.RelationalExpression) || isConst(x.EqualityExpression) && isParam(x.RelationalExpression)
	case *cc.RelationalExpression:
		return isParam(x.RelationalExpression) && isConst(x.ShiftExpression) || isConst(x.RelationalExpression) && isParam(x.ShiftExpression)
	case *cc.UnaryExpression:
		return x.Case == cc.UnaryExpressionNot && isParam(x.CastExpression)
	}
	return isParam(cond)
}

func isInteger(t cc.Type) bool {
	switch t.Kind() {
	case cc.Bool, cc.Char, cc.SChar, cc.UChar, cc.Short, cc.UShort, cc.Int, cc.UInt, cc.Long, cc.ULong, cc.LongLong, cc.ULongLong, cc.Enum:
		return true
	}
	return false
}

func (d *dom) Exit(st *state, ret *cc.JumpStatement, value *int64, p *flow.Path) {
	if d.sum == nil || ret == nil || ret.ExpressionList == nil {
		return
	}
	e := ret.ExpressionList
	if t, ok := d.taintOf(st, e); ok {
		d.retTaints = append(d.retTaints, t)
		return
	}
	if !cparse.IsNullConstant(e) {
		d.retClean = true
	}
}

func (d *dom) Call(st *state, call *cc.PostfixExpression, p *flow.Path) []flow.Outcome[*state] {
	args := cparse.Args(call)
	for _, u := range d.a.consumers(d.f, call, args) {
		if u.arg >= len(args) {
			continue
		}
		t, ok := d.taintOf(st, args[u.arg])
		if !ok || t.depth != 0 {
			continue
		}
		d.record(st, hit{u: u, t: t, n: args[u.arg]})
	}
	// A pointer whose address is passed to a call may be changed by it.
	for _, arg := range args {
		if u, ok := cparse.StripCasts(arg).(*cc.UnaryExpression); ok && u.Case == cc.UnaryExpressionAddrof {
			if decl := cparse.Declarator(u.CastExpression); decl != nil {
				if _, tainted := st.vars[decl]; tainted {
					st = st.clone()
					delete(st.vars, decl)
				}
			}
		}
	}
	return []flow.Outcome[*state]{{State: st}}
}

func (d *dom) record(st *state, h hit) {
	if d.sum == nil {
		if h.t.o.param < 0 {
			d.hits = append(d.hits, h)
		}
		return
	}
	if h.t.o.param < 0 || st.guarded {
		return // reported when the function itself is checked
	}
	pu := &paramUse{name: d.paramName(h.t.o.param), at: h.n, in: d.f, fn: h.u.fn, kind: h.u.kind, pos: d.a.m.Files.Pos(h.n)}
	if h.u.inner != nil {
		pu.chain = append([]string{h.u.helper.Name}, h.u.inner.chain...)
		pu.at, pu.in, pu.fn, pu.kind, pu.pos = h.u.inner.at, h.u.inner.in, h.u.inner.fn, h.u.inner.kind, h.u.inner.pos
	}
	if old := d.sum.uses[h.t.o.param]; old == nil || pu.pos < old.pos {
		d.sum.uses[h.t.o.param] = pu
	}
}

func (d *dom) paramName(i int) string {
	if i >= 0 && i < len(d.params) && d.params[i] != nil {
		return d.params[i].Name()
	}
	return fmt.Sprintf("#%d", i+1)
}

// taintOf says whether e evaluates to a pointer to a non-terminated buffer.
func (d *dom) taintOf(st *state, e cc.ExpressionNode) (taint, bool) {
	e = cparse.StripCasts(e)
	switch x := e.(type) {
	case *cc.PrimaryExpression:
		switch x.Case {
		case cc.PrimaryExpressionIdent:
			if decl := cparse.Declarator(x); decl != nil {
				t, ok := st.vars[decl]
				return t, ok
			}
		case cc.PrimaryExpressionExpr:
			return d.taintOf(st, x.ExpressionList)
		}
	case *cc.ExpressionList:
		last := x
		for last.ExpressionList != nil {
			last = last.ExpressionList
		}
		return d.taintOf(st, last.AssignmentExpression)
	case *cc.AssignmentExpression:
		switch x.Case {
		case cc.AssignmentExpressionCond:
			return d.taintOf(st, x.ConditionalExpression)
		case cc.AssignmentExpressionAssign:
			return d.taintOf(st, x.AssignmentExpression)
		}
	case *cc.ConditionalExpression:
		if x.Case != cc.ConditionalExpressionCond {
			return d.taintOf(st, x.LogicalOrExpression)
		}
		if x.ExpressionList != nil {
			if t, ok := d.taintOf(st, x.ExpressionList); ok {
				return t, true
			}
		} else if t, ok := d.taintOf(st, x.LogicalOrExpression); ok { // GNU a ?: b
			return t, true
		}
		return d.taintOf(st, x.ConditionalExpression)
	case *cc.AdditiveExpression:
		if x.Case != cc.AdditiveExpressionAdd && x.Case != cc.AdditiveExpressionSub {
			break
		}
		if !isPointer(x.Type()) {
			break
		}
		if t, ok := d.taintOf(st, x.AdditiveExpression); ok && t.depth == 0 && isIntegerExpr(x.MultiplicativeExpression) {
			return t, true
		}
		if x.Case == cc.AdditiveExpressionAdd && isIntegerExpr(x.AdditiveExpression) {
			if t, ok := d.taintOf(st, x.MultiplicativeExpression); ok && t.depth == 0 {
				return t, true
			}
		}
	case *cc.PostfixExpression:
		switch x.Case {
		case cc.PostfixExpressionIndex:
			if t, ok := d.taintOf(st, x.PostfixExpression); ok && t.depth == 1 {
				return taint{o: t.o, depth: 0}, true
			}
		case cc.PostfixExpressionCall:
			return d.callTaint(st, x)
		}
	case *cc.UnaryExpression:
		switch x.Case {
		case cc.UnaryExpressionDeref:
			if t, ok := d.taintOf(st, x.CastExpression); ok && t.depth == 1 {
				return taint{o: t.o, depth: 0}, true
			}
		case cc.UnaryExpressionAddrof:
			// &s[i]
			if ix, ok := cparse.Unparen(x.CastExpression).(*cc.PostfixExpression); ok && ix.Case == cc.PostfixExpressionIndex {
				if t, ok := d.taintOf(st, ix.PostfixExpression); ok && t.depth == 0 {
					return t, true
				}
			}
		}
	}
	return taint{}, false
}

func isPointer(t cc.Type) bool { return t != nil && t.Kind() == cc.Ptr }

func isIntegerExpr(e cc.ExpressionNode) bool {
	t := e.Type()
	return t != nil && isInteger(t)
}

// callTaint: the result of an API function that returns a non-terminated
// buffer, or of a module helper that returns one.
func (d *dom) callTaint(st *state, call *cc.PostfixExpression) (taint, bool) {
	name := cparse.CalleeName(call)
	if g := d.a.m.Callee(d.f.Unit, call); g != nil {
		s := d.a.summarize(g)
		if s.ret == nil {
			return taint{}, false
		}
		if s.ret.param >= 0 {
			args := cparse.Args(call)
			if s.ret.param < len(args) {
				if t, ok := d.taintOf(st, args[s.ret.param]); ok && t.depth == s.retDepth {
					return t, true
				}
			}
			return taint{}, false
		}
		o := d.a.origin(origin{call: s.ret.call, api: s.ret.api, in: s.ret.in, via: call, viaFunc: g, param: -1})
		return taint{o: o, depth: s.retDepth}, true
	}
	api, depth := source(name)
	if api == nil {
		return taint{}, false
	}
	o := d.a.origin(origin{call: call, api: api, in: d.f, param: -1})
	return taint{o: o, depth: depth}, true
}

// source returns the table entry of an API function whose result is a
// buffer with no NUL terminator promised, and the result's depth (1 for an
// array of such buffers).
func source(name string) (*redisapi.Func, int) {
	if !strings.HasPrefix(name, redisapi.Prefix) {
		return nil, 0
	}
	api := redisapi.Lookup(name)
	if api == nil || !api.NotNulTerminated {
		return nil, 0
	}
	depth := strings.Count(api.Result, "*") - 1
	if depth < 0 {
		return nil, 0
	}
	if depth > 1 {
		depth = 1
	}
	return api, depth
}

// check analyses one function and returns its findings.
func (a *analyzer) check(f *cparse.Func) []finding {
	d := newDom(a, f, nil)
	if !d.mentionsSource() {
		return nil
	}
	// Every finding comes from an explored path, so the findings stand even
	// if the budget runs out before every path was explored.
	flow.Run[*state](f, d, &state{vars: map[*cc.Declarator]taint{}}, flow.Options{})
	// Several paths can reach one consumer: keep one finding per argument,
	// from the first producing call.
	best := map[string]hit{}
	var keys []string
	for _, h := range d.hits {
		k := fmt.Sprintf("%p|%d", h.u.call, h.u.arg)
		old, ok := best[k]
		if !ok {
			keys = append(keys, k)
			best[k] = h
			continue
		}
		if a.m.Files.Pos(sourceNode(h.t.o)) < a.m.Files.Pos(sourceNode(old.t.o)) {
			best[k] = h
		}
	}
	var cmd *cparse.Command
	if cs := a.m.CommandOf(f); len(cs) > 0 {
		cmd = cs[0]
	}
	var out []finding
	for _, k := range keys {
		out = append(out, finding{d: a.diagnostic(cmd, best[k]), cmd: cmd})
	}
	return out
}

func sourceNode(o *origin) cc.Node {
	if o.via != nil {
		return o.via
	}
	return o.call
}

// mentionsSource reports whether f calls an API source or a module
// function (which may return one); other functions need no exploration.
func (d *dom) mentionsSource() bool {
	found := false
	cparse.Inspect(d.f.Body(), func(n cc.Node) bool {
		if found {
			return false
		}
		call, ok := n.(*cc.PostfixExpression)
		if !ok || call.Case != cc.PostfixExpressionCall {
			return true
		}
		if api, _ := source(cparse.CalleeName(call)); api != nil {
			found = true
		} else if g := d.a.m.Callee(d.f.Unit, call); g != nil && d.a.summarize(g).ret != nil {
			found = true
		}
		return true
	})
	return found
}

func newDom(a *analyzer, f *cparse.Func, sum *summary) *dom {
	d := &dom{a: a, f: f, locals: map[*cc.Declarator]bool{}, sum: sum}
	if ft, ok := f.Decl.Type().(*cc.FunctionType); ok {
		for _, p := range ft.Parameters() {
			d.params = append(d.params, p.Declarator)
			if p.Declarator != nil && trackable(p.Declarator) {
				d.locals[p.Declarator] = true
			}
		}
	}
	cparse.Inspect(f.Body(), func(n cc.Node) bool {
		if decl, ok := n.(*cc.Declarator); ok && !decl.IsStatic() && !decl.IsExtern() && trackable(decl) {
			d.locals[decl] = true
		}
		return true
	})
	return d
}

// trackable: a pointer variable whose address is never taken (so only
// assignments the engine sees can change it).
func trackable(d *cc.Declarator) bool {
	return !d.AddressTaken() && !d.IsTypename() && d.Type() != nil && d.Type().Kind() == cc.Ptr
}

// summarize computes (once) what a module function does with its pointer
// parameters and what it returns.
func (a *analyzer) summarize(g *cparse.Func) *summary {
	if s, ok := a.summaries[g]; ok {
		if s.busy {
			return &summary{uses: map[int]*paramUse{}} // recursion: nothing known
		}
		return s
	}
	s := &summary{busy: true, uses: map[int]*paramUse{}}
	a.summaries[g] = s
	defer func() { s.busy = false }()
	if g.Def == nil || g.Body() == nil {
		return s
	}
	d := newDom(a, g, s)
	init := &state{vars: map[*cc.Declarator]taint{}}
	for i, p := range d.params {
		if p != nil && d.locals[p] && pointsToBytes(p.Type()) {
			init.vars[p] = taint{o: a.origin(origin{param: i}), depth: 0}
		}
	}
	res := flow.Run[*state](g, d, init, flow.Options{MaxStates: 5000})
	if !res.Complete {
		s.uses = map[int]*paramUse{}
		return s
	}
	// The result is a non-terminated buffer when every non-NULL return
	// says so, all from one origin.
	if !d.retClean && len(d.retTaints) > 0 {
		first := d.retTaints[0]
		same := true
		for _, t := range d.retTaints[1:] {
			if t != first {
				same = false
			}
		}
		if same {
			s.ret, s.retDepth = first.o, first.depth
		}
	}
	return s
}

// pointsToBytes: char *, unsigned char *, void * (const or not).
func pointsToBytes(t cc.Type) bool {
	pt, ok := t.(*cc.PointerType)
	if !ok || pt.Elem() == nil {
		return false
	}
	switch pt.Elem().Kind() {
	case cc.Char, cc.SChar, cc.UChar, cc.Void:
		return true
	}
	return false
}

// diagnostic builds the finding for one consumer.
func (a *analyzer) diagnostic(cmd *cparse.Command, h hit) analysis.Diagnostic {
	o := h.t.o
	ln := lengthOf(o)
	ptr := "ptr"
	if src := cc.NodeSource(h.n); len(src) <= 30 && !hasCall(h.n) {
		ptr = src
	}
	// from says where the buffer comes from and why it is not a C string.
	what := describe(h.n, o)
	direct := cparse.AsCall(h.n) != nil && (cparse.AsCall(h.n) == o.call && o.via == nil || cparse.AsCall(h.n) == o.via)
	kindOf := "a pointer and a length with no NUL terminator promised"
	if ln.fixed {
		kindOf = "a buffer with no NUL terminator"
		if o.api.Note != "" {
			kindOf += " (" + o.api.Note + ")"
		}
	}
	var from string
	switch {
	case o.via != nil && direct:
		from = fmt.Sprintf("%s() returns the buffer of %s: %s", o.viaFunc.Name, o.api.CName(), kindOf)
	case o.via != nil:
		from = fmt.Sprintf("it comes from %s(), which returns the buffer of %s: %s", o.viaFunc.Name, o.api.CName(), kindOf)
	case direct:
		from = "it is " + kindOf
	default:
		from = fmt.Sprintf("it comes from %s, which returns %s", o.api.CName(), kindOf)
	}
	var msg string
	if h.u.helper != nil {
		pu := h.u.inner
		how := fmt.Sprintf("%s(), which reads its parameter %s as a C string with %s()", h.u.helper.Name, pu.name, pu.fn)
		if len(pu.chain) > 0 {
			how = fmt.Sprintf("%s(), which passes its parameter %s on to %s(), where %s() reads it as a C string", h.u.helper.Name, pu.name, strings.Join(pu.chain, "() and then "), pu.fn)
		}
		msg = fmt.Sprintf("%s is passed to %s, but %s: pass the length along and there %s; or pass a NUL-terminated copy",
			what, how, from, fixFor(pu.kind, pu.fn, pu.name, length{name: "len", requested: true}))
	} else {
		msg = fmt.Sprintf("%s, but %s: %s", reader(h.u, what), from, fixFor(h.u.kind, h.u.fn, ptr, ln))
	}
	if !ln.fixed && !ln.requested {
		msg += fmt.Sprintf(" (pass a size_t * instead of NULL to %s to get the length)", o.api.CName())
	}
	if cmd != nil {
		msg = inspect.Label(cmd) + ": " + msg
	}
	dg := a.m.Diagnostic(h.n, "%s", msg)
	if o.via != nil {
		dg.Related = append(dg.Related, a.m.Related(o.via, "%s() returns the buffer here", o.viaFunc.Name))
	}
	dg.Related = append(dg.Related, a.m.Related(o.call, "%s returns the buffer here; it is not NUL-terminated", o.api.CName()))
	if h.u.helper != nil {
		pu := h.u.inner
		dg.Related = append(dg.Related, a.m.Related(pu.at, "%s reads it as a C string here, in %s()", pu.fn, pu.in.Name))
	}
	return dg
}

// describe names the value for a message.
func describe(n cc.ExpressionNode, o *origin) string {
	src := cc.NodeSource(n)
	if cparse.AsCall(n) == o.call && o.via == nil {
		return "the result of " + o.api.CName()
	}
	if c := cparse.AsCall(n); c != nil && c == o.via {
		return "the result of " + o.viaFunc.Name + "()"
	}
	if len(src) <= 30 {
		return "`" + src + "`"
	}
	return "the buffer"
}

var macroRE = regexp.MustCompile(`REDISMODULE_[A-Z_]+`)

// length is what a message calls the buffer's length.
type length struct {
	name      string // `len`, `*lenptr`, REDISMODULE_NODE_ID_LEN
	fixed     bool   // the API gives no length: the buffer has a fixed size
	requested bool   // the producing call asked for the length (not NULL)
}

// lengthOf names the length the producing call gives for its buffer: the
// variable its size_t * out-parameter points to. APIs without such a
// parameter return fixed-size buffers (cluster node ids), whose size the
// table's note names.
func lengthOf(o *origin) length {
	if o.via != nil {
		// The out-parameter belongs to the helper; the caller passed its own.
		return length{name: "len", requested: true}
	}
	lenIdx := -1
	if !strings.Contains(o.api.Result, "**") {
		for i, p := range o.api.Params {
			if strings.ReplaceAll(p.Type, " ", "") == "size_t*" {
				lenIdx = i
				break
			}
		}
	}
	if lenIdx < 0 {
		if m := macroRE.FindString(o.api.Note); m != "" {
			return length{name: m, fixed: true}
		}
		return length{name: "its size", fixed: true}
	}
	args := cparse.Args(o.call)
	if lenIdx >= len(args) {
		return length{name: "len", requested: true}
	}
	arg := args[lenIdx]
	if cparse.IsNullConstant(arg) {
		return length{name: "len"}
	}
	if u, ok := cparse.StripCasts(arg).(*cc.UnaryExpression); ok && u.Case == cc.UnaryExpressionAddrof {
		if s := cc.NodeSource(u.CastExpression); len(s) <= 30 {
			return length{name: s, requested: true}
		}
		return length{name: "len", requested: true}
	}
	if s := cc.NodeSource(arg); len(s) <= 30 {
		return length{name: "*" + s, requested: true}
	}
	return length{name: "len", requested: true}
}

// hasCall reports whether n contains a function call.
func hasCall(n cc.Node) bool {
	found := false
	cparse.Inspect(n, func(x cc.Node) bool {
		if c, ok := x.(*cc.PostfixExpression); ok && c.Case == cc.PostfixExpressionCall {
			found = true
		}
		return !found
	})
	return found
}
