// Package cfg builds intra-procedural control-flow graphs for C function
// bodies parsed by modernc.org/cc/v4.
//
// It is modelled on golang.org/x/tools/go/cfg: a [CFG] is a list of basic
// [Block]s; each block holds the statements and expressions it evaluates, in
// execution order, and its successor blocks. The graph is purely syntactic: no
// dataflow is performed, except that branch conditions with a constant value
// (as computed by cc, e.g. `while (1)`, `do { } while (0)`, `if (0)`) only get
// the edge that can be taken.
//
// # Block contents
//
// Block.Nodes holds, in execution order:
//
//   - *cc.Declaration for local declarations, with or without initializer,
//     including the declaration of a `for (int i = 0; ...)` loop. Static,
//     extern and typedef declarations are listed too although they have no
//     run-time effect (check Declarator.IsStatic etc. if that matters). The
//     synthetic `__func__` declaration cc injects into every body, static
//     assertions and nested function definitions are omitted;
//   - *cc.ExpressionStatement for expression statements (empty statements
//     `;` are omitted);
//   - cc.ExpressionNode for expressions evaluated outside expression
//     statements: branch conditions (after splitting && and ||, see below),
//     the init and post expressions of a for statement, the controlling
//     expression of a switch, the operand of a computed goto;
//   - *cc.JumpStatement for a return statement; it is always the last node of
//     its block and also recorded in Block.Return. The returned value is not
//     listed separately: it is the JumpStatement's ExpressionList, so a walker
//     that descends into every node sees each expression exactly once;
//   - *cc.AsmStatement for inline assembly.
//
// goto, break and continue produce no node, only an edge.
//
// # Conditions
//
// The condition of if, while, do-while and for statements is split at the
// top-level && and || operators (looking through redundant parentheses)
// into a chain of blocks with short-circuit edges, so that
//
//	if (a == NULL || b) X; else Y;
//
// yields a block whose Cond is `a == NULL` with Succs [X, rhs] and a
// KindLogicalRHS block whose Cond is `b` with Succs [X, Y]. The operands of the
// comma operator in a condition are evaluated in order in the block and the
// last one is the Cond. Redundant parentheses around a leaf condition are
// removed; `!x` is kept as is (not inverted, not split further, even if x
// contains && or ||). The Cond expression is always the last element of Nodes
// too. A condition whose value is a compile-time constant produces no Cond: the
// block has a single successor and the expression is only in Nodes.
//
// Logical operators and ?: outside branch conditions (e.g. `x = a && f();`)
// are not split; they stay inside their node.
//
// # Switch statements
//
// The block evaluating the controlling expression has Switch set. Its Succs are
// the case blocks in source order (a run of consecutive labels such as
// `case 1: case 2:` shares one block, listed in Block.Cases; GNU case ranges
// are ordinary members of Cases), followed by the SwitchDone block if the
// switch has no default label. Control falls through from a case block to the
// next one unless it ends with break. Case labels nested inside other
// statements of the switch body (Duff's device) are handled: every case or
// default label belonging to the switch (i.e. not inside a nested switch)
// starts a case block that the dispatch block jumps to.
//
// # Exits
//
// A block that ends with a return has Return set and no successors. A block
// that ends with a call that does not return (see [New]) has NoReturn set and
// no successors. The block where control falls off the closing brace of the
// body reports [Block.FallsOff]; it also has no successors and a nil Return.
// [CFG.Exits] lists the live blocks through which the function returns to its
// caller (explicit returns and the fall-off block).
//
// # Unreachable code
//
// Statements following a return, break, continue, goto or non-returning call
// (up to the next label) go into a KindUnreachable block. Block.Live reports
// reachability from the entry block, so dead code anywhere (including the
// branch of a constant condition or code before the first case label of a
// switch) has Live == false. Dead blocks may have successors.
//
// # Limitations
//
//   - GNU statement expressions `({ ... })` are not expanded: they stay inside
//     the expression node that contains them, so control flow inside them
//     (including a `return`, `goto` or `break` leaving them, which GNU C
//     permits) is invisible to the graph.
//   - Control flow inside expressions (?:, && and || outside conditions, calls
//     through longjmp) is not represented.
//   - A computed goto (`goto *p;`) conservatively gets an edge to every label
//     of the function, whether or not its address is taken.
//   - asm goto is treated as an ordinary asm statement (no edges to its
//     labels).
//   - Labels declared with GNU `__label__` are matched by name if the goto
//     does not resolve to a *cc.LabeledStatement.
//   - Nested function definitions (GNU) are skipped; build their CFGs
//     separately.
package cfg

import (
	"fmt"
	"strings"

	"modernc.org/cc/v4"
)

// A CFG is the control-flow graph of one function body.
type CFG struct {
	Blocks []*Block // Blocks[0] is the entry; index == Block.Index
}

