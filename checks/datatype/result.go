package datatype

import (
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
)

type resultKind int

const (
	resultOther     resultKind = iota // returned, passed on, ...: not followed
	resultDiscarded                   // an expression statement
	resultTested                      // compared against NULL where it is produced
	resultStored                      // stored into a variable or member
)

// target is where the returned pointer is stored.
type target struct {
	decl *cc.Declarator    // a variable (declared with the call as initializer, or assigned)
	expr cc.ExpressionNode // otherwise the left-hand side (s.type, types[0]), matched by text
	text string
	at   cc.Node // the assignment or declaration
}

// global reports whether the target outlives the function (a file-scope
// variable, a static local, or a member/element of something not known to
// be local).
func (tg *target) global() bool {
	if tg.decl != nil {
		return fileScope(tg.decl) || hasStaticStorage(tg.decl)
	}
	return true
}

// matches reports whether n is an occurrence of the target.
func (tg *target) matches(n cc.Node) bool {
	if tg.decl != nil {
		p, ok := n.(*cc.PrimaryExpression)
		if !ok || p.Case != cc.PrimaryExpressionIdent {
			return false
		}
		rd, ok := p.ResolvedTo().(*cc.Declarator)
		return ok && (rd == tg.decl || fileScope(rd) && fileScope(tg.decl) && rd.Name() == tg.decl.Name())
	}
	e, ok := n.(cc.ExpressionNode)
	if !ok {
		return false
	}
	switch e.(type) {
	case *cc.PostfixExpression, *cc.UnaryExpression:
	default:
		return false
	}
	return text(e) == tg.text
}

func (tg *target) String() string {
	if tg.decl != nil {
		return tg.decl.Name()
	}
	return tg.text
}

// result finds what the caller does with CreateDataType's result.
func (c *checker) result(t *typeCall) (resultKind, *target) {
	x := c.index(t.in.Unit)
	if x.isTest(t.call) {
		return resultTested, nil
	}
	p, below := x.up(t.call, true)
	switch q := p.(type) {
	case *cc.ExpressionStatement:
		return resultDiscarded, nil
	case *cc.AssignmentExpression:
		if q.Case != cc.AssignmentExpressionAssign || cc.Node(q.AssignmentExpression) != below {
			return resultOther, nil
		}
		if x.isTest(q) {
			return resultTested, nil // if ((T = Create(...)) == NULL)
		}
		if gp, _ := x.up(q, true); gp == nil {
			return resultOther, nil
		} else if _, ok := gp.(*cc.ExpressionStatement); !ok {
			return resultOther, nil // a = b = Create(...), f(a = ...), ...
		}
		tg := &target{at: q}
		lhs := cparse.Unparen(q.UnaryExpression)
		if d := cparse.Declarator(lhs); d != nil && cparse.Ident(lhs) == lhs {
			tg.decl = d
		} else {
			tg.expr, tg.text = lhs, text(lhs)
		}
		return resultStored, tg
	case *cc.Initializer:
		if id, ok := x.parent[q].(*cc.InitDeclarator); ok && id.Declarator != nil {
			return resultStored, &target{decl: id.Declarator, at: id}
		}
	}
	return resultOther, nil
}

// isTest reports whether the value of n is tested for NULL where it is
// produced: compared with NULL or 0, negated, or used as a condition.
func (x *unitIndex) isTest(n cc.Node) bool {
	p, below := x.up(n, true)
	switch q := p.(type) {
	case *cc.EqualityExpression:
		if q.Case != cc.EqualityExpressionEq && q.Case != cc.EqualityExpressionNeq {
			return false
		}
		other := q.RelationalExpression
		if cc.Node(other) == below {
			other = q.EqualityExpression
		}
		return cparse.IsNullConstant(other)
	case *cc.UnaryExpression:
		return q.Case == cc.UnaryExpressionNot
	case *cc.LogicalAndExpression, *cc.LogicalOrExpression:
		return true
	case *cc.ConditionalExpression:
		return cc.Node(q.LogicalOrExpression) == below
	case *cc.SelectionStatement:
		return q.Case != cc.SelectionStatementSwitch && cc.Node(q.ExpressionList) == below
	case *cc.IterationStatement:
		return cc.Node(q.ExpressionList) == below || q.Case == cc.IterationStatementFor && cc.Node(q.ExpressionList2) == below
	}
	return false
}

