// Package replycount defines the replycount rule: every path through a
// command handler must send exactly one top-level reply.
package replycount

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/checks/fixutil"
	"github.com/rmlint/rmlint/checks/flow"
	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/cparse/cfg"
	"github.com/rmlint/rmlint/redisapi"
	"github.com/rmlint/rmlint/reports"
)

// Analyzer is the replycount rule.
var Analyzer = &analysis.Analyzer{
	Name:     "replycount",
	Doc:      doc,
	URL:      "https://github.com/rmlint/rmlint/blob/main/docs/rules/replycount.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

// Rule is replycount's metadata.
var Rule = &inspect.Rule{Analyzer: Analyzer, Severity: reports.SeverityError, Tags: []string{"correctness", "protocol"}, Precision: "high"}

// role says what a checked function must do.
type role int

const (
	handler       role = iota // a command handler: exactly one reply on every path
	replyCallback             // BlockClient's reply or timeout callback: same
	onKeysReply               // BlockClientOnKeys reply callback: OK after one reply, ERR after none
)

func run(pass *analysis.Pass) (any, error) {
	m := inspect.Of(pass)
	a := &analysis2{m: m, pass: pass, summaries: map[summaryKey]*summary{}, reported: map[string]bool{}}
	done := map[*cparse.Func]bool{}
	for _, c := range m.Commands {
		if c.Handler == nil || done[c.Handler] {
			continue
		}
		done[c.Handler] = true
		a.check(c.Handler, handler, m.CommandOf(c.Handler))
	}
	// Callbacks of blocked clients reply for the command that blocked.
	for _, f := range m.Funcs() {
		inspect.APICalls(f, func(call *cc.PostfixExpression, name string, api *redisapi.Func) {
			switch name {
			case "RedisModule_BlockClient", "RedisModule_BlockClientOnKeys", "RedisModule_BlockClientOnKeysWithFlags":
			default:
				return // BlockClientOnAuth's callbacks answer AUTH, not a command
			}
			args := cparse.Args(call)
			// BlockClient(ctx, reply_cb, timeout_cb, free_cb, ms);
			// BlockClientOnKeys(ctx, reply_cb, timeout_cb, free_cb, ms, keys, n, privdata[, flags]).
			onKeys := strings.HasPrefix(name, "RedisModule_BlockClientOnKeys")
			for i := 1; i <= 2 && i < len(args); i++ {
				d := cparse.Declarator(args[i])
				if d == nil {
					continue
				}
				g := m.Func(f.Unit, d.Name())
				if g == nil || done[g] || !commandShaped(g) {
					continue
				}
				done[g] = true
				r := replyCallback
				if onKeys && i == 1 {
					r = onKeysReply
				}
				a.check(g, r, m.CommandOf(f))
			}
		})
	}
	return nil, nil
}

type analysis2 struct {
	m         *inspect.Module
	pass      *analysis.Pass
	summaries map[summaryKey]*summary
	reported  map[string]bool
	buf       []analysis.Diagnostic // findings of the function being checked
}

// ev is one reply operation, as recorded in a helper's summary.
type ev struct {
	kind  redisapi.Reply
	count int // for ReplyAggregate: the element count, -1 postponed, -2 unknown
	node  cc.Node
	via   string // helper that sent it, for messages
}

// agg is an open aggregate reply.
type agg struct {
	want int // elements expected when >= 0; -1 postponed; -2 unknown
	got  int
	open cc.Node
	loop int // the loop (see flow.Loops) the aggregate was opened in; -1 none
}

type state struct {
	top     int // top-level values sent, saturating at 2
	first   *ev
	second  *ev
	stack   []agg
	lost    bool // stopped tracking on this path (unknown helper effect, ...)
	blocked bool // the client was blocked: replies belong to callbacks
	trace   []ev // summary mode: the reply operations in order
	keysReq bool // in the getkeys-api/getchannels-api position request
}

func (s *state) clone() *state {
	c := *s
	c.stack = append([]agg(nil), s.stack...)
	c.trace = append([]ev(nil), s.trace...)
	return &c
}

type dom struct {
	a       *analysis2
	f       *cparse.Func
	ctx     *cc.Declarator // the function's RedisModuleCtx* parameter
	summary bool
	exits   []exitRec
	role    role
	loops   map[*cfg.Block]int
}

// loopOf returns the loop a path is in, -1 if none.
func (d *dom) loopOf(p *flow.Path) int {
	if p == nil || p.Block == nil {
		return -1
	}
	if l, ok := d.loops[p.Block]; ok {
		return l
	}
	return -1
}

type exitRec struct {
	st      *state
	ret     *cc.JumpStatement
	value   *int64
	nonZero bool
	path    *flow.Path
}

func (d *dom) Key(st *state) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(st.top))
	b.WriteString(flags(st.lost, st.blocked, st.keysReq))
	fmt.Fprintf(&b, "%p%p", nodeOf(st.first), nodeOf(st.second))
	for _, a := range st.stack {
		fmt.Fprintf(&b, "[%d,%d,%p]", a.want, a.got, a.open)
	}
	for _, e := range st.trace {
		b.WriteString(strconv.Itoa(int(e.kind)))
		b.WriteByte(',')
		b.WriteString(strconv.Itoa(e.count))
		b.WriteByte(';')
	}
	return b.String()
}

