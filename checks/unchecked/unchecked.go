// Package unchecked defines the unchecked rule: ignored results of API calls
// whose failure matters (the API table's MustUse), and possibly-NULL API
// results dereferenced without a NULL test.
package unchecked

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/redisapi"
	"github.com/rmlint/rmlint/reports"
)

// Analyzer is the unchecked rule.
var Analyzer = &analysis.Analyzer{
	Name:     "unchecked",
	Doc:      doc,
	URL:      "https://github.com/rmlint/rmlint/blob/main/docs/rules/unchecked.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

// Rule is unchecked's metadata.
var Rule = &inspect.Rule{Analyzer: Analyzer, Severity: reports.SeverityError, Tags: []string{"correctness", "crash", "registration"}, Precision: "high"}

// Results other rules already report when they are ignored.
var reportedElsewhere = map[string]string{
	"RedisModule_Init":           "initorder",
	"RedisModule_CreateDataType": "datatype", // discarded or never compared with NULL
}

type checker struct {
	m        *inspect.Module
	pass     *analysis.Pass
	reported map[string]bool
	notify   map[*cparse.Func]bool // keyspace notification callbacks; nil until needed
}

// notifiedKey reports whether e is the key parameter of f, a keyspace
// notification callback (registered with RedisModule_SubscribeToKeyspaceEvents):
// the key the event is about, which exists for most events.
func (c *checker) notifiedKey(f *cparse.Func, e cc.ExpressionNode) bool {
	v := cparse.Declarator(e)
	if v == nil || !isParam(f, v) || !inspect.IsPointerTo(v.Type(), "RedisModuleString") {
		return false
	}
	if c.notify == nil {
		c.notify = map[*cparse.Func]bool{}
		for _, g := range c.m.Funcs() {
			inspect.APICalls(g, func(call *cc.PostfixExpression, name string, api *redisapi.Func) {
				if api == nil || api.Name != "SubscribeToKeyspaceEvents" {
					return
				}
				for _, a := range cparse.Args(call) {
					if d := cparse.Declarator(a); d != nil {
						if h := c.m.Func(g.Unit, d.Name()); h != nil {
							c.notify[h] = true
						}
					}
				}
			})
		}
	}
	return c.notify[f]
}

func run(pass *analysis.Pass) (any, error) {
	m := inspect.Of(pass)
	c := &checker{m: m, pass: pass, reported: map[string]bool{}}
	for _, f := range m.Funcs() {
		if f.Body() == nil {
			continue
		}
		c.ignored(f)
		c.nulls(f)
	}
	return nil, nil
}

// report reports d once per position and message (functions defined in a
// project header are seen from every unit that includes it).
func (c *checker) report(d analysis.Diagnostic, f *cparse.Func) {
	k := fmt.Sprintf("%d|%s", d.Pos, d.Message)
	if c.reported[k] {
		return
	}
	c.reported[k] = true
	var cmd *cparse.Command
	if cmds := c.m.CommandOf(f); len(cmds) > 0 {
		cmd = cmds[0]
	}
	c.pass.Report(c.m.ForCommand(d, cmd))
}

// label is the prefix naming the command a handler serves, or "".
func (c *checker) label(f *cparse.Func) string {
	if cmds := c.m.CommandOf(f); len(cmds) > 0 {
		return inspect.Label(cmds[0]) + ": "
	}
	return ""
}

// ignored reports API calls whose whole statement is the call (possibly cast
// to void) when the table says their result must be used.
func (c *checker) ignored(f *cparse.Func) {
	inBlock := map[*cc.ExpressionStatement]bool{} // statements directly in a { } block
	var rw *readWalker
	cparse.Inspect(f.Body(), func(n cc.Node) bool {
		if bi, ok := n.(*cc.BlockItem); ok && bi.Case == cc.BlockItemStmt && bi.Statement != nil && bi.Statement.Case == cc.StatementExpr {
			inBlock[bi.Statement.ExpressionStatement] = true
		}
		es, ok := n.(*cc.ExpressionStatement)
		if !ok || es.ExpressionList == nil {
			return true
		}
		call := cparse.AsCall(es.ExpressionList)
		if call == nil {
			return true
		}
		name := cparse.CalleeName(call)
		api := redisapi.Lookup(name)
		if api == nil || !api.MustUse || !strings.HasPrefix(name, redisapi.Prefix) || reportedElsewhere[name] != "" {
			return true
		}
		if c.m.Callee(f.Unit, call) != nil {
			return true // the module defines a function of that name
		}
		args := cparse.Args(call)
		// An out-parameter written only on success: report only when the
		// variable is read afterwards.
		if i, v := outParam(api, call, args); i >= 0 {
			if v == nil || !fromInput(f, api, args) {
				// Not a plain variable (cannot follow it), or parsing
				// something the server produced (a reply, a stored
				// value), which does not fail in practice.
				return true
			}
			if rw == nil {
				rw = newReadWalker(f)
			}
			read := rw.readAfter(es, v)
			if read == nil {
				return true
			}
			c.reportOut(f, call, api, v, read)
			return true
		}
		if api.Writes {
			// Key writers fail only on a key not opened for writing
			// (or with an iterator active): report them when the key
			// is known to be opened without REDISMODULE_WRITE.
			if k := keyParam(api); k >= 0 && k < len(args) {
				if open := readOnlyKey(f, args[k]); open != nil {
					d := c.m.Diagnostic(call, "%sthe result of %s is ignored and the key was opened without REDISMODULE_WRITE: it always returns REDISMODULE_ERR then and does nothing (%s); open the key with REDISMODULE_READ|REDISMODULE_WRITE and test the result",
						c.label(f), name, strings.TrimSuffix(api.Note, "."))
					d.Related = append(d.Related, c.m.Related(open, "the key is opened here"))
					c.report(d, f)
				}
			}
			return true
		}
		c.reportIgnored(f, es, call, api, inBlock[es])
		return true
	})
}

func (c *checker) reportIgnored(f *cparse.Func, es *cc.ExpressionStatement, call *cc.PostfixExpression, api *redisapi.Func, direct bool) {
	name := api.CName()
	onLoad := c.m.OnLoad != nil && f == c.m.OnLoad
	why := ""
	if api.Note != "" {
		why = " (" + strings.TrimSuffix(api.Note, ".") + ")"
	}
	var msg string
	switch api.Returns {
	case redisapi.ReturnsStatus:
		what := "the code goes on as if it had worked"
		if api.OnLoadOnly {
			what = "the module then loads without what it registers"
		}
		fix := fmt.Sprintf("test it: if (%s(...) == REDISMODULE_ERR) { handle the failure }", name)
		if onLoad {
			fix = fmt.Sprintf("write if (%s(...) == REDISMODULE_ERR) return REDISMODULE_ERR;", name)
		} else if api.OnLoadOnly {
			fix = fmt.Sprintf("test it (if (%s(...) == REDISMODULE_ERR) ...) and make RedisModule_OnLoad return REDISMODULE_ERR", name)
		}
		msg = fmt.Sprintf("%sthe result of %s is ignored: it returns REDISMODULE_ERR when it fails%s and %s; %s", c.label(f), name, why, what, fix)
	case redisapi.ReturnsNullable:
		msg = fmt.Sprintf("%sthe result of %s is discarded: the call has no other effect; keep the pointer and test it for NULL (NULL when %s)", c.label(f), name, api.NullWhen)
	default:
		msg = fmt.Sprintf("%sthe result of %s is ignored%s: keep it and test it", c.label(f), name, why)
		if api.Name == "Fork" {
			msg = fmt.Sprintf("%sthe result of %s is ignored%s: parent and child both run the code that follows, and a failure goes unnoticed; write int pid = %s(...); if (pid == -1) { fork failed } else if (pid == 0) { child: work, then RedisModule_ExitFromChild } else { parent }", c.label(f), name, why, name)
		}
	}
	d := c.m.Diagnostic(call, "%s", msg)
	if onLoad && direct && api.Returns == redisapi.ReturnsStatus {
		if text, ok := c.sourceText(f, call); ok && c.plainStatement(f, es, call) {
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message: fmt.Sprintf("Return REDISMODULE_ERR when %s fails", name),
				TextEdits: []analysis.TextEdit{{
					Pos:     c.m.Files.Pos(es),
					End:     c.m.Files.End(es),
					NewText: []byte("if (" + text + " == REDISMODULE_ERR) return REDISMODULE_ERR;"),
				}},
			}}
		}
	}
	c.report(d, f)
}

