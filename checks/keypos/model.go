package keypos

import (
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
)

// KeyModel is what a command's handler does with its arguments as keys: the
// argv elements it passes as the key name of RedisModule_OpenKey (or
// RedisModule_KeyExists), found syntactically in the handler and in the
// module functions it passes its argv to unchanged.
type KeyModel struct {
	Command *cparse.Command
	Handler *cparse.Func // nil when the handler is NULL or not in the analysed files

	// Fixed are the key opens of argv[K] with a constant K, in source order.
	Fixed []KeyUse
	// Variadic are key opens inside loops over the arguments,
	// `for (j = From; j < argc; j += Step) OpenKey(ctx, argv[j], ...)`.
	Variadic []VariadicUse
	// Other are key opens whose key name is neither (a computed index, a
	// string built by the module, a loop the model does not recognise).
	Other []*cc.PostfixExpression
	// Shifted is set when the handler or a helper reassigns argv or argc
	// (argv++, argc--): its indexes are then not command positions, and its
	// key opens are listed in Other.
	Shifted bool
}

// KeyUse is one key open of a constant argv index.
type KeyUse struct {
	Index     int64                 // K in argv[K]
	Call      *cc.PostfixExpression // the OpenKey / KeyExists call
	API       string                // "RedisModule_OpenKey" or "RedisModule_KeyExists"
	In        *cparse.Func          // the function containing the call
	Mode      int64                 // OpenKey's mode argument, when ModeKnown
	ModeKnown bool
}

// VariadicUse is one key open inside a loop over argv: the keys are
// argv[From], argv[From+Step], ... up to argc.
type VariadicUse struct {
	From, Step int64
	Call       *cc.PostfixExpression
	API        string
	In         *cparse.Func
	Loop       *cc.IterationStatement
	Mode       int64
	ModeKnown  bool
}

// keyAPIs maps the API functions that take a key name to its parameter.
var keyAPIs = map[string]int{
	"RedisModule_OpenKey":   1,
	"RedisModule_KeyExists": 1,
}

// KeyUses builds the key model of command c: which argv elements its
// handler opens as keys (constant indexes), and which loops over argv open
// keys (from, step). The handler's own body is searched, and so are the
// module functions the handler (or such a function) passes its argv
// parameter to unchanged, up to a small depth. It never reports anything;
// comparing the model with c's declared key positions is for a caller.
func KeyUses(m *inspect.Module, c *cparse.Command) *KeyModel {
	km := &KeyModel{Command: c, Handler: c.Handler}
	if c.Handler == nil {
		return km
	}
	argv, argc := handlerParams(c.Handler)
	if argv == nil {
		return km
	}
	mb := &modelBuilder{m: m, km: km, seen: map[*cparse.Func]bool{}}
	mb.visit(c.Handler, argv, argc, 0)
	return km
}

type modelBuilder struct {
	m    *inspect.Module
	km   *KeyModel
	seen map[*cparse.Func]bool
}

const maxHelperDepth = 3

// loopInfo is a recognised `for (j = A; j < argc...; j += S)` loop.
type loopInfo struct {
	stmt     *cc.IterationStatement
	v        *cc.Declarator
	from, by int64
}

func (mb *modelBuilder) visit(f *cparse.Func, argv, argc *cc.Declarator, depth int) {
	if mb.seen[f] {
		return
	}
	mb.seen[f] = true
	shifted := modified(f.Body(), argv) || argc != nil && modified(f.Body(), argc)
	if shifted {
		mb.km.Shifted = true
	}
	// Loops first, so a call inside one can be matched to its variable.
	var loops []*loopInfo
	cparse.Inspect(f.Body(), func(n cc.Node) bool {
		if it, ok := n.(*cc.IterationStatement); ok {
			if l := recogniseLoop(f, it, argc); l != nil {
				loops = append(loops, l)
			}
		}
		return true
	})
	var stack []*loopInfo
	var walk func(n cc.Node)
	walk = func(n cc.Node) {
		cparse.Inspect(n, func(x cc.Node) bool {
			if it, ok := x.(*cc.IterationStatement); ok && x != n {
				for _, l := range loops {
					if l.stmt == it {
						stack = append(stack, l)
						walk(it)
						stack = stack[:len(stack)-1]
						return false
					}
				}
			}
			call, ok := x.(*cc.PostfixExpression)
			if !ok || call.Case != cc.PostfixExpressionCall {
				return true
			}
			name := cparse.CalleeName(call)
			args := cparse.Args(call)
			if at, isKey := keyAPIs[name]; isKey && at < len(args) {
				mb.keyArg(f, call, name, args, args[at], argv, stack, shifted)
				return true
			}
			if depth < maxHelperDepth && !shifted {
				if g := mb.m.Callee(f.Unit, call); g != nil && g != f {
					mb.helper(g, args, argv, argc, depth)
				}
			}
			return true
		})
	}
	walk(f.Body())
}

