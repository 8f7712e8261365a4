package keypos

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/checks/effects"
	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
)

// checkUsage compares the key positions a command declares with the argv
// elements its handler uses as keys: opened with RedisModule_OpenKey or
// KeyExists (the key model, including loops over argv), or passed to a
// core command at a key position through RedisModule_Call. It only speaks
// when the model is complete: no key opens it cannot place, no shifted
// argv, no argv vectors handed to Call, no work done elsewhere.
func checkUsage(pass *analysis.Pass, m *inspect.Module, idx *effects.Index, c *cparse.Command) {
	if !c.KeysKnown || c.Handler == nil || !c.FlagsKnown || c.FirstKey < 0 || c.KeyStep < 0 {
		return
	}
	for _, w := range strings.Fields(strings.ToLower(c.Flags)) {
		if w == "getkeys-api" {
			return // the handler reports its keys itself
		}
	}
	f, l, s := c.FirstKey, c.LastKey, c.KeyStep
	if f > 0 && (s == 0 || l >= 0 && l < f) {
		return // a malformed triple: reported by checkTriple
	}
	km := KeyUses(m, c)
	eff := idx.For(c.Handler)
	if km.Shifted || len(km.Other) > 0 || eff.CallKeysUnknown {
		return
	}
	label := inspect.Label(c)
	triple := fmt.Sprintf("%d, %d, %d", f, l, s)
	declared := func(k int64) bool {
		if f == 0 || k < f || (k-f)%s != 0 {
			return false
		}
		return l < 0 || k <= l
	}
	type use struct {
		index int64
		node  cc.Node
		what  string
	}
	var uses []use
	for _, u := range km.Fixed {
		uses = append(uses, use{u.Index, u.Call, u.API})
	}
	for _, u := range eff.CallKeys {
		uses = append(uses, use{u.Index, u.Call, `RedisModule_Call("` + u.Command + `")`})
	}
	reported := map[int64]bool{}
	for _, u := range uses {
		if declared(u.index) || reported[u.index] {
			continue
		}
		reported[u.index] = true
		var d analysis.Diagnostic
		if f == 0 {
			d = m.Diagnostic(c.KeyArgs[0], "%s uses argv[%d] as a key (%s) but declares no keys (%s): cluster mode does not redirect it to the key's node and ACL key patterns are not checked; declare the key positions (e.g. %d, %d, 1)", label, u.index, u.what, triple, u.index, u.index)
		} else {
			d = m.Diagnostic(c.KeyArgs[0], "%s uses argv[%d] as a key (%s) but its declared key positions (%s) do not include it: cluster routing and ACL key checks miss that key; declare positions that cover it", label, u.index, u.what, triple)
		}
		d.Related = append(d.Related, m.Related(u.node, "argv[%d] used as a key here", u.index))
		pass.Report(m.ForCommand(d, c))
	}
	for _, v := range km.Variadic {
		ok := f > 0 && l < 0 && v.From >= f && (v.From-f)%s == 0 && v.Step%s == 0
		if ok {
			continue
		}
		d := m.Diagnostic(c.KeyArgs[0], "%s opens argv[%d], argv[%d], ... (every %d) up to the last argument as keys, but declares %s; declare %d, -1, %d", label, v.From, v.From+v.Step, v.Step, triple, v.From, v.Step)
		d.Related = append(d.Related, m.Related(v.Call, "keys opened in this loop"))
		pass.Report(m.ForCommand(d, c))
	}
	// Declared positions never used as keys, for fixed ranges only, when the
	// handler uses keys at all (a stub that only replies is not judged) and
	// hands nothing elsewhere.
	if f == 0 || l < 0 || eff.Opaque || len(km.Variadic) > 0 || len(uses) == 0 {
		return
	}
	used := func(k int64) bool {
		for _, u := range uses {
			if u.index == k {
				return true
			}
		}
		return false
	}
	mentioned := argvMentions(m, c.Handler)
	for k := f; k <= l; k += s {
		if used(k) || mentioned[k] {
			continue
		}
		d := m.Diagnostic(c.KeyArgs[0], "%s declares argv[%d] as a key (%s) but never uses it as one: cluster mode routes the command by an argument that is not a key and ACL key patterns are checked against it; declare only the arguments that are keys", label, k, triple)
		d.Category = inspect.CategoryWarning
		pass.Report(m.ForCommand(d, c))
	}
}

// argvMentions lists the constant argv indexes the handler uses for
// anything other than reading it as a key (passed to functions rmlint does
// not follow, stored, ...): such an argument may still be a key.
func argvMentions(m *inspect.Module, f *cparse.Func) map[int64]bool {
	r := map[int64]bool{}
	argv, _ := handlerParams(f)
	if argv == nil {
		return r
	}
	cparse.Inspect(f.Body(), func(n cc.Node) bool {
		call, ok := n.(*cc.PostfixExpression)
		if !ok || call.Case != cc.PostfixExpressionCall {
			return true
		}
		name := cparse.CalleeName(call)
		if name == "RedisModule_OpenKey" || name == "RedisModule_KeyExists" || name == "RedisModule_Call" {
			return true
		}
		// Reading the argument as a number or a string is not a key use.
		if strings.HasPrefix(name, "RedisModule_StringTo") || name == "RedisModule_StringPtrLen" || strings.HasPrefix(name, "RedisModule_ReplyWith") {
			return true
		}
		for _, a := range cparse.Args(call) {
			cparse.Inspect(a, func(x cc.Node) bool {
				if pe, ok := x.(*cc.PostfixExpression); ok && pe.Case == cc.PostfixExpressionIndex && cparse.Declarator(pe.PostfixExpression) == argv {
					if e, ok := pe.ExpressionList.(cc.ExpressionNode); ok {
						if k, ok := f.Unit.ConstInt(e); ok {
							r[k] = true
						}
					}
				}
				return true
			})
		}
		return true
	})
	return r
}