// reportOut reports an ignored status whose out-parameter v is read later.
func (c *checker) reportOut(f *cparse.Func, call *cc.PostfixExpression, api *redisapi.Func, v *cc.Declarator, read cc.Node) {
	name := api.CName()
	in := " the input"
	args := cparse.Args(call)
	for i, p := range api.Params {
		if i < len(args) && strings.Contains(p.Type, "RedisModuleString *") {
			in = " " + strings.Join(strings.Fields(cc.NodeSource(args[i])), " ")
			break
		}
	}
	fix := fmt.Sprintf("test the result (if (%s(..., &%s) != REDISMODULE_OK) ...) and reject the input", name, v.Name())
	switch {
	case c.m.OnLoad != nil && f == c.m.OnLoad:
		fix = fmt.Sprintf("write if (%s(..., &%s) != REDISMODULE_OK) return REDISMODULE_ERR;", name, v.Name())
	case c.label(f) != "":
		fix = fmt.Sprintf("write if (%s(..., &%s) != REDISMODULE_OK) return RedisModule_ReplyWithError(ctx, \"ERR invalid value\");", name, v.Name())
	}
	var d analysis.Diagnostic
	if uninitialised(f, v, call) {
		d = c.m.Diagnostic(call, "%sthe result of %s is ignored but %s is read afterwards: when%s does not parse, it returns REDISMODULE_ERR and leaves %s uninitialised; %s",
			c.label(f), name, v.Name(), in, v.Name(), fix)
	} else {
		d = c.m.Diagnostic(call, "%sthe result of %s is ignored but %s is read afterwards: when%s does not parse, it returns REDISMODULE_ERR and %s silently keeps its previous value; %s",
			c.label(f), name, v.Name(), in, v.Name(), fix)
		d.Category = inspect.CategoryWarning
	}
	d.Related = append(d.Related, c.m.Related(read, "%s is read here", v.Name()))
	c.report(d, f)
}