// helper follows a call that passes argv on unchanged.
func (mb *modelBuilder) helper(g *cparse.Func, args []cc.ExpressionNode, argv, argc *cc.Declarator, depth int) {
	ft, ok := g.Decl.Type().(*cc.FunctionType)
	if !ok || len(ft.Parameters()) != len(args) {
		return
	}
	ps := ft.Parameters()
	var gArgv, gArgc *cc.Declarator
	for i, a := range args {
		if a == nil || cparse.StripCasts(a) != cparse.Unparen(a) {
			continue
		}
		switch d := cparse.Declarator(a); {
		case d == nil:
		case d == argv && inspect.IsPointerToPointerTo(ps[i].Type(), "RedisModuleString"):
			gArgv = ps[i].Declarator
		case argc != nil && d == argc && isInteger(ps[i].Type()):
			gArgc = ps[i].Declarator
		}
	}
	if gArgv != nil {
		mb.visit(g, gArgv, gArgc, depth+1)
	}
}

func (mb *modelBuilder) keyArg(f *cparse.Func, call *cc.PostfixExpression, api string, args []cc.ExpressionNode, key cc.ExpressionNode, argv *cc.Declarator, loops []*loopInfo, shifted bool) {
	var mode int64
	var modeKnown bool
	if api == "RedisModule_OpenKey" && len(args) > 2 {
		mode, modeKnown = f.Unit.ConstInt(args[2])
	}
	ix, ok := cparse.StripCasts(key).(*cc.PostfixExpression)
	if shifted || !ok || ix.Case != cc.PostfixExpressionIndex || cparse.Declarator(ix.PostfixExpression) != argv {
		mb.km.Other = append(mb.km.Other, call)
		return
	}
	if k, ok := f.Unit.ConstInt(ix.ExpressionList); ok {
		mb.km.Fixed = append(mb.km.Fixed, KeyUse{Index: k, Call: call, API: api, In: f, Mode: mode, ModeKnown: modeKnown})
		return
	}
	v, off, ok := varPlusConst(f, ix.ExpressionList)
	if ok {
		for i := len(loops) - 1; i >= 0; i-- {
			if l := loops[i]; l.v == v {
				mb.km.Variadic = append(mb.km.Variadic, VariadicUse{From: l.from + off, Step: l.by, Call: call, API: api, In: f, Loop: l.stmt, Mode: mode, ModeKnown: modeKnown})
				return
			}
		}
	}
	mb.km.Other = append(mb.km.Other, call)
}

// varPlusConst matches j, j + c, c + j and j - c.
func varPlusConst(f *cparse.Func, e cc.ExpressionNode) (*cc.Declarator, int64, bool) {
	e = cparse.StripCasts(e)
	if d := cparse.Declarator(e); d != nil {
		return d, 0, true
	}
	add, ok := e.(*cc.AdditiveExpression)
	if !ok {
		return nil, 0, false
	}
	l, r := add.AdditiveExpression, add.MultiplicativeExpression
	switch add.Case {
	case cc.AdditiveExpressionAdd:
		if d := cparse.Declarator(l); d != nil {
			if k, ok := f.Unit.ConstInt(r); ok {
				return d, k, true
			}
		}
		if d := cparse.Declarator(r); d != nil {
			if k, ok := f.Unit.ConstInt(l); ok {
				return d, k, true
			}
		}
	case cc.AdditiveExpressionSub:
		if d := cparse.Declarator(l); d != nil {
			if k, ok := f.Unit.ConstInt(r); ok {
				return d, -k, true
			}
		}
	}
	return nil, 0, false
}

