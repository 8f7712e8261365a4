// Package onload defines the onload rule: a module entry point Redis cannot
// find or whose result it misreads.
package onload

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/redisapi"
	"github.com/rmlint/rmlint/reports"
)

// Analyzer is the onload rule.
var Analyzer = &analysis.Analyzer{
	Name:     "onload",
	Doc:      doc,
	URL:      "https://github.com/rmlint/rmlint/blob/main/docs/rules/onload.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

// Rule is onload's metadata.
var Rule = &inspect.Rule{Analyzer: Analyzer, Severity: reports.SeverityError, Tags: []string{"correctness", "loading"}, Precision: "very-high"}

const (
	onLoad   = cparse.OnLoadName
	onUnload = "RedisModule_OnUnload"
)

func run(pass *analysis.Pass) (any, error) {
	m := inspect.Of(pass)
	if m.OnLoad == nil {
		missing(pass, m)
	}
	for _, f := range m.Funcs() {
		if f.Name != onLoad && f.Name != onUnload {
			continue
		}
		if f.Static {
			m.Report(pass, f.Decl, "%s is declared static, so the module does not export it and Redis cannot find it (MODULE LOAD fails with \"does not export %s()\"); remove static", f.Name, f.Name)
		}
		if f.Name == onLoad {
			signature(pass, m, f)
		}
		returns(pass, m, f)
	}
	return nil, nil
}

// missing reports near-misses of RedisModule_OnLoad in a module that has
// none.
func missing(pass *analysis.Pass, m *inspect.Module) {
	reported := false
	for _, f := range m.Funcs() {
		if f.Name == onUnload {
			continue
		}
		if misspelled(f.Name) {
			m.Report(pass, f.Decl, "%s is not RedisModule_OnLoad: Redis looks up the exact, case-sensitive name RedisModule_OnLoad, so it will refuse to load this module; rename it", f.Name)
			reported = true
		}
	}
	if reported {
		return
	}
	// A function with OnLoad's shape that initialises the module and that
	// nothing in the analysed files calls is meant to be the entry point.
	called := map[string]bool{}
	for _, f := range m.Funcs() {
		cparse.Inspect(f.Body(), func(n cc.Node) bool {
			if p, ok := n.(*cc.PrimaryExpression); ok && p.Case == cc.PrimaryExpressionIdent {
				called[p.Token.SrcStr()] = true
			}
			return true
		})
	}
	for _, f := range m.Funcs() {
		if called[f.Name] || !hasOnLoadShape(f) {
			continue
		}
		init := false
		inspect.APICalls(f, func(_ *cc.PostfixExpression, name string, _ *redisapi.Func) {
			if name == "RedisModule_Init" {
				init = true
			}
		})
		if init {
			m.Report(pass, f.Decl, "no function is named RedisModule_OnLoad, so Redis cannot load this module; %s calls RedisModule_Init and looks like the entry point: rename it to RedisModule_OnLoad", f.Name)
		}
	}
}

func misspelled(name string) bool {
	if name == onLoad {
		return false
	}
	if strings.EqualFold(name, onLoad) {
		return true
	}
	return inspect.EditDistance(strings.ToLower(name), strings.ToLower(onLoad)) <= 2
}

func hasOnLoadShape(f *cparse.Func) bool {
	ft, ok := f.Decl.Type().(*cc.FunctionType)
	if !ok || ft.Result() == nil || ft.Result().Kind() != cc.Int {
		return false
	}
	ps := ft.Parameters()
	return len(ps) == 3 && inspect.IsPointerTo(ps[0].Type(), "RedisModuleCtx") &&
		inspect.IsPointerToPointerTo(ps[1].Type(), "RedisModuleString") && ps[2].Type().Kind() == cc.Int
}

const wantSig = "int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc)"

func signature(pass *analysis.Pass, m *inspect.Module, f *cparse.Func) {
	if hasOnLoadShape(f) {
		return
	}
	ft, ok := f.Decl.Type().(*cc.FunctionType)
	if !ok {
		return
	}
	var parts []string
	for _, p := range ft.Parameters() {
		parts = append(parts, inspect.CType(p.Type()))
	}
	got := fmt.Sprintf("%s (%s)", inspect.CType(ft.Result()), strings.Join(parts, ", "))
	m.Report(pass, f.Decl, "RedisModule_OnLoad has type %s, but Redis calls it as %s; declare it exactly so", got, wantSig)
}

// returns reports paths that fall off the end and constant return values
// other than REDISMODULE_OK (0) and REDISMODULE_ERR (1).
func returns(pass *analysis.Pass, m *inspect.Module, f *cparse.Func) {
	g := f.CFG()
	for _, b := range g.Blocks {
		if b.FallsOff() {
			d := m.Diagnostic(f.Def.CompoundStatement.Token2, "%s can reach its closing brace without a return: Redis then reads an undefined result; end every path with return REDISMODULE_OK or REDISMODULE_ERR", f.Name)
			pass.Report(d)
			continue
		}
		if !b.Live || b.Return == nil || b.Return.ExpressionList == nil {
			continue
		}
		e := b.Return.ExpressionList
		v, known := f.Unit.ConstInt(e)
		if !known || v == 0 || v == 1 {
			continue
		}
		meaning := "success"
		if v < 0 {
			meaning = "success, so a failed initialisation still loads the module"
		}
		m.Report(pass, e, "%s returns %d: Redis treats only REDISMODULE_ERR (1) as failure and any other value as %s; return REDISMODULE_ERR or REDISMODULE_OK", f.Name, v, meaning)
	}
}