func flags(bs ...bool) string {
	r := make([]byte, len(bs))
	for i, b := range bs {
		r[i] = '0'
		if b {
			r[i] = '1'
		}
	}
	return string(r)
}

func nodeOf(e *ev) cc.Node {
	if e == nil {
		return nil
	}
	return e.node
}

func (d *dom) Clone(st *state) *state { return st.clone() }

func (d *dom) Assign(st *state, lhs cc.Node, lhsDecl *cc.Declarator, rhs cc.ExpressionNode, p *flow.Path) *state {
	return st
}

func (d *dom) Assume(st *state, cond cc.ExpressionNode, truth bool, p *flow.Path) (*state, bool) {
	return st, true
}

// isOwnCtx reports whether e is this function's context parameter.
func (d *dom) isOwnCtx(e cc.ExpressionNode) bool {
	return d.ctx != nil && cparse.Declarator(e) == d.ctx
}

const maxTrace = 16

func (d *dom) Call(st *state, call *cc.PostfixExpression, p *flow.Path) []flow.Outcome[*state] {
	if st.lost || st.blocked || st.keysReq {
		return []flow.Outcome[*state]{{State: st}}
	}
	name := cparse.CalleeName(call)
	args := cparse.Args(call)
	if g := d.a.m.Callee(d.f.Unit, call); g != nil {
		return d.helper(st, call, g, args, p)
	}
	api := redisapi.Lookup(name)
	if api == nil {
		return []flow.Outcome[*state]{{State: st}}
	}
	switch {
	case name == "RedisModule_IsKeysPositionRequest" || name == "RedisModule_IsChannelsPositionRequest":
		if len(args) > 0 && d.isOwnCtx(args[0]) {
			yes := st.clone()
			yes.keysReq = true
			one, zero := int64(1), int64(0)
			return []flow.Outcome[*state]{{State: yes, Ret: &one}, {State: st, Ret: &zero}}
		}
	case api.Blocks:
		if len(args) > 0 && d.isOwnCtx(args[0]) {
			st = st.clone()
			st.blocked = true
			if d.summary {
				st.lost = true // a helper that blocks: the caller cannot be judged
			}
		}
	case api.Reply != redisapi.NoReply:
		if len(args) == 0 || !d.isOwnCtx(args[0]) {
			return []flow.Outcome[*state]{{State: st}}
		}
		if (name == "RedisModule_ReplyWithCallReply" || name == "RedisModule_ReplyWithAttribute") && !p.Ignored(call) {
			// These send nothing and return REDISMODULE_ERR for a RESP3
			// value and a RESP2 client; code that tests the result expects
			// that, and rmlint cannot tell which happens.
			st = st.clone()
			st.lost = true
			return []flow.Outcome[*state]{{State: st}}
		}
		e := ev{kind: api.Reply, node: call}
		if api.Reply == redisapi.ReplyAggregate {
			e.count = -2
			if api.CountArg >= 0 && api.CountArg < len(args) {
				if n, ok := p.Eval(args[api.CountArg]); ok {
					factor := api.CountFactor
					if factor == 0 {
						factor = 1
					}
					switch {
					case n == -1:
						e.count = -1
					case n >= 0:
						e.count = int(n) * factor
					}
				}
			}
		}
		st = st.clone()
		d.apply(st, e, p)
	}
	return []flow.Outcome[*state]{{State: st}}
}