// testedIn reports whether f tests the target for NULL anywhere, or hands
// its value on (to another variable, a function of the module or the
// caller), where it may be tested.
func (c *checker) testedIn(f *cparse.Func, tg *target) bool {
	x := c.index(f.Unit)
	found := false
	cparse.Inspect(f.Body(), func(n cc.Node) bool {
		if found {
			return false
		}
		if tg.matches(n) && (x.isTest(n) || x.flows(n)) {
			found = true
		}
		return true
	})
	return found
}

// flows reports whether the value of n is copied or passed on: the
// right-hand side of an assignment, an initializer, a returned value, or an
// argument of a function that is not part of the API.
func (x *unitIndex) flows(n cc.Node) bool {
	p, below := x.up(n, true)
	switch q := p.(type) {
	case *cc.AssignmentExpression:
		return cc.Node(q.AssignmentExpression) == below
	case *cc.Initializer, *cc.JumpStatement:
		return true
	case *cc.ArgumentExpressionList:
		call, _ := x.callOfArg(n)
		return call != nil && !inspect.IsAPIName(cparse.CalleeName(call))
	}
	return false
}

// checkResult reports a result that is discarded, or stored and never
// compared against NULL.
func (c *checker) checkResult(t *typeCall) {
	kind, tg := c.result(t)
	switch kind {
	case resultDiscarded:
		d := c.m.Diagnostic(t.call, "%s: the result of %s is discarded: it returns NULL when the type cannot be registered (its name is taken by another loaded module, or the name, encver or method table is invalid) and the module then loads without it; keep it in a global and write if (MyType == NULL) return REDISMODULE_ERR;",
			t.label(), createDataType)
		d.Category = inspect.CategoryWarning
		c.pass.Report(d)
	case resultStored:
		if c.testedIn(t.in, tg) {
			return
		}
		if tg.global() {
			// The check may be in a function that calls this one
			// (OnLoad calling a helper that creates the types).
			callers := c.callers(t.in)
			for _, g := range c.m.Funcs() {
				if g != t.in && callers[g] && c.testedIn(g, tg) {
					return
				}
			}
		}
		d := c.m.Diagnostic(t.call, "%s: %s stores the result of %s in %s but never checks it for NULL: it returns NULL when the type cannot be registered (its name is taken by another loaded module, or the name, encver or method table is invalid), and the module then loads with a NULL type: values stored with it crash the server when Redis saves, frees or inspects them; write if (%s == NULL) return REDISMODULE_ERR; after the call",
			t.label(), t.in.Name, createDataType, tg, tg)
		d.Category = inspect.CategoryWarning
		if tg.decl != nil {
			d.Related = append(d.Related, c.m.Related(tg.decl, "%s is declared here", tg.decl.Name()))
		}
		c.pass.Report(d)
	}
}

// valueAPIs take a type pointer and make Redis call the type's per-value
// callbacks.
var valueAPIs = map[string]bool{
	"RedisModule_ModuleTypeSetValue":           true,
	"RedisModule_ModuleTypeReplaceValue":       true,
	"RedisModule_LoadDataTypeFromString":       true,
	"RedisModule_LoadDataTypeFromStringEncver": true,
	"RedisModule_SaveDataTypeToString":         true,
}

// noValues reports whether the module is not seen to store values of the
// type: its result is not kept, or what keeps it is never passed to
// ModuleTypeSetValue and the like. Without that evidence a table with only
// aux callbacks is taken as an aux-data-only type.
func (c *checker) noValues(t *typeCall) bool {
	kind, tg := c.result(t)
	if kind != resultStored || !tg.global() {
		return true
	}
	used := false
	for _, f := range c.m.Funcs() {
		cparse.Inspect(f.Body(), func(n cc.Node) bool {
			call, ok := n.(*cc.PostfixExpression)
			if used || !ok || call.Case != cc.PostfixExpressionCall || !valueAPIs[cparse.CalleeName(call)] {
				return !used
			}
			for _, a := range cparse.Args(call) {
				if tg.matches(cparse.StripCasts(a)) {
					used = true
				}
			}
			return true
		})
	}
	return !used
}
