package unchecked

import (
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/cparse/cfg"
)

// readWalker finds reads of a variable after a statement, following the
// function's control-flow graph.
type readWalker struct {
	where map[cc.Node]loc
}

type loc struct {
	b *cfg.Block
	i int
}

func newReadWalker(f *cparse.Func) *readWalker {
	w := &readWalker{where: map[cc.Node]loc{}}
	for _, b := range f.CFG().Blocks {
		if !b.Live {
			continue
		}
		for i, n := range b.Nodes {
			w.where[n] = loc{b, i}
		}
	}
	return w
}

// readAfter returns the first read of v found on a path from the statement
// es (a call that may leave v unset) before v is assigned again or has its
// address taken; nil when there is none.
func (w *readWalker) readAfter(es *cc.ExpressionStatement, v *cc.Declarator) cc.Node {
	start, ok := w.where[es]
	if !ok {
		return nil
	}
	work := []loc{{start.b, start.i + 1}}
	visited := map[*cfg.Block]bool{}
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		killed := false
		for j := it.i; j < len(it.b.Nodes); j++ {
			read, write := accesses(it.b.Nodes[j], v)
			if read != nil {
				return read
			}
			if write {
				killed = true
				break
			}
		}
		if killed {
			continue
		}
		for _, s := range it.b.Succs {
			if !visited[s] {
				visited[s] = true
				work = append(work, loc{s, 0})
			}
		}
	}
	return nil
}

// accesses reports the first read of v in n, and whether n writes v (by
// assignment or by taking its address).
func accesses(n cc.Node, v *cc.Declarator) (read cc.Node, write bool) {
	var visit func(cc.Node) bool
	visit = func(x cc.Node) bool {
		switch t := x.(type) {
		case *cc.UnaryExpression:
			switch t.Case {
			case cc.UnaryExpressionSizeofExpr, cc.UnaryExpressionSizeofType, cc.UnaryExpressionAlignofExpr, cc.UnaryExpressionAlignofType:
				return false
			case cc.UnaryExpressionAddrof:
				if cparse.Declarator(t.CastExpression) == v {
					write = true
					return false
				}
			}
		case *cc.AssignmentExpression:
			if t.Case == cc.AssignmentExpressionAssign && cparse.Declarator(t.UnaryExpression) == v {
				cparse.Inspect(t.AssignmentExpression, visit)
				write = true
				return false
			}
		case *cc.PrimaryExpression:
			if t.Case == cc.PrimaryExpressionIdent && read == nil {
				if d, ok := t.ResolvedTo().(*cc.Declarator); ok && d == v {
					read = t
				}
			}
		}
		return true
	}
	cparse.Inspect(n, visit)
	return read, write
}

// uninitialised reports whether v is a local variable without initializer
// that nothing but call writes.
func uninitialised(f *cparse.Func, v *cc.Declarator, call *cc.PostfixExpression) bool {
	if v.StorageDuration() != cc.Automatic || isParam(f, v) {
		return false
	}
	clean := true
	cparse.Inspect(f.Body(), func(n cc.Node) bool {
		if n == call {
			return false
		}
		switch t := n.(type) {
		case *cc.InitDeclarator:
			if t.Declarator == v && t.Case == cc.InitDeclaratorInit {
				clean = false
			}
		case *cc.UnaryExpression:
			if (t.Case == cc.UnaryExpressionAddrof || t.Case == cc.UnaryExpressionInc || t.Case == cc.UnaryExpressionDec) && cparse.Declarator(t.CastExpression) == v {
				clean = false
			}
			if (t.Case == cc.UnaryExpressionInc || t.Case == cc.UnaryExpressionDec) && cparse.Declarator(t.UnaryExpression) == v {
				clean = false
			}
		case *cc.PostfixExpression:
			if (t.Case == cc.PostfixExpressionInc || t.Case == cc.PostfixExpressionDec) && cparse.Declarator(t.PostfixExpression) == v {
				clean = false
			}
		case *cc.AssignmentExpression:
			if t.Case != cc.AssignmentExpressionCond && cparse.Declarator(t.UnaryExpression) == v {
				clean = false
			}
		}
		return clean
	})
	return clean
}

func isParam(f *cparse.Func, v *cc.Declarator) bool {
	ft, ok := f.Decl.Type().(*cc.FunctionType)
	if !ok {
		return false
	}
	for _, p := range ft.Parameters() {
		if p.Declarator == v {
			return true
		}
	}
	return false
}