// plainStatement reports whether the statement es, made of call, is written
// as such in the source: the statement's first and last tokens, the callee's
// name and the call's parentheses do not come from a macro (the arguments
// may use macros: the fix copies their text).
func (c *checker) plainStatement(f *cparse.Func, es *cc.ExpressionStatement, call *cc.PostfixExpression) bool {
	toks := cc.NodeTokens(es)
	id := cparse.CalleeIdent(call)
	if len(toks) == 0 || id == nil {
		return false
	}
	for _, n := range []cc.Node{toks[0], toks[len(toks)-1], id, call.Token, call.Token2} {
		if !f.Unit.FromSource(n) {
			return false
		}
	}
	return true
}

// sourceText returns the text of a call as written in its unit's main file,
// from the callee's name to the closing parenthesis.
func (c *checker) sourceText(f *cparse.Func, n cc.Node) (string, bool) {
	toks := cc.NodeTokens(n)
	if len(toks) == 0 || !f.Unit.FromSource(toks[0]) || !f.Unit.FromSource(toks[len(toks)-1]) {
		return "", false
	}
	first, last := toks[0].Position(), toks[len(toks)-1].Position()
	if first.Filename != f.Unit.Path || last.Filename != f.Unit.Path {
		return "", false
	}
	end := last.Offset + len(toks[len(toks)-1].SrcStr())
	if first.Offset < 0 || end > len(f.Unit.Src) || first.Offset >= end {
		return "", false
	}
	return string(f.Unit.Src[first.Offset:end]), true
}

// outParam returns the index of the first out-parameter of the call (a
// non-const pointer to a complete, non-void type, as StringToLongLong's
// long long *), or -1 when it has none, and the variable v when the
// argument is &v.
func outParam(api *redisapi.Func, call *cc.PostfixExpression, args []cc.ExpressionNode) (int, *cc.Declarator) {
	var params []*cc.Parameter
	if id := cparse.CalleeIdent(call); id != nil {
		t := id.Type()
		if pt, ok := t.(*cc.PointerType); ok {
			t = pt.Elem()
		}
		if ft, ok := t.(*cc.FunctionType); ok {
			params = ft.Parameters()
		}
	}
	for i, p := range api.Params {
		if i >= len(args) || i >= len(params) {
			break
		}
		t := strings.TrimSpace(p.Type)
		if strings.HasPrefix(t, "const ") || !strings.HasSuffix(t, "*") || strings.HasSuffix(t, "**") {
			continue
		}
		pt, ok := params[i].Type().(*cc.PointerType)
		if !ok || pt.Elem() == nil || pt.Elem().Kind() == cc.Void || pt.Elem().IsIncomplete() {
			continue // a handle (RedisModuleKey *, ...) or void *
		}
		if u, ok := cparse.StripCasts(args[i]).(*cc.UnaryExpression); ok && u.Case == cc.UnaryExpressionAddrof {
			return i, cparse.Declarator(u.CastExpression)
		}
		return i, nil
	}
	return -1, nil
}