// apply performs one reply operation on st.
func (d *dom) apply(st *state, e ev, p *flow.Path) {
	if d.summary {
		if len(st.trace) >= maxTrace {
			st.lost = true
			return
		}
		st.trace = append(st.trace, e)
	}
	switch e.kind {
	case redisapi.ReplyValue:
		d.element(st, e, p)
	case redisapi.ReplyAggregate:
		d.element(st, e, p)
		if e.count != 0 {
			if len(st.stack) >= 8 {
				st.lost = true
				return
			}
			st.stack = append(st.stack, agg{want: e.count, open: e.node, loop: d.loopOf(p)})
		}
	case redisapi.ReplySetLength:
		for i := len(st.stack) - 1; i >= 0; i-- {
			if st.stack[i].want == -1 {
				// Aggregates opened after it are complete or unknown by
				// now; the postponed one was counted as an element of its
				// parent when it was opened.
				st.stack = st.stack[:i]
				return
			}
			// Aggregates of unknown length above it are taken as complete
			// by now: the postponed length is set after its elements.
		}
		// Nothing postponed is open here: in a helper the caller may have
		// opened it; in a handler Redis ignores it with a warning.
	}
}

// element counts one value: top-level, or an element of the innermost
// open aggregate.
func (d *dom) element(st *state, e ev, p *flow.Path) {
	if len(st.stack) == 0 {
		switch st.top {
		case 0:
			st.first = &e
		case 1:
			st.second = &e
		}
		if st.top < 2 {
			st.top++
		}
		return
	}
	a := &st.stack[len(st.stack)-1]
	switch {
	case a.want < 0:
		return
	case d.loopOf(p) >= 0 && d.loopOf(p) != a.loop:
		// Elements sent in a loop the aggregate was opened outside of:
		// their number depends on iterations the engine does not count.
		// Stop checking this aggregate's length.
		a.want = -2
		return
	}
	a.got++
	if a.got == a.want {
		st.stack = st.stack[:len(st.stack)-1]
	}
}

// helper applies a module function's summary at a call.
func (d *dom) helper(st *state, call *cc.PostfixExpression, g *cparse.Func, args []cc.ExpressionNode, p *flow.Path) []flow.Outcome[*state] {
	s := d.a.summarize(g, constArgs(args, p))
	if s == nil || s.lost {
		if s != nil && !s.replies {
			return []flow.Outcome[*state]{{State: st}}
		}
		st = st.clone()
		st.lost = true
		return []flow.Outcome[*state]{{State: st}}
	}
	// Replies the helper sends on its own ctx parameter count here only if
	// the caller passes its own context there.
	passesCtx := s.ctxIndex >= 0 && s.ctxIndex < len(args) && d.isOwnCtx(args[s.ctxIndex])
	var out []flow.Outcome[*state]
	for _, o := range s.outcomes {
		ns := st.clone()
		if passesCtx {
			if o.blocked {
				ns.blocked = true
			}
			for _, e := range o.trace {
				e2 := e
				e2.via, e2.node = g.Name, call // the reply happens at the call, as seen here
				d.apply(ns, e2, p)
			}
		}
		// Otherwise the helper replies on some other context: not this
		// client's.
		out = append(out, flow.Outcome[*state]{State: ns, Ret: o.ret, RetNonZero: o.nonZero})
	}
	return out
}