// recogniseLoop matches `for (j = A; <j compared with argc>; j++ / j += S)`
// (also with `int j = A`), where the body does not assign j. argc may be
// nil (a helper that did not receive argc): then any bound is accepted.
func recogniseLoop(f *cparse.Func, it *cc.IterationStatement, argc *cc.Declarator) *loopInfo {
	var v *cc.Declarator
	var from int64
	cond, post := it.ExpressionList2, it.ExpressionList3
	switch it.Case {
	case cc.IterationStatementFor:
		a, ok := cparse.StripCasts(it.ExpressionList).(*cc.AssignmentExpression)
		if !ok || a.Case != cc.AssignmentExpressionAssign {
			return nil
		}
		v = cparse.Declarator(a.UnaryExpression)
		var okc bool
		if from, okc = f.Unit.ConstInt(a.AssignmentExpression); !okc {
			return nil
		}
	case cc.IterationStatementForDecl:
		var n int
		cparse.Inspect(it.Declaration, func(x cc.Node) bool {
			if id, ok := x.(*cc.InitDeclarator); ok {
				n++
				if id.Case == cc.InitDeclaratorInit && id.Initializer != nil && id.Initializer.Case == cc.InitializerExpr {
					if k, ok := f.Unit.ConstInt(id.Initializer.AssignmentExpression); ok {
						v, from = id.Declarator, k
					}
				}
				return false
			}
			return true
		})
		if n != 1 {
			return nil
		}
		// for (decl; cond; post): the grammar numbers the lists from 1.
		cond, post = it.ExpressionList, it.ExpressionList2
	default:
		return nil
	}
	if v == nil {
		return nil
	}
	// The bound: a comparison of j (or j + c) with argc (or argc - c).
	if cond == nil || post == nil {
		return nil
	}
	rel, ok := cparse.StripCasts(cond).(*cc.RelationalExpression)
	if !ok || rel.Case == cc.RelationalExpressionShift {
		return nil
	}
	mentions := func(e cc.ExpressionNode, d *cc.Declarator) bool {
		found := false
		cparse.Inspect(e, func(x cc.Node) bool {
			if p, ok := x.(*cc.PrimaryExpression); ok && p.Case == cc.PrimaryExpressionIdent {
				if dd, ok := p.ResolvedTo().(*cc.Declarator); ok && dd == d {
					found = true
				}
			}
			return !found
		})
		return found
	}
	l, r := rel.RelationalExpression, rel.ShiftExpression
	if !mentions(l, v) && !mentions(r, v) {
		return nil
	}
	if argc != nil && !mentions(l, argc) && !mentions(r, argc) {
		return nil
	}
	// The step.
	var by int64
	switch x := cparse.StripCasts(post).(type) {
	case *cc.PostfixExpression:
		if x.Case == cc.PostfixExpressionInc && cparse.Declarator(x.PostfixExpression) == v {
			by = 1
		}
	case *cc.UnaryExpression:
		if x.Case == cc.UnaryExpressionInc && cparse.Declarator(x.UnaryExpression) == v {
			by = 1
		}
	case *cc.AssignmentExpression:
		if cparse.Declarator(x.UnaryExpression) != v {
			break
		}
		switch x.Case {
		case cc.AssignmentExpressionAdd:
			by, _ = f.Unit.ConstInt(x.AssignmentExpression)
		case cc.AssignmentExpressionAssign:
			if d, k, ok := varPlusConst(f, x.AssignmentExpression); ok && d == v {
				by = k
			}
		}
	}
	if by <= 0 || it.Statement == nil || modified(it.Statement, v) {
		return nil
	}
	return &loopInfo{stmt: it, v: v, from: from, by: by}
}