// fromInput reports whether the call parses a string the module received:
// an element of a RedisModuleString ** parameter (argv) or a RedisModuleString
// * parameter (a helper given argv[i]).
func fromInput(f *cparse.Func, api *redisapi.Func, args []cc.ExpressionNode) bool {
	for i, p := range api.Params {
		if i >= len(args) || !strings.Contains(p.Type, "RedisModuleString *") {
			continue
		}
		e := cparse.StripCasts(args[i])
		if v := cparse.Declarator(e); v != nil {
			return isParam(f, v) && inspect.IsPointerTo(v.Type(), "RedisModuleString")
		}
		if x, ok := e.(*cc.PostfixExpression); ok && x.Case == cc.PostfixExpressionIndex {
			v := cparse.Declarator(x.PostfixExpression)
			return v != nil && isParam(f, v) && inspect.IsPointerToPointerTo(v.Type(), "RedisModuleString")
		}
		return false
	}
	return false
}

// keyParam is the index of the RedisModuleKey* parameter, or -1.
func keyParam(api *redisapi.Func) int {
	for i, p := range api.Params {
		if strings.Join(strings.Fields(p.Type), " ") == "RedisModuleKey *" {
			return i
		}
	}
	return -1
}

// writeBit is REDISMODULE_WRITE's value, from the API table.
var writeBit = func() int64 {
	if c := redisapi.LookupConstant("REDISMODULE_WRITE"); c != nil {
		if v, ok := constValue(c.Value); ok {
			return v
		}
	}
	return 0
}()

// constValue evaluates the table's constant text: "N", "(N)", "(1<<N)".
func constValue(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	for strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if a, b, ok := strings.Cut(s, "<<"); ok {
		x, ok1 := constValue(a)
		y, ok2 := constValue(b)
		return x << y, ok1 && ok2 && y >= 0 && y < 63
	}
	s = strings.TrimRight(s, "uUlL")
	v, err := strconv.ParseInt(s, 0, 64)
	return v, err == nil
}

// readOnlyMode reports whether an OpenKey mode argument is known to lack
// REDISMODULE_WRITE.
func readOnlyMode(v int64) bool { return writeBit != 0 && v&writeBit == 0 }

// readOnlyKey returns the OpenKey call that gives a key variable its value
// when every assignment of the variable in f is such a call with a constant
// mode without REDISMODULE_WRITE; nil otherwise.
func readOnlyKey(f *cparse.Func, arg cc.ExpressionNode) cc.Node {
	d := cparse.Declarator(arg)
	if d == nil || d.AddressTaken() || d.StorageDuration() != cc.Automatic {
		return nil
	}
	var first cc.Node
	ok := true
	check := func(rhs cc.ExpressionNode) {
		call := cparse.AsCall(rhs)
		if call == nil || cparse.CalleeName(call) != "RedisModule_OpenKey" {
			ok = false
			return
		}
		args := cparse.Args(call)
		i := paramIndex(redisapi.Lookup("RedisModule_OpenKey"), "mode")
		if i < 0 || i >= len(args) {
			ok = false
			return
		}
		mode, known := f.Unit.ConstInt(args[i])
		if !known || !readOnlyMode(mode) {
			ok = false
			return
		}
		if first == nil {
			first = call
		}
	}
	cparse.Inspect(f.Body(), func(n cc.Node) bool {
		switch x := n.(type) {
		case *cc.InitDeclarator:
			if x.Declarator == d {
				switch {
				case x.Case != cc.InitDeclaratorInit:
					// declared without a value, assigned below
				case x.Initializer == nil || x.Initializer.Case != cc.InitializerExpr:
					ok = false
				default:
					check(x.Initializer.AssignmentExpression)
				}
			}
		case *cc.AssignmentExpression:
			if x.Case != cc.AssignmentExpressionCond && cparse.Declarator(x.UnaryExpression) == d {
				if x.Case != cc.AssignmentExpressionAssign {
					ok = false
				} else {
					check(x.AssignmentExpression)
				}
			}
		case *cc.PostfixExpression:
			if (x.Case == cc.PostfixExpressionInc || x.Case == cc.PostfixExpressionDec) && cparse.Declarator(x.PostfixExpression) == d {
				ok = false
			}
		}
		return ok
	})
	if !ok || first == nil {
		return nil
	}
	return first
}

// sortedDiags orders buffered findings by position.
func sortedDiags(ds []analysis.Diagnostic) []analysis.Diagnostic {
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].Pos < ds[j].Pos })
	return ds
}
