package cfg

import (
	"testing"

	"modernc.org/cc/v4"
)

// checkInvariants verifies structural properties every CFG must have.
func checkInvariants(tb testing.TB, name string, body *cc.CompoundStatement, g *CFG) {
	tb.Helper()
	errorf := func(format string, args ...any) {
		tb.Helper()
		tb.Errorf("%s: "+format, append([]any{name}, args...)...)
	}
	if len(g.Blocks) == 0 {
		errorf("no blocks")
		return
	}
	if e := g.Blocks[0]; e.Kind != KindEntry || !e.Live || e.Stmt != nil || g.Entry() != e {
		errorf("bad entry block %v live=%v stmt=%v", e, e.Live, e.Stmt)
	}
	inGraph := map[*Block]bool{}
	for _, b := range g.Blocks {
		inGraph[b] = true
	}
	npreds := map[*Block]int{}
	fallsOff := 0
	seen := map[cc.Node]*Block{}
	for i, b := range g.Blocks {
		if b == nil {
			errorf("nil block at %d", i)
			continue
		}
		if int(b.Index) != i {
			errorf("block at %d has Index %d", i, b.Index)
		}
		if b.Kind == KindInvalid || b.Kind.String() == "" {
			errorf("%v: invalid kind", b)
		}
		if i > 0 && b.Kind == KindEntry {
			errorf("%v: second entry", b)
		}
		for _, s := range b.Succs {
			if s == nil {
				errorf("%v: nil successor", b)
				continue
			}
			if !inGraph[s] {
				errorf("%v: successor %v not in graph", b, s)
			}
			npreds[s]++
		}
		var last cc.Node
		if len(b.Nodes) > 0 {
			last = b.Nodes[len(b.Nodes)-1]
		}
		for j, n := range b.Nodes {
			if n == nil {
				errorf("%v: nil node %d", b, j)
				continue
			}
			if prev := seen[n]; prev != nil {
				errorf("%v: node %q also in %v", b, cc.NodeSource(n), prev)
			}
			seen[n] = b
			switch n := n.(type) {
			case *cc.Declaration:
				if isFuncNameDecl(n) {
					errorf("%v: synthetic __func__ declaration", b)
				}
			case *cc.ExpressionStatement, *cc.AsmStatement:
			case *cc.JumpStatement:
				if n.Case != cc.JumpStatementReturn || n != b.Return || j != len(b.Nodes)-1 {
					errorf("%v: misplaced jump statement %q", b, cc.NodeSource(n))
				}
			case cc.ExpressionNode:
			default:
				errorf("%v: unexpected node type %T", b, n)
			}
		}
		if b.Return != nil && (len(b.Succs) != 0 || last != b.Return) {
			errorf("%v: return block with %d succs, last node %T", b, len(b.Succs), last)
		}
		if b.NoReturn && (len(b.Succs) != 0 || b.Return != nil) {
			errorf("%v: NoReturn block with succs or return", b)
		}
		if b.Cond != nil {
			if len(b.Succs) != 2 || last != b.Cond {
				errorf("%v: Cond block with %d succs, last node %T", b, len(b.Succs), last)
			}
			if b.Switch != nil || b.ComputedGoto != nil || b.Return != nil || b.NoReturn {
				errorf("%v: Cond block with other terminator", b)
			}
		}
		if b.Switch != nil {
			if last != b.Switch.ExpressionList {
				errorf("%v: switch block does not end with the tag", b)
			}
			for k, s := range b.Succs {
				if s.Kind != KindSwitchCase && !(k == len(b.Succs)-1 && s.Kind == KindSwitchDone && !b.HasDefault()) {
					errorf("%v: switch successor %d is %v", b, k, s)
				}
			}
		}
		if b.Kind == KindSwitchCase && len(b.Cases) == 0 {
			errorf("%v: case block without cases", b)
		}
		if b.Kind != KindSwitchCase && len(b.Cases) != 0 {
			errorf("%v: cases in non-case block", b)
		}
		if b.Cond == nil && b.Switch == nil && b.ComputedGoto == nil && len(b.Succs) > 1 {
			errorf("%v: %d succs without branch", b, len(b.Succs))
		}
		if b.fallsOff {
			fallsOff++
			if len(b.Succs) != 0 || b.Return != nil || b.NoReturn {
				errorf("%v: fall-off block has succs or return", b)
			}
		}
		if b.Live && len(b.Succs) == 0 && b.Return == nil && !b.NoReturn && !b.FallsOff() && b.ComputedGoto == nil {
			errorf("%v: live block without successors or exit", b)
		}
		if b.Kind == KindUnreachable && b.Live {
			errorf("%v: live unreachable block", b)
		}
	}
	if fallsOff > 1 {
		errorf("%d fall-off blocks", fallsOff)
	}
	for _, b := range g.Blocks {
		if len(b.Preds) != npreds[b] {
			errorf("%v: %d preds, want %d", b, len(b.Preds), npreds[b])
		}
		for _, p := range b.Preds {
			found := false
			for _, s := range p.Succs {
				found = found || s == b
			}
			if !found {
				errorf("%v: pred %v has no edge to it", b, p)
			}
		}
	}

	// Liveness is reachability from the entry.
	reach := map[*Block]bool{}
	var visit func(*Block)
	visit = func(b *Block) {
		if !reach[b] {
			reach[b] = true
			for _, s := range b.Succs {
				visit(s)
			}
		}
	}
	visit(g.Blocks[0])
	for _, b := range g.Blocks {
		if b.Live != reach[b] {
			errorf("%v: Live=%v, reachable=%v", b, b.Live, reach[b])
		}
	}

	// Every executable statement of the body is in exactly one block.
	for _, n := range stmtNodes(body) {
		if seen[n] == nil {
			errorf("node %q (%T) missing from CFG", cc.NodeSource(n), n)
		}
	}
}

// stmtNodes returns the declarations, expression statements, return
// statements and asm statements of body (outside statement expressions).
func stmtNodes(body *cc.CompoundStatement) []cc.Node {
	var r []cc.Node
	var stmt func(s *cc.Statement)
	compound := func(cs *cc.CompoundStatement) {
		for l := cs.BlockItemList; l != nil; l = l.BlockItemList {
			switch it := l.BlockItem; it.Case {
			case cc.BlockItemDecl:
				if it.Declaration.Case != cc.DeclarationAssert && !isFuncNameDecl(it.Declaration) {
					r = append(r, it.Declaration)
				}
			case cc.BlockItemStmt:
				stmt(it.Statement)
			}
		}
	}
	stmt = func(s *cc.Statement) {
		if s == nil {
			return
		}
		switch s.Case {
		case cc.StatementLabeled:
			stmt(s.LabeledStatement.Statement)
		case cc.StatementCompound:
			compound(s.CompoundStatement)
		case cc.StatementExpr:
			if s.ExpressionStatement.ExpressionList != nil {
				r = append(r, s.ExpressionStatement)
			}
		case cc.StatementSelection:
			stmt(s.SelectionStatement.Statement)
			stmt(s.SelectionStatement.Statement2)
		case cc.StatementIteration:
			if d := s.IterationStatement.Declaration; d != nil {
				r = append(r, d)
			}
			stmt(s.IterationStatement.Statement)
		case cc.StatementJump:
			if s.JumpStatement.Case == cc.JumpStatementReturn {
				r = append(r, s.JumpStatement)
			}
		case cc.StatementAsm:
			r = append(r, s.AsmStatement)
		}
	}
	compound(body)
	return r
}
