// Package replicate defines the replicate rule: paths that change the
// dataset without propagating the change, and changes propagated twice.
package replicate

import (
	"fmt"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/checks/fixutil"
	"github.com/rmlint/rmlint/checks/flow"
	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/redisapi"
	"github.com/rmlint/rmlint/reports"
)

// Analyzer is the replicate rule.
var Analyzer = &analysis.Analyzer{
	Name:     "replicate",
	Doc:      doc,
	URL:      "https://github.com/rmlint/rmlint/blob/main/docs/rules/replicate.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

// Rule is replicate's metadata.
var Rule = &inspect.Rule{Analyzer: Analyzer, Severity: reports.SeverityError, Tags: []string{"replication", "correctness"}, Precision: "high"}

type state struct {
	wrote    cc.Node // first change not propagated by "!", nil if none
	wroteBy  string
	viaCall  bool // the change is a RedisModule_Call without "!"
	repl     cc.Node
	verbatim cc.Node
	bang     cc.Node
	lost     bool
}

func (s *state) clone() *state { c := *s; return &c }

type dom struct {
	a       *analyser
	f       *cparse.Func
	summary bool
	exits   []exit
}

type exit struct {
	st    *state
	value *int64
	path  *flow.Path
}

type analyser struct {
	m         *inspect.Module
	summaries map[*cparse.Func]*summary
	buf       []analysis.Diagnostic
	bufRet    []*cc.JumpStatement        // per buf entry: the return its fix inserts before
	noFix     map[*cc.JumpStatement]bool // returns reached by a path that replicates or is unknown
}

type summary struct {
	lost     bool
	busy     bool
	outcomes []outcome
}

type outcome struct {
	st  state
	ret *int64
}

func (d *dom) Key(st *state) string {
	return fmt.Sprintf("%p|%v|%p|%p|%p|%v", st.wrote, st.viaCall, st.repl, st.verbatim, st.bang, st.lost)
}
func (d *dom) Clone(st *state) *state { return st.clone() }
func (d *dom) Assign(st *state, lhs cc.Node, lhsDecl *cc.Declarator, rhs cc.ExpressionNode, p *flow.Path) *state {
	return st
}
func (d *dom) Assume(st *state, cond cc.ExpressionNode, truth bool, p *flow.Path) (*state, bool) {
	return st, true
}

func (d *dom) Call(st *state, call *cc.PostfixExpression, p *flow.Path) []flow.Outcome[*state] {
	if st.lost {
		return []flow.Outcome[*state]{{State: st}}
	}
	name := cparse.CalleeName(call)
	args := cparse.Args(call)
	if g := d.a.m.Callee(d.f.Unit, call); g != nil {
		s := d.a.summarize(g)
		if s.lost {
			st = st.clone()
			st.lost = true
			return []flow.Outcome[*state]{{State: st}}
		}
		var out []flow.Outcome[*state]
		for _, o := range s.outcomes {
			ns := st.clone()
			merge(ns, &o.st, call)
			out = append(out, flow.Outcome[*state]{State: ns, Ret: o.ret})
		}
		return out
	}
	api := redisapi.Lookup(name)
	if api == nil {
		return []flow.Outcome[*state]{{State: st}}
	}
	switch {
	case api.Blocks:
		st = st.clone()
		st.lost = true // the work continues in callbacks or a thread
	case api.Replicates:
		st = st.clone()
		st.repl = call
		if name == "RedisModule_ReplicateVerbatim" {
			st.verbatim = call
		}
	case name == "RedisModule_StringDMA" && len(args) == 3:
		if mode, ok := p.Eval(args[2]); ok && mode&2 != 0 && st.wrote == nil {
			st = st.clone()
			st.wrote, st.wroteBy = call, name
		}
	case api.Writes && name != "RedisModule_RdbLoad":
		// (An RDB load replaces the dataset from a local file: replicas
		// cannot replay it from the command, so it is not judged here.)
		w := st.clone()
		if w.wrote == nil {
			w.wrote, w.wroteBy = call, name
		}
		if api.Returns == redisapi.ReturnsStatus {
			// Failed writes change nothing: code that tests the result
			// may return without replicating then.
			ok, fail := int64(0), int64(1)
			return []flow.Outcome[*state]{{State: w, Ret: &ok}, {State: st, Ret: &fail}}
		}
		return []flow.Outcome[*state]{{State: w}}
	case name == "RedisModule_Call" && len(args) >= 3:
		cmd, ok1, _ := d.f.Unit.ConstString(args[1])
		format, ok2, _ := d.f.Unit.ConstString(args[2])
		core := redisapi.LookupCoreCommand(cmd)
		switch {
		case !ok1 || !ok2 || core == nil:
			// A module command or one rmlint does not know: it may
			// write and propagate by itself.
			st = st.clone()
			st.lost = true
		case !core.Writes():
		case strings.Contains(format, "!"):
			st = st.clone()
			if st.bang == nil {
				st.bang = call
			}
		default:
			st = st.clone()
			if st.wrote == nil {
				st.wrote, st.wroteBy, st.viaCall = call, `RedisModule_Call("`+strings.ToUpper(cmd)+`")`, true
			}
		}
	}
	return []flow.Outcome[*state]{{State: st}}
}

// merge applies a helper's effects (seen at the call) to st.
func merge(st *state, h *state, call cc.Node) {
	if st.wrote == nil && h.wrote != nil {
		st.wrote, st.wroteBy, st.viaCall = call, h.wroteBy, h.viaCall
	}
	if st.repl == nil && h.repl != nil {
		st.repl = call
	}
	if st.verbatim == nil && h.verbatim != nil {
		st.verbatim = call
	}
	if st.bang == nil && h.bang != nil {
		st.bang = call
	}
}

func (d *dom) Exit(st *state, ret *cc.JumpStatement, value *int64, p *flow.Path) {
	if d.summary {
		d.exits = append(d.exits, exit{st: st, value: value, path: p})
		return
	}
	if ret != nil && (st.lost || p.Unsure || st.repl != nil) {
		// Inserting ReplicateVerbatim before this return would replicate
		// twice (or blindly) on this path.
		d.a.noFix[ret] = true
	}
	if st.lost || p.Unsure {
		return
	}
	cmds := d.a.m.CommandOf(d.f)
	if len(cmds) == 0 {
		return
	}
	c := cmds[0]
	label := inspect.Label(c)
	var at cc.Node = ret
	if ret == nil {
		at = d.f.Def.CompoundStatement.Token2
	}
	if st.wrote != nil && st.repl == nil {
		fix := "call RedisModule_ReplicateVerbatim(ctx) (or RedisModule_Replicate with the effect) on this path before returning"
		if st.viaCall {
			fix = `add "!" to the RedisModule_Call format so the call is propagated, or call RedisModule_ReplicateVerbatim(ctx)`
		}
		dg := d.a.m.Diagnostic(st.wrote, "%s changes the dataset here (%s) and can return without propagating the change: replicas and the AOF never see it, so they diverge; %s", label, st.wroteBy, fix)
		dg.Related = append(dg.Related, d.a.m.Related(at, "returns here without replicating"))
		var fixAt *cc.JumpStatement
		if fx, ok := d.verbatimFix(ret); ok {
			dg.SuggestedFixes = []analysis.SuggestedFix{fx}
			fixAt = ret
		}
		d.a.buf = append(d.a.buf, d.a.m.ForCommand(dg, c))
		d.a.bufRet = append(d.a.bufRet, fixAt)
	}
	if st.bang != nil && st.verbatim != nil {
		dg := d.a.m.Diagnostic(st.verbatim, "%s propagates the change twice: the RedisModule_Call with \"!\" is already replicated, and RedisModule_ReplicateVerbatim replicates the command too, so replicas and the AOF apply the effect twice; drop one of them", label)
		dg.Related = append(dg.Related, d.a.m.Related(st.bang, "already propagated by this \"!\" call"))
		d.a.buf = append(d.a.buf, d.a.m.ForCommand(dg, c))
		d.a.bufRet = append(d.a.bufRet, nil)
	}
}

// verbatimFix inserts `RedisModule_ReplicateVerbatim(ctx);` on a line of its
// own, with the same indentation, before a return that is a plain `return
// RedisModule_ReplyWith...(ctx, ...);` block item written in the source, ctx
// being the handler's RedisModuleCtx parameter. (The caller drops the fix
// when another path reaching the same return replicates already.)
func (d *dom) verbatimFix(ret *cc.JumpStatement) (analysis.SuggestedFix, bool) {
	none := analysis.SuggestedFix{}
	if ret == nil || ret.ExpressionList == nil {
		return none, false
	}
	call, ok := ret.ExpressionList.(*cc.PostfixExpression)
	if !ok || call.Case != cc.PostfixExpressionCall || !strings.HasPrefix(cparse.CalleeName(call), "RedisModule_ReplyWith") {
		return none, false
	}
	ctx := ctxParam(d.f)
	args := cparse.Args(call)
	if ctx == nil || ctx.Name() == "" || len(args) == 0 || cparse.Declarator(args[0]) != ctx {
		return none, false
	}
	u := d.f.Unit
	if !fixutil.PlainCall(u, call) {
		return none, false
	}
	start, _, ok := fixutil.Span(u, ret)
	if !ok {
		return none, false
	}
	if p, ok := fixutil.Locate(d.f.Body(), ret); !ok || !p.InBlock {
		return none, false
	}
	lineStart, indent, ok := fixutil.LineIndent(u.Src, start)
	if !ok {
		return none, false
	}
	nl := "\n"
	if i := strings.IndexByte(string(u.Src[start:]), '\n'); i > 0 && u.Src[start+i-1] == '\r' {
		nl = "\r\n"
	}
	e := fixutil.Edit(d.a.m, u, lineStart, lineStart, indent+"RedisModule_ReplicateVerbatim("+ctx.Name()+");"+nl)
	if !fixutil.Valid(e) {
		return none, false
	}
	return analysis.SuggestedFix{Message: "Replicate the command before replying", TextEdits: []analysis.TextEdit{e}}, true
}

// ctxParam is f's RedisModuleCtx* parameter, nil if none.
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

func (a *analyser) summarize(g *cparse.Func) *summary {
	if s, ok := a.summaries[g]; ok {
		if s.busy {
			return &summary{lost: true}
		}
		return s
	}
	s := &summary{busy: true}
	a.summaries[g] = s
	defer func() { s.busy = false }()
	d := &dom{a: a, f: g, summary: true}
	res := flow.Run[*state](g, d, &state{}, flow.Options{MaxStates: 5000})
	if !res.Complete {
		s.lost = true
		return s
	}
	seen := map[string]bool{}
	for _, x := range d.exits {
		if x.st.lost || x.path.Unsure {
			s.lost = true
			return s
		}
		k := d.Key(x.st)
		if x.value != nil {
			k += fmt.Sprint("=", *x.value)
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		s.outcomes = append(s.outcomes, outcome{st: *x.st, ret: x.value})
	}
	if len(s.outcomes) > 8 {
		s.lost = true
	}
	return s
}

func run(pass *analysis.Pass) (any, error) {
	m := inspect.Of(pass)
	a := &analyser{m: m, summaries: map[*cparse.Func]*summary{}}
	done := map[*cparse.Func]bool{}
	reported := map[string]bool{}
	for _, c := range m.Commands {
		f := c.Handler
		if f == nil || done[f] {
			continue
		}
		done[f] = true
		a.buf, a.bufRet, a.noFix = nil, nil, map[*cc.JumpStatement]bool{}
		res := flow.Run[*state](f, &dom{a: a, f: f}, &state{}, flow.Options{})
		if !res.Complete {
			continue
		}
		for i, ret := range a.bufRet {
			if ret != nil && a.noFix[ret] {
				a.buf[i].SuggestedFixes = nil
			}
		}
		sort.SliceStable(a.buf, func(i, j int) bool { return a.buf[i].Pos < a.buf[j].Pos })
		for _, d := range a.buf {
			k := fmt.Sprint(d.Pos, d.Message)
			if !reported[k] {
				reported[k] = true
				pass.Report(d)
			}
		}
	}
	return nil, nil
}
