// Package fixutil helps analyzers build suggested fixes that are safe to
// apply mechanically: only from text written in the source file (never from
// a macro expansion, whose tokens cc/v4 places at the macro's name), and only
// where the syntax around the edited statement keeps its meaning.
package fixutil

import (
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
)

// Span returns the byte range of n in its unit's main file when n's first
// and last tokens are written there (not produced by a macro).
func Span(u *cparse.Unit, n cc.Node) (start, end int, ok bool) {
	toks := cc.NodeTokens(n)
	if len(toks) == 0 {
		return 0, 0, false
	}
	first, last := toks[0], toks[len(toks)-1]
	if !u.FromSource(first) || !u.FromSource(last) {
		return 0, 0, false
	}
	fp, lp := first.Position(), last.Position()
	if fp.Filename != u.Path || lp.Filename != u.Path {
		return 0, 0, false
	}
	start, end = fp.Offset, lp.Offset+len(last.SrcStr())
	if start < 0 || end > len(u.Src) || start >= end {
		return 0, 0, false
	}
	return start, end, true
}

// Text returns n's source text (see Span).
func Text(u *cparse.Unit, n cc.Node) (string, bool) {
	s, e, ok := Span(u, n)
	if !ok {
		return "", false
	}
	return string(u.Src[s:e]), true
}

// PlainCall reports whether call is written as such in the source: its
// first and last tokens, the callee's name and its parentheses are source
// text (the arguments may use macros: a fix copies their text).
func PlainCall(u *cparse.Unit, call *cc.PostfixExpression) bool {
	id := cparse.CalleeIdent(call)
	if id == nil {
		return false
	}
	for _, n := range []cc.Node{id, call.Token, call.Token2} {
		if !u.FromSource(n) {
			return false
		}
	}
	_, _, ok := Span(u, call)
	return ok
}

// Place is where a statement stands in its function.
type Place struct {
	InBlock  bool // a block item of a { } block
	Last     bool // the last item of that block
	InBranch bool // that block, or the statement itself, is the then or else branch of an if
	Bare     bool // the statement itself (no braces) is an if's branch
}

// Locate finds the statement target (an *cc.ExpressionStatement or
// *cc.JumpStatement) in body.
func Locate(body *cc.CompoundStatement, target cc.Node) (Place, bool) {
	var p Place
	found := false
	branches := map[*cc.CompoundStatement]bool{}
	is := func(s *cc.Statement) bool {
		if s == nil {
			return false
		}
		switch t := target.(type) {
		case *cc.ExpressionStatement:
			return s.ExpressionStatement == t
		case *cc.JumpStatement:
			return s.JumpStatement == t
		}
		return false
	}
	cparse.Inspect(body, func(n cc.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *cc.SelectionStatement:
			if n.Case != cc.SelectionStatementIf && n.Case != cc.SelectionStatementIfElse {
				return true
			}
			for _, s := range []*cc.Statement{n.Statement, n.Statement2} {
				if s == nil {
					continue
				}
				if is(s) {
					p, found = Place{InBranch: true, Bare: true}, true
					return false
				}
				if s.CompoundStatement != nil {
					branches[s.CompoundStatement] = true
				}
			}
		case *cc.CompoundStatement:
			for l := n.BlockItemList; l != nil; l = l.BlockItemList {
				if l.BlockItem != nil && is(l.BlockItem.Statement) {
					p = Place{InBlock: true, Last: l.BlockItemList == nil, InBranch: branches[n]}
					found = true
					return false
				}
			}
		}
		return true
	})
	return p, found
}

// StatementOf returns the expression statement that consists of call.
func StatementOf(body *cc.CompoundStatement, call *cc.PostfixExpression) *cc.ExpressionStatement {
	var es *cc.ExpressionStatement
	cparse.Inspect(body, func(n cc.Node) bool {
		if es != nil {
			return false
		}
		if s, ok := n.(*cc.ExpressionStatement); ok && s.ExpressionList != nil && cparse.AsCall(s.ExpressionList) == call {
			if _, paren := s.ExpressionList.(*cc.PostfixExpression); paren {
				es = s
			}
		}
		return true
	})
	return es
}

// LineIndent returns the offset where the line holding off starts and the
// blanks that indent it, with ok false when something other than blanks
// precedes off on its line.
func LineIndent(src []byte, off int) (start int, indent string, ok bool) {
	start = off
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	indent = string(src[start:off])
	if strings.Trim(indent, " \t") != "" {
		return 0, "", false
	}
	return start, indent, true
}

// ReturnsInt reports whether f is declared to return int.
func ReturnsInt(f *cparse.Func) bool {
	ft, ok := f.Decl.Type().(*cc.FunctionType)
	return ok && ft.Result() != nil && ft.Result().Kind() == cc.Int
}

// Edit is a text edit of u's main file between two byte offsets.
func Edit(m *inspect.Module, u *cparse.Unit, start, end int, text string) analysis.TextEdit {
	return analysis.TextEdit{Pos: m.Files.OffsetPos(u.Path, start), End: m.Files.OffsetPos(u.Path, end), NewText: []byte(text)}
}

// Valid reports whether every edit has valid positions.
func Valid(edits ...analysis.TextEdit) bool {
	for _, e := range edits {
		if e.Pos == token.NoPos || e.End == token.NoPos {
			return false
		}
	}
	return true
}