func (d *dom) Exit(st *state, ret *cc.JumpStatement, value *int64, p *flow.Path) {
	if d.summary {
		nz := value == nil && ret != nil && ret.ExpressionList != nil && p.NonZero(ret.ExpressionList)
		d.exits = append(d.exits, exitRec{st: st, ret: ret, value: value, nonZero: nz, path: p})
		return
	}
	if st.lost || st.blocked || st.keysReq || p.Unsure {
		return
	}
	var at cc.Node = ret
	if ret == nil {
		at = d.f.Def.CompoundStatement.Token2
	}
	cmds := d.a.m.CommandOf(d.f)
	label := "this command handler"
	var cmd *cparse.Command
	if len(cmds) > 0 {
		cmd = cmds[0]
		label = inspect.Label(cmd)
	}
	if d.role == replyCallback {
		label = d.f.Name + " (a blocked client's reply callback)"
	}
	if d.role == onKeysReply {
		label = d.f.Name + " (a BlockClientOnKeys reply callback)"
		if value != nil && *value == 1 { // REDISMODULE_ERR: stays blocked, must not reply
			if st.top > 0 {
				dg := d.a.m.Diagnostic(st.first.node, "%s replies and then returns REDISMODULE_ERR: the client stays blocked and gets a second reply later; return REDISMODULE_OK after replying, or reply nothing before REDISMODULE_ERR", label)
				d.a.report(dg, cmd)
			}
			return
		}
	}
	for _, a := range st.stack {
		switch {
		case a.want == -1:
			dg := d.a.m.Diagnostic(a.open, "%s opens an array with REDISMODULE_POSTPONED_LEN and can return without closing it with RedisModule_ReplySetArrayLength: Redis logs \"API misuse detected\" and the connection is corrupted (the server can crash); set the length on every path", label)
			dg.Related = append(dg.Related, d.a.m.Related(at, "returns here with the array still open"))
			d.a.report(dg, cmd)
		case a.want > 0:
			dg := d.a.m.Diagnostic(a.open, "%s announces an aggregate of %d elements but sends only %d on a path: the client takes its next replies as the missing elements; send exactly the announced number or use REDISMODULE_POSTPONED_LEN", label, a.want, a.got)
			dg.Related = append(dg.Related, d.a.m.Related(at, "returns here"))
			d.a.report(dg, cmd)
		}
	}
	switch {
	case st.top == 0:
		msg := "%s can return without sending any reply: the client waits forever and, in a pipeline, every later reply is shifted by one; send a reply (e.g. RedisModule_ReplyWithError) before returning"
		if value != nil && *value == 1 && ret != nil {
			msg = "%s returns REDISMODULE_ERR without sending a reply: Redis ignores the return value, so the client waits forever; reply with RedisModule_ReplyWithError(ctx, \"ERR ...\") and return REDISMODULE_OK"
		}
		dg := d.a.m.Diagnostic(at, msg, label)
		d.a.report(dg, cmd)
	case st.top >= 2:
		where := "here"
		if st.second.via != "" {
			where = "through " + st.second.via + "()"
		}
		dg := d.a.m.Diagnostic(st.second.node, "%s sends a second reply %s on a path that already replied: the client reads it as the answer to its next command; send one reply per command (return right after an error reply, or build one combined reply)", label, where)
		first := "the first reply is sent here"
		if st.first.via != "" {
			first = "the first reply is sent through " + st.first.via + "() here"
		}
		dg.Related = append(dg.Related, d.a.m.Related(st.first.node, "%s", first))
		if st.first.via == "" {
			if fx, ok := d.returnFix(st.first.node); ok {
				dg.SuggestedFixes = []analysis.SuggestedFix{fx}
			}
		}
		d.a.report(dg, cmd)
	}
}

