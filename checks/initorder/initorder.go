// Package initorder defines the initorder rule: API calls that can run
// before RedisModule_Init, and an ignored Init result.
package initorder

import (
	"golang.org/x/tools/go/analysis"
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/checks/fixutil"
	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/cparse/cfg"
	"github.com/rmlint/rmlint/reports"
)

// Analyzer is the initorder rule.
var Analyzer = &analysis.Analyzer{
	Name:     "initorder",
	Doc:      doc,
	URL:      "https://github.com/rmlint/rmlint/blob/main/docs/rules/initorder.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

// Rule is initorder's metadata.
var Rule = &inspect.Rule{Analyzer: Analyzer, Severity: reports.SeverityError, Tags: []string{"correctness", "crash", "loading"}, Precision: "high"}

func run(pass *analysis.Pass) (any, error) {
	m := inspect.Of(pass)
	if m.OnLoad != nil {
		beforeInit(pass, m, m.OnLoad)
	}
	for _, f := range m.Funcs() {
		ignoredInit(pass, m, f)
	}
	return nil, nil
}

// beforeInit runs a must-analysis over OnLoad's CFG: "Init has been called
// on every path to here".
func beforeInit(pass *analysis.Pass, m *inspect.Module, f *cparse.Func) {
	g := f.CFG()
	n := len(g.Blocks)
	in := make([]bool, n)
	out := make([]bool, n)
	for i := range out {
		out[i] = true // optimistic start for a must-analysis
	}
	transfer := func(b *cfg.Block, state bool, report bool) bool {
		for _, node := range b.Nodes {
			for _, call := range inspect.CallsInOrder(node) {
				state = step(pass, m, f, call, state, report)
			}
			if ret, ok := node.(*cc.JumpStatement); ok && report && !state && ret == b.Return {
				checkReturn(pass, m, f, ret)
			}
		}
		return state
	}
	for changed := true; changed; {
		changed = false
		for _, b := range g.Blocks {
			if !b.Live {
				continue
			}
			s := b.Index != 0
			if b.Index != 0 {
				for _, p := range b.Preds {
					if p.Live && !out[p.Index] {
						s = false
					}
				}
			}
			in[b.Index] = s
			o := transfer(b, s, false)
			if o != out[b.Index] {
				out[b.Index] = o
				changed = true
			}
		}
	}
	for _, b := range g.Blocks {
		if b.Live {
			transfer(b, in[b.Index], true)
		}
	}
}

// step applies one call to the "Init called" state, reporting API use
// before Init when report is set.
func step(pass *analysis.Pass, m *inspect.Module, f *cparse.Func, call *cc.PostfixExpression, initDone, report bool) bool {
	name := cparse.CalleeName(call)
	if name == "RedisModule_Init" {
		return true
	}
	if g := m.Callee(f.Unit, call); g != nil {
		r := m.Reach(g)
		if r.Init != nil {
			// The helper initialises the module; whether it uses the API
			// before its own Init is judged where that helper is analysed.
			return true
		}
		if !initDone && report && r.API != nil {
			d := m.Diagnostic(call, "%s calls %s (in %s) before RedisModule_Init has run: until Init, every RedisModule_* pointer is NULL and the server crashes; call RedisModule_Init first", name, r.APIName, r.APIIn.Name)
			d.Related = append(d.Related, m.Related(r.API, "%s is called here", r.APIName))
			pass.Report(d)
		}
		return initDone
	}
	if !initDone && report && inspect.IsAPIName(name) {
		m.Report(pass, call, "%s can run before RedisModule_Init: until Init, every RedisModule_* pointer is NULL and the server crashes; call RedisModule_Init first", name)
	}
	return initDone
}

func checkReturn(pass *analysis.Pass, m *inspect.Module, f *cparse.Func, ret *cc.JumpStatement) {
	if ret.ExpressionList == nil {
		return
	}
	if v, ok := f.Unit.ConstInt(ret.ExpressionList); ok && v == 1 {
		return // REDISMODULE_ERR: Redis refuses the module cleanly
	}
	if v, ok := f.Unit.ConstInt(ret.ExpressionList); ok {
		m.Report(pass, ret, "%s returns %d before RedisModule_Init has run: Redis takes it as success and crashes on the module's missing name; call RedisModule_Init first or return REDISMODULE_ERR", f.Name, v)
	}
}

// ignoredInit reports `RedisModule_Init(...);` as a statement.
func ignoredInit(pass *analysis.Pass, m *inspect.Module, f *cparse.Func) {
	cparse.Inspect(f.Body(), func(n cc.Node) bool {
		es, ok := n.(*cc.ExpressionStatement)
		if !ok || es.ExpressionList == nil {
			return true
		}
		call := cparse.AsCall(es.ExpressionList)
		if call == nil || cparse.CalleeName(call) != "RedisModule_Init" {
			return true
		}
		d := m.Diagnostic(call, "the result of RedisModule_Init is ignored: it returns REDISMODULE_ERR when a module of that name is already loaded, and going on crashes the server; write if (RedisModule_Init(...) == REDISMODULE_ERR) return REDISMODULE_ERR;")
		if fx, ok := checkInitFix(m, f, es, call); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fx}
		}
		pass.Report(d)
		return true
	})
}

// checkInitFix turns `RedisModule_Init(...);` into `if (RedisModule_Init(...)
// == REDISMODULE_ERR) return REDISMODULE_ERR;` when the statement is written
// as such in the source, stands in a block (so an else cannot attach to the
// new if) and the function returns int.
func checkInitFix(m *inspect.Module, f *cparse.Func, es *cc.ExpressionStatement, call *cc.PostfixExpression) (analysis.SuggestedFix, bool) {
	if es.ExpressionList != cc.ExpressionNode(call) || !fixutil.PlainCall(f.Unit, call) || !fixutil.ReturnsInt(f) {
		return analysis.SuggestedFix{}, false
	}
	if p, ok := fixutil.Locate(f.Body(), es); !ok || !p.InBlock {
		return analysis.SuggestedFix{}, false
	}
	text, ok := fixutil.Text(f.Unit, call)
	start, end, ok2 := fixutil.Span(f.Unit, es)
	if !ok || !ok2 {
		return analysis.SuggestedFix{}, false
	}
	e := fixutil.Edit(m, f.Unit, start, end, "if ("+text+" == REDISMODULE_ERR) return REDISMODULE_ERR;")
	if !fixutil.Valid(e) {
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{Message: "Return REDISMODULE_ERR when RedisModule_Init fails", TextEdits: []analysis.TextEdit{e}}, true
}
