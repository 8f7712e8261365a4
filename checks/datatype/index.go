package datatype

import (
	"go/token"
	"strings"

	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/cparse"
)

// unitIndex is what the rule needs to know about one unit's project code
// (its own file and project headers, not system headers): the parent of every
// node (cc/v4 nodes have none), every identifier expression in source order
// and the file-scope declarators by name.
//
// TODO(shared): a parent map and a per-unit identifier index would serve other
// rules too; they could move to cparse.
type unitIndex struct {
	parent    map[cc.Node]cc.Node
	idents    []*cc.PrimaryExpression
	fileDecls map[string][]*cc.InitDeclarator
}

func (c *checker) index(u *cparse.Unit) *unitIndex {
	if x := c.units[u]; x != nil {
		return x
	}
	x := &unitIndex{parent: map[cc.Node]cc.Node{}, fileDecls: map[string][]*cc.InitDeclarator{}}
	for l := u.AST.TranslationUnit; l != nil; l = l.TranslationUnit {
		ed := l.ExternalDeclaration
		if ed == nil || !u.IsProjectFile(ed.Position().Filename) {
			continue
		}
		if ed.Case == cc.ExternalDeclarationDecl {
			cparse.Inspect(ed.Declaration, func(n cc.Node) bool {
				if id, ok := n.(*cc.InitDeclarator); ok && id.Declarator != nil {
					x.fileDecls[id.Declarator.Name()] = append(x.fileDecls[id.Declarator.Name()], id)
				}
				// Do not descend into initializers: compound literals
				// there declare nothing at file scope.
				_, isInit := n.(*cc.Initializer)
				return !isInit
			})
		}
		cparse.Inspect(ed, func(n cc.Node) bool {
			if p, ok := n.(*cc.PrimaryExpression); ok && p.Case == cc.PrimaryExpressionIdent {
				x.idents = append(x.idents, p)
			}
			cparse.Inspect(n, func(ch cc.Node) bool {
				if ch == n {
					return true
				}
				x.parent[ch] = n
				return false
			})
			return true
		})
	}
	c.units[u] = x
	return x
}

// up returns the parent of n, skipping redundant parentheses (and casts when
// casts is set); below is the child of the returned node on the way up.
func (x *unitIndex) up(n cc.Node, casts bool) (parent, below cc.Node) {
	for {
		p := x.parent[n]
		switch q := p.(type) {
		case *cc.PrimaryExpression:
			if q.Case == cc.PrimaryExpressionExpr {
				n = p
				continue
			}
		case *cc.CastExpression:
			if casts && q.Case == cc.CastExpressionCast {
				n = p
				continue
			}
		}
		return p, n
	}
}

// callOfArg returns the call whose argument (through parentheses and casts)
// is n, and the argument's index; nil when n is not an argument.
func (x *unitIndex) callOfArg(n cc.Node) (*cc.PostfixExpression, int) {
	p, below := x.up(n, true)
	if _, ok := p.(*cc.ArgumentExpressionList); !ok {
		return nil, -1
	}
	for {
		if _, ok := p.(*cc.ArgumentExpressionList); !ok {
			break
		}
		p = x.parent[p]
	}
	call, ok := p.(*cc.PostfixExpression)
	if !ok || call.Case != cc.PostfixExpressionCall {
		return nil, -1
	}
	for i, a := range cparse.Args(call) {
		if cc.Node(a) == below {
			return call, i
		}
	}
	return nil, -1
}

// fileScope reports whether d is declared at file scope.
func fileScope(d *cc.Declarator) bool {
	s := d.LexicalScope()
	return s != nil && s.Parent == nil
}

// hasStaticStorage reports whether d is a file-scope or static variable
// (zero-initialised, alive for the whole run).
func hasStaticStorage(d *cc.Declarator) bool {
	if d.LexicalScope() == nil {
		return false
	}
	return fileScope(d) || d.IsStatic()
}

// isFunc reports whether d declares a function.
func isFunc(d *cc.Declarator) bool {
	if d == nil || d.Type() == nil {
		return false
	}
	_, ok := d.Type().(*cc.FunctionType)
	return ok
}

// text is the source text of n's tokens, with a space only between two
// word tokens ("Types.type", "types[0]", "unsigned long").
func text(n cc.Node) string {
	var b strings.Builder
	prev := byte(0)
	for _, t := range cc.NodeTokens(n) {
		s := t.SrcStr()
		if s == "" {
			continue
		}
		if isWordByte(prev) && isWordByte(s[0]) {
			b.WriteByte(' ')
		}
		b.WriteString(s)
		prev = s[len(s)-1]
	}
	return b.String()
}

func isWordByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// within reports whether n lies inside function f's definition.
func (c *checker) within(n cc.Node, f *cparse.Func) bool {
	p := c.m.Files.Pos(n)
	r, ok := c.spans[f]
	if !ok {
		// A function's extent, computed once: walking a whole definition's
		// tokens for every identifier made this check quadratic.
		r = [2]token.Pos{c.m.Files.Pos(f.Def), c.m.Files.End(f.Def)}
		if c.spans == nil {
			c.spans = map[*cparse.Func][2]token.Pos{}
		}
		c.spans[f] = r
	}
	return p.IsValid() && p >= r[0] && p < r[1]
}

// funcOf returns the function of unit u whose definition contains n.
func (c *checker) funcOf(u *cparse.Unit, n cc.Node) *cparse.Func {
	for _, f := range u.Funcs {
		if c.within(n, f) {
			return f
		}
	}
	return nil
}

func (c *checker) pos(n cc.Node) token.Pos { return c.m.Files.Pos(n) }