// returnFix turns the first reply of a double reply into a return when it
// is an error reply written as a statement of its own, `RedisModule_ReplyWithError(ctx, ...);`
// or `RedisModule_WrongArity(ctx);`, that is an if's branch without braces
// or the last statement of an if's { } branch: the code meant to stop there.
func (d *dom) returnFix(n cc.Node) (analysis.SuggestedFix, bool) {
	call, ok := n.(*cc.PostfixExpression)
	if !ok || !fixutil.ReturnsInt(d.f) {
		return analysis.SuggestedFix{}, false
	}
	switch cparse.CalleeName(call) {
	case "RedisModule_ReplyWithError", "RedisModule_ReplyWithErrorFormat", "RedisModule_WrongArity":
	default:
		return analysis.SuggestedFix{}, false
	}
	es := fixutil.StatementOf(d.f.Body(), call)
	if es == nil || !fixutil.PlainCall(d.f.Unit, call) {
		return analysis.SuggestedFix{}, false
	}
	p, ok := fixutil.Locate(d.f.Body(), es)
	if !ok || !(p.Bare || p.InBlock && p.Last && p.InBranch) {
		return analysis.SuggestedFix{}, false
	}
	start, _, ok := fixutil.Span(d.f.Unit, call)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	e := fixutil.Edit(d.a.m, d.f.Unit, start, start, "return ")
	if !fixutil.Valid(e) {
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{Message: "Return right after the error reply", TextEdits: []analysis.TextEdit{e}}, true
}

func (a *analysis2) report(d analysis.Diagnostic, c *cparse.Command) {
	a.buf = append(a.buf, a.m.ForCommand(d, c))
}

// check explores a handler or callback and reports its paths.
func (a *analysis2) check(f *cparse.Func, r role, cmds []*cparse.Command) {
	d := &dom{a: a, f: f, ctx: ctxParam(f), role: r, loops: flow.Loops(f.CFG())}
	if d.ctx == nil {
		return
	}
	// Findings are buffered and dropped if the exploration is incomplete.
	a.buf = nil
	res := flow.Run[*state](f, d, &state{}, flow.Options{})
	buf := a.buf
	a.buf = nil
	if !res.Complete {
		return
	}
	sort.SliceStable(buf, func(i, j int) bool { return buf[i].Pos < buf[j].Pos })
	for _, x := range buf {
		k := fmt.Sprintf("%d|%s", x.Pos, x.Message)
		if !a.reported[k] {
			a.reported[k] = true
			a.pass.Report(x)
		}
	}
}

// summary is what a helper function does to the reply stream.
type summaryKey struct {
	f    *cparse.Func
	args string
}

type summary struct {
	lost     bool // could not be summarised: callers stop judging the path
	replies  bool // some path replies or blocks
	ctxIndex int  // the parameter holding the context it replies on; -1 none
	outcomes []outcome
	busy     bool
}

type outcome struct {
	trace   []ev
	blocked bool
	ret     *int64
	nonZero bool
}

const maxOutcomes = 8

func (a *analysis2) summarize(g *cparse.Func, params map[int]int64) *summary {
	key := summaryKey{g, fmt.Sprint(params)}
	if s, ok := a.summaries[key]; ok {
		if s.busy {
			return &summary{lost: true, replies: true} // recursion
		}
		return s
	}
	s := &summary{busy: true, ctxIndex: -1}
	a.summaries[key] = s
	defer func() { s.busy = false }()
	d := &dom{a: a, f: g, ctx: ctxParam(g), summary: true, loops: flow.Loops(g.CFG())}
	if d.ctx != nil {
		s.ctxIndex = paramIndex(g, d.ctx)
	}
	res := flow.Run[*state](g, d, &state{}, flow.Options{MaxStates: 5000, Params: params})
	seen := map[string]bool{}
	for _, x := range d.exits {
		if len(x.st.trace) > 0 || x.st.blocked {
			s.replies = true
		}
	}
	if !res.Complete {
		s.lost = true
		return s
	}
	for _, x := range d.exits {
		if x.st.lost || x.path.Unsure || x.st.keysReq {
			s.lost = true
			return s
		}
		if len(x.st.stack) > 0 {
			// Leaves an aggregate open for the caller to fill: fine only if
			// the caller can continue it; model it as unknown.
			s.lost = true
			return s
		}
		k := d.Key(x.st)
		if x.value != nil {
			k += fmt.Sprintf("=%d", *x.value)
		}
		if x.nonZero {
			k += "!=0"
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		s.outcomes = append(s.outcomes, outcome{trace: x.st.trace, blocked: x.st.blocked, ret: x.value, nonZero: x.nonZero})
	}
	if len(s.outcomes) > maxOutcomes {
		s.lost = true
	}
	if len(s.outcomes) == 0 { // never returns
		s.outcomes = nil
	}
	return s
}

// ctxParam returns the function's RedisModuleCtx* parameter, if any.
func ctxParam(f *cparse.Func) *cc.Declarator {
	ft, ok := f.Decl.Type().(*cc.FunctionType)
	if !ok {
		return nil
	}
	for _, p := range ft.Parameters() {
		if inspect.IsPointerTo(p.Type(), "RedisModuleCtx") && p.Declarator != nil {
			return p.Declarator
		}
	}
	return nil
}

func paramIndex(f *cparse.Func, d *cc.Declarator) int {
	ft, ok := f.Decl.Type().(*cc.FunctionType)
	if !ok {
		return -1
	}
	for i, p := range ft.Parameters() {
		if p.Declarator == d {
			return i
		}
	}
	return -1
}

// constArgs returns the call's arguments that are known integers on this
// path (constants, or variables known there), by index.
func constArgs(args []cc.ExpressionNode, p *flow.Path) map[int]int64 {
	var r map[int]int64
	for i, a := range args {
		if v, ok := p.Eval(a); ok {
			if r == nil {
				r = map[int]int64{}
			}
			r[i] = v
		}
	}
	return r
}

// commandShaped reports whether f looks like a command function:
// (RedisModuleCtx *, RedisModuleString **, int).
func commandShaped(f *cparse.Func) bool {
	ft, ok := f.Decl.Type().(*cc.FunctionType)
	if !ok {
		return false
	}
	ps := ft.Parameters()
	return len(ps) == 3 && inspect.IsPointerTo(ps[0].Type(), "RedisModuleCtx") && inspect.IsPointerToPointerTo(ps[1].Type(), "RedisModuleString")
}
