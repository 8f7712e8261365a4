// Package apiversion defines the apiversion rule: calls of API functions
// that the oldest targeted Redis release does not have.
package apiversion

import (
	"golang.org/x/tools/go/analysis"
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/redisapi"
	"github.com/rmlint/rmlint/reports"
)

// Analyzer is the apiversion rule.
var Analyzer = &analysis.Analyzer{
	Name:     "apiversion",
	Doc:      doc,
	URL:      "https://github.com/rmlint/rmlint/blob/main/docs/rules/apiversion.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

// Rule is apiversion's metadata.
var Rule = &inspect.Rule{Analyzer: Analyzer, Severity: reports.SeverityError, Tags: []string{"compatibility", "crash"}, Precision: "high"}

func run(pass *analysis.Pass) (any, error) {
	m := inspect.Of(pass)
	guarded := guardedNames(m)
	for _, f := range m.Funcs() {
		inspect.APICalls(f, func(call *cc.PostfixExpression, name string, api *redisapi.Func) {
			if api == nil || api.Since.IsZero() || !m.Target.Less(api.Since) || guarded[name] {
				return
			}
			if m.Callee(f.Unit, call) != nil {
				return // a module function that happens to use the prefix
			}
			m.Report(pass, call, "%s was added in Redis %s, but the oldest Redis this module targets is %s (--redis-version): there its pointer stays NULL and this call crashes the server; test RMAPI_FUNC_SUPPORTED(%s) first and fall back, or raise --redis-version",
				name, api.Since, m.Target, name)
		})
	}
	return nil, nil
}

// guardedNames lists the API functions whose pointer the module uses as a
// value anywhere (tests it against NULL, passes it to RMAPI_FUNC_SUPPORTED,
// stores it). Whether a particular call is dominated by such a test is not
// tracked: a module that tests the pointer at all is taken to know, and
// rmlint stays silent rather than guess.
func guardedNames(m *inspect.Module) map[string]bool {
	guarded := map[string]bool{}
	mark := func(root cc.Node) {
		cparse.Inspect(root, func(n cc.Node) bool {
			if e, ok := n.(cc.ExpressionNode); ok {
				markValues(e, guarded)
				return false
			}
			return true
		})
	}
	for _, u := range m.Units {
		for _, f := range u.Funcs {
			mark(f.Body())
		}
		// File-scope initializers (e.g. static int has_x = ...).
		for l := u.AST.TranslationUnit; l != nil; l = l.TranslationUnit {
			if ed := l.ExternalDeclaration; ed != nil && ed.Case == cc.ExternalDeclarationDecl && u.IsProjectFile(ed.Position().Filename) {
				mark(ed.Declaration)
			}
		}
	}
	return guarded
}

// markValues records RedisModule_* identifiers used as values in e (not as
// the callee of a call).
func markValues(e cc.Node, guarded map[string]bool) {
	cparse.Inspect(e, func(n cc.Node) bool {
		switch x := n.(type) {
		case *cc.PostfixExpression:
			if x.Case == cc.PostfixExpressionCall {
				for _, a := range cparse.Args(x) {
					markValues(a, guarded)
				}
				if cparse.CalleeIdent(x) == nil {
					markValues(x.PostfixExpression, guarded)
				}
				return false
			}
		case *cc.PrimaryExpression:
			if x.Case == cc.PrimaryExpressionIdent {
				if name := x.Token.SrcStr(); inspect.IsAPIName(name) {
					guarded[name] = true
				}
			}
		}
		return true
	})
}
