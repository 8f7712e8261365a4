package cparse

import (
	"reflect"
	"sync"

	"modernc.org/cc/v4"
)

// Inspect traverses the AST below n in depth-first order, like go/ast.Inspect:
// f is called for each node; if it returns false the node's children are
// skipped. Tokens are not visited. cc/v4 has no visitor: walk (generated
// from cc/v4's types, walk_gen.go) visits the exported node fields of each
// node type in order.
func Inspect(n cc.Node, f func(cc.Node) bool) {
	if isNil(n) {
		return
	}
	walk(n, f)
}

//go:generate go run ./internal/genwalk/cmd

// inspectReflect is Inspect by reflection (with the field layout cached per
// type): the walk of node types walk_gen.go does not know, and the
// reference the generated walk is tested against.
func inspectReflect(n cc.Node, f func(cc.Node) bool) {
	if isNil(n) {
		return
	}
	inspect(reflect.ValueOf(n), f)
}

var nodeType = reflect.TypeOf((*cc.Node)(nil)).Elem()

// fieldPlan lists, per struct type, the indexes of fields that can hold nodes.
var fieldPlans sync.Map // reflect.Type -> []int

func plan(t reflect.Type) []int {
	if v, ok := fieldPlans.Load(t); ok {
		return v.([]int)
	}
	var idx []int
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() || sf.Anonymous {
			continue
		}
		ft := sf.Type
		switch {
		case ft.Kind() == reflect.Interface && ft.Implements(nodeType) || ft.Kind() == reflect.Interface && nodeType.Implements(ft) && ft.NumMethod() > 0:
			idx = append(idx, i)
		case ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Struct && ft.Implements(nodeType):
			idx = append(idx, i)
		}
	}
	fieldPlans.Store(t, idx)
	return idx
}

func inspect(v reflect.Value, f func(cc.Node) bool) {
	for v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return
	}
	n, ok := v.Interface().(cc.Node)
	if !ok {
		return
	}
	if !f(n) {
		return
	}
	s := v.Elem()
	if s.Kind() != reflect.Struct {
		return
	}
	for _, i := range plan(s.Type()) {
		inspect(s.Field(i), f)
	}
}

func isNil(n cc.Node) bool {
	if n == nil {
		return true
	}
	v := reflect.ValueOf(n)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// Unparen strips redundant parentheses: (x) → x.
func Unparen(e cc.ExpressionNode) cc.ExpressionNode {
	for {
		p, ok := e.(*cc.PrimaryExpression)
		if !ok || p.Case != cc.PrimaryExpressionExpr {
			return e
		}
		inner, ok := p.ExpressionList.(cc.ExpressionNode)
		if !ok || inner == nil {
			return e
		}
		e = inner
	}
}

// StripCasts strips parentheses and casts: (void*)(x) → x.
func StripCasts(e cc.ExpressionNode) cc.ExpressionNode {
	for {
		e = Unparen(e)
		c, ok := e.(*cc.CastExpression)
		if !ok || c.Case != cc.CastExpressionCast {
			return e
		}
		e = c.CastExpression
	}
}

// AsCall returns e as a function call, looking through parentheses and casts.
func AsCall(e cc.ExpressionNode) *cc.PostfixExpression {
	if e == nil {
		return nil
	}
	if pe, ok := StripCasts(e).(*cc.PostfixExpression); ok && pe.Case == cc.PostfixExpressionCall {
		return pe
	}
	return nil
}

// CalleeName is the name of the function a call calls directly (an
// identifier, possibly parenthesised or dereferenced), or "".
func CalleeName(call *cc.PostfixExpression) string {
	if id := CalleeIdent(call); id != nil {
		return id.Token.SrcStr()
	}
	return ""
}

// CalleeIdent is the identifier a call calls directly, or nil.
func CalleeIdent(call *cc.PostfixExpression) *cc.PrimaryExpression {
	if call == nil || call.Case != cc.PostfixExpressionCall {
		return nil
	}
	e := Unparen(call.PostfixExpression)
	// (*fp)(...) calls fp.
	if u, ok := e.(*cc.UnaryExpression); ok && u.Case == cc.UnaryExpressionDeref {
		e = Unparen(u.CastExpression)
	}
	if p, ok := e.(*cc.PrimaryExpression); ok && p.Case == cc.PrimaryExpressionIdent {
		return p
	}
	return nil
}

// Args returns a call's arguments.
func Args(call *cc.PostfixExpression) []cc.ExpressionNode {
	var r []cc.ExpressionNode
	for l := call.ArgumentExpressionList; l != nil; l = l.ArgumentExpressionList {
		r = append(r, l.AssignmentExpression)
	}
	return r
}

// Ident returns e as an identifier expression (through parentheses and
// casts), or nil.
func Ident(e cc.ExpressionNode) *cc.PrimaryExpression {
	if e == nil {
		return nil
	}
	if p, ok := StripCasts(e).(*cc.PrimaryExpression); ok && p.Case == cc.PrimaryExpressionIdent {
		return p
	}
	return nil
}

// Declarator returns the declarator an identifier expression refers to.
func Declarator(e cc.ExpressionNode) *cc.Declarator {
	if id := Ident(e); id != nil {
		if d, ok := id.ResolvedTo().(*cc.Declarator); ok {
			return d
		}
	}
	return nil
}

// IsNullConstant reports whether e is a null pointer constant (0, NULL,
// (void*)0).
func IsNullConstant(e cc.ExpressionNode) bool {
	if e == nil {
		return false
	}
	e = StripCasts(e)
	switch v := e.Value().(type) {
	case cc.Int64Value:
		return v == 0
	case cc.UInt64Value:
		return v == 0
	}
	return false
}