// A Block is a basic block: a sequence of nodes executed one after the other,
// followed by a transfer of control to one of its successors.
type Block struct {
	Index int32 // position in CFG.Blocks
	Kind  Kind  // what made the block

	// Stmt is the construct that gave rise to the block: the if, while, do,
	// for or switch statement (*cc.SelectionStatement or
	// *cc.IterationStatement) for the blocks of that statement, the
	// *cc.LabeledStatement for a Label block or the first case label of a
	// SwitchCase block, the *cc.LogicalAndExpression or
	// *cc.LogicalOrExpression for a LogicalRHS block, and the statement that
	// transferred control away (return, break, continue, goto, a
	// non-returning call, or the switch) for an Unreachable block. It is nil
	// for the entry block.
	Stmt cc.Node

	// Nodes holds the block's declarations, statements and expressions in
	// execution order; see the package documentation.
	Nodes []cc.Node

	// Cond, when non-nil, is the branch condition evaluated at the end of the
	// block (it is also the last element of Nodes): Succs[0] is taken when it
	// is true (non-zero), Succs[1] when it is false.
	Cond cc.ExpressionNode

	// Succs are the successor blocks. A block without Cond or Switch has at
	// most one successor, except a computed goto.
	Succs []*Block

	// Preds are the predecessor blocks: b is in p.Succs for each p in
	// b.Preds (with the same multiplicity).
	Preds []*Block

	// Return is non-nil if the block ends with a return statement; then
	// len(Succs) == 0 and Return is the last element of Nodes.
	Return *cc.JumpStatement

	// NoReturn is set if the block ends in a call that does not return (see
	// New); then len(Succs) == 0.
	NoReturn bool

	// Live reports whether the block is reachable from the entry.
	Live bool

	// Cases, for a SwitchCase block, are the case, case-range and default
	// labels that start it, in source order.
	Cases []*cc.LabeledStatement

	// Switch is set on the block that ends with the dispatch of a switch
	// statement: its last node is the controlling expression, and Succs are
	// the SwitchCase blocks in source order, followed by the SwitchDone block
	// if the switch has no default label.
	Switch *cc.SelectionStatement

	// ComputedGoto is set on a block that ends with `goto *expr;`.
	ComputedGoto *cc.JumpStatement

	fallsOff bool
	succs2   [2]*Block // initial backing array of Succs
}

// FallsOff reports whether control reaches the end of the function body
// through b without a return statement, i.e. b is live and is the block
// ending at the closing brace of the body. At most one block of a CFG falls
// off.
func (b *Block) FallsOff() bool { return b.fallsOff && b.Live }

// IsExit reports whether the function returns to its caller at the end of a
// live block b (explicit return or falling off the end).
func (b *Block) IsExit() bool { return b.Live && (b.Return != nil || b.fallsOff) }

// HasDefault reports whether the switch dispatched by b (b.Switch != nil) has
// a default label.
func (b *Block) HasDefault() bool {
	for _, s := range b.Succs {
		for _, ls := range s.Cases {
			if ls.Case == cc.LabeledStatementDefault {
				return true
			}
		}
	}
	return false
}

func (b *Block) String() string {
	return fmt.Sprintf("block %d (%s)", b.Index, b.Kind)
}

// A Kind identifies the purpose of a block.
type Kind uint8

// Block kinds.
const (
	KindInvalid     Kind = iota
	KindEntry            // function entry; Stmt is nil
	KindUnreachable      // dead code after return/break/continue/goto/non-returning call
	KindIfThen           // then branch of an if
	KindIfElse           // else branch of an if
	KindIfDone           // join point after an if
	KindLogicalRHS       // right operand of && or || in a split condition
	KindWhileLoop        // condition of a while loop (target of continue)
	KindWhileBody        // body of a while loop
	KindWhileDone        // block after a while loop (target of break)
	KindDoBody           // body of a do-while loop
	KindDoCond           // condition of a do-while loop (target of continue)
	KindDoDone           // block after a do-while loop (target of break)
	KindForLoop          // condition of a for loop (absent if the condition is empty)
	KindForBody          // body of a for loop
	KindForPost          // post expression of a for loop (target of continue if present)
	KindForDone          // block after a for loop (target of break)
	KindSwitchCase       // statements following one or more case/default labels
	KindSwitchDone       // block after a switch (target of break)
	KindLabel            // statement following an identifier label
)

