package flow

import (
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/cparse/cfg"
)

// liveness tells, for each block, which local variables the rest of the
// function may still read: the variables mentioned in the block or in a
// block reachable from it. A path forgets what it knows about the others
// (their values, and the decided conditions over them) when it enters a
// block, so paths that differ only in facts nothing can read again merge.
//
// This changes no result: the engine reads a variable's value, and a rule
// asks about it (Path.Value, Path.NonZero), only through an expression that
// names it, in the node being run; and a decided condition is only consulted
// by a test of the same condition, which names its variables. Without it a
// loop that counts in several variables (`n_inserts++` on some iterations,
// not on others) multiplies the states by every combination of "still 0"
// and "unknown", long after the counters were last read.
type liveness struct {
	index map[*cc.Declarator]int
	live  [][]uint64 // by block index: a bit set over index
}

func newLiveness(g *cfg.CFG) *liveness {
	l := &liveness{index: map[*cc.Declarator]int{}, live: make([][]uint64, len(g.Blocks))}
	mention := make([][]int, len(g.Blocks))
	for _, b := range g.Blocks {
		add := func(d *cc.Declarator) {
			i, ok := l.index[d]
			if !ok {
				i = len(l.index)
				l.index[d] = i
			}
			mention[b.Index] = append(mention[b.Index], i)
		}
		visit := func(n cc.Node) {
			if n == nil {
				return
			}
			cparse.Inspect(n, func(m cc.Node) bool {
				switch x := m.(type) {
				case *cc.Declarator:
					add(x)
				case *cc.PrimaryExpression:
					if x.Case == cc.PrimaryExpressionIdent {
						if d, ok := x.ResolvedTo().(*cc.Declarator); ok {
							add(d)
						}
					}
				}
				return true
			})
		}
		for _, n := range b.Nodes {
			visit(n)
		}
		if b.Cond != nil {
			visit(b.Cond)
		}
		if b.Return != nil {
			visit(b.Return)
		}
	}
	words := (len(l.index) + 63) / 64
	for _, b := range g.Blocks {
		s := make([]uint64, words)
		for _, i := range mention[b.Index] {
			s[i/64] |= 1 << (i % 64)
		}
		l.live[b.Index] = s
	}
	// live(b) = mentioned(b) ∪ live(successors), to a fixed point.
	for changed := true; changed; {
		changed = false
		for i := len(g.Blocks) - 1; i >= 0; i-- {
			b := g.Blocks[i]
			s := l.live[b.Index]
			for _, succ := range b.Succs {
				for w, bits := range l.live[succ.Index] {
					if s[w]|bits != s[w] {
						s[w] |= bits
						changed = true
					}
				}
			}
		}
	}
	return l
}

// isLive reports whether d may be read at or after the start of block b.
func (l *liveness) isLive(b *cfg.Block, d *cc.Declarator) bool {
	i, ok := l.index[d]
	return ok && l.live[b.Index][i/64]&(1<<(i%64)) != 0
}

// prune returns p without the facts about variables that are dead at the
// start of b: p itself when there are none, else a pruned copy (paths may
// share maps with others).
func (e *engine[S]) prune(p *Path, b *cfg.Block) *Path {
	deadVar := func(d *cc.Declarator) bool { return !e.live.isLive(b, d) }
	deadCond := func(k int) bool {
		vars := e.condVars[k]
		if len(vars) == 0 {
			return false
		}
		for _, d := range vars {
			if e.live.isLive(b, d) {
				return false
			}
		}
		return true
	}
	any := false
	for d := range p.vars {
		if deadVar(d) {
			any = true
			break
		}
	}
	if !any {
		for d := range p.nonzero {
			if deadVar(d) {
				any = true
				break
			}
		}
	}
	if !any {
		for k := range p.conds {
			if deadCond(k) {
				any = true
				break
			}
		}
	}
	if !any {
		return p
	}
	q := p.clone()
	for d := range q.vars {
		if deadVar(d) {
			delete(q.vars, d)
		}
	}
	for d := range q.nonzero {
		if deadVar(d) {
			delete(q.nonzero, d)
		}
	}
	for k := range q.conds {
		if deadCond(k) {
			delete(q.conds, k)
		}
	}
	return q
}