var kindNames = [...]string{
	KindInvalid:     "Invalid",
	KindEntry:       "Entry",
	KindUnreachable: "Unreachable",
	KindIfThen:      "IfThen",
	KindIfElse:      "IfElse",
	KindIfDone:      "IfDone",
	KindLogicalRHS:  "LogicalRHS",
	KindWhileLoop:   "WhileLoop",
	KindWhileBody:   "WhileBody",
	KindWhileDone:   "WhileDone",
	KindDoBody:      "DoBody",
	KindDoCond:      "DoCond",
	KindDoDone:      "DoDone",
	KindForLoop:     "ForLoop",
	KindForBody:     "ForBody",
	KindForPost:     "ForPost",
	KindForDone:     "ForDone",
	KindSwitchCase:  "SwitchCase",
	KindSwitchDone:  "SwitchDone",
	KindLabel:       "Label",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Entry returns the entry block.
func (g *CFG) Entry() *Block { return g.Blocks[0] }

// ReturnBlocks returns the live blocks that end with a return statement.
func (g *CFG) ReturnBlocks() []*Block {
	var r []*Block
	for _, b := range g.Blocks {
		if b.Live && b.Return != nil {
			r = append(r, b)
		}
	}
	return r
}

// FallOffBlock returns the block through which control falls off the end of
// the body, or nil if it cannot.
func (g *CFG) FallOffBlock() *Block {
	for _, b := range g.Blocks {
		if b.FallsOff() {
			return b
		}
	}
	return nil
}

// Exits returns the live blocks at whose end the function returns to its
// caller: blocks ending in a return statement and the fall-off block.
func (g *CFG) Exits() []*Block {
	var r []*Block
	for _, b := range g.Blocks {
		if b.IsExit() {
			r = append(r, b)
		}
	}
	return r
}

// NoReturn reports whether the function never returns to its caller: no exit
// block is live.
func (g *CFG) NoReturn() bool {
	for _, b := range g.Blocks {
		if b.IsExit() {
			return false
		}
	}
	return true
}

// Format returns a readable dump of the graph, one paragraph per block:
//
//	.N: Kind [label text] [dead]
//		node source text (macro-expanded, via cc.NodeSource)
//		cond: condition source text
//		goto *operand of a computed goto
//		noreturn | falls off
//		succs: a b
//
// "[dead]" marks blocks that are not Live.
func (g *CFG) Format() string {
	var sb strings.Builder
	for _, b := range g.Blocks {
		fmt.Fprintf(&sb, ".%d: %s", b.Index, b.header())
		sb.WriteByte('\n')
		for i, n := range b.Nodes {
			switch {
			case i < len(b.Nodes)-1:
				sb.WriteByte('\t')
			case b.Cond != nil:
				sb.WriteString("\tcond: ")
			case b.ComputedGoto != nil:
				sb.WriteString("\tgoto *")
			default:
				sb.WriteByte('\t')
			}
			sb.WriteString(cc.NodeSource(n))
			sb.WriteByte('\n')
		}
		if b.NoReturn {
			sb.WriteString("\tnoreturn\n")
		}
		if b.FallsOff() {
			sb.WriteString("\tfalls off\n")
		}
		if len(b.Succs) > 0 {
			sb.WriteString("\tsuccs:")
			for _, s := range b.Succs {
				fmt.Fprintf(&sb, " %d", s.Index)
			}
			sb.WriteByte('\n')
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}

// header returns the block's kind followed by label information.
func (b *Block) header() string {
	s := b.Kind.String()
	switch b.Kind {
	case KindSwitchCase:
		for _, ls := range b.Cases {
			s += " " + LabelText(ls)
		}
	case KindLabel:
		if ls, ok := b.Stmt.(*cc.LabeledStatement); ok {
			s += " " + LabelText(ls)
		}
	}
	if !b.Live {
		s += " [dead]"
	}
	return s
}

// LabelText returns the source text of the label part of ls: "name:",
// "case X:", "case X ... Y:" or "default:".
func LabelText(ls *cc.LabeledStatement) string {
	switch ls.Case {
	case cc.LabeledStatementLabel:
		return ls.Token.SrcStr() + ":"
	case cc.LabeledStatementCaseLabel:
		return "case " + cc.NodeSource(ls.ConstantExpression) + ":"
	case cc.LabeledStatementRange:
		return "case " + cc.NodeSource(ls.ConstantExpression) + " ... " + cc.NodeSource(ls.ConstantExpression2) + ":"
	case cc.LabeledStatementDefault:
		return "default:"
	}
	return "?:"
}

// Dot returns the graph in Graphviz dot syntax, for debugging.
func (g *CFG) Dot() string {
	var sb strings.Builder
	sb.WriteString("digraph CFG {\n  node [shape=box];\n")
	for _, b := range g.Blocks {
		var text strings.Builder
		fmt.Fprintf(&text, ".%d: %s", b.Index, b.header())
		for _, n := range b.Nodes {
			text.WriteString("\n" + cc.NodeSource(n))
		}
		fmt.Fprintf(&sb, "  n%d [label=%q];\n", b.Index, text.String())
		for i, s := range b.Succs {
			attr := ""
			if b.Cond != nil {
				attr = [...]string{` [label="T"]`, ` [label="F"]`}[i&1]
			}
			fmt.Fprintf(&sb, "  n%d -> n%d%s;\n", b.Index, s.Index, attr)
		}
	}
	sb.WriteString("}\n")
	return sb.String()
}
