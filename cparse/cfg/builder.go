package cfg

// This file implements the CFG construction.

import (
	"modernc.org/cc/v4"
)

// New builds the CFG of body.
//
// mayReturn, if non-nil, is asked about the call of each expression statement
// whose expression is a call (a *cc.PostfixExpression with Case
// PostfixExpressionCall), possibly wrapped in parentheses or a cast such as
// (void), or any operand of a comma expression statement. It returns false
// for calls that never return (exit, abort, ...); the block ending in such a
// call has no successors and NoReturn set. A nil mayReturn means every call
// returns. See [DefaultMayReturn].
//
// Calls in other positions (declaration initializers, conditions, return
// values, nested inside larger expressions) are not examined.
func New(body *cc.CompoundStatement, mayReturn func(call *cc.PostfixExpression) bool) *CFG {
	b := &builder{mayReturn: mayReturn}
	b.start(b.newBlock(KindEntry, nil))
	b.compound(body)

	if b.current != nil {
		b.current.fallsOff = true
	}

	// Blocks referenced but never started (e.g. targets of gotos to labels
	// that do not exist) are appended in creation order.
	for _, blk := range b.all {
		if blk.Index < 0 {
			blk.Index = int32(len(b.blocks))
			b.blocks = append(b.blocks, blk)
		}
	}

	// Computed gotos may go to any label.
	for _, blk := range b.computed {
		blk.Succs = append(blk.Succs, b.definedLabels...)
	}

	// Predecessors.
	for _, blk := range b.blocks {
		for _, s := range blk.Succs {
			s.Preds = append(s.Preds, blk)
		}
	}

	// Liveness: reachability from the entry.
	stack := make([]*Block, 0, len(b.blocks))
	stack = append(stack, b.blocks[0])
	for len(stack) > 0 {
		blk := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !blk.Live {
			blk.Live = true
			stack = append(stack, blk.Succs...)
		}
	}

	return &CFG{Blocks: b.blocks}
}

type builder struct {
	mayReturn func(*cc.PostfixExpression) bool
	blocks    []*Block // started blocks, by Index
	all       []*Block // every block, in creation order
	current   *Block   // block being filled; nil after a jump
	lastJump  cc.Node  // statement that made current nil
	targets   *targets // stack of break/continue targets

	labels        map[*cc.LabeledStatement]*Block
	labelsByName  map[string]*Block
	definedLabels []*Block // label blocks whose label was seen, in source order
	caseBlocks    map[*cc.LabeledStatement]*Block
	computed      []*Block // blocks ending in goto *expr
}

// targets is a stack entry of break and continue destinations.
type targets struct {
	tail      *targets
	_break    *Block
	_continue *Block // nil for switch
}

// newBlock creates a block that is not yet part of b.blocks; it gets its index
// when it is started, so that block numbers follow source order.
func (b *builder) newBlock(kind Kind, stmt cc.Node) *Block {
	blk := &Block{Index: -1, Kind: kind, Stmt: stmt}
	blk.Succs = blk.succs2[:0]
	b.all = append(b.all, blk)
	return blk
}

// start makes blk the current block.
func (b *builder) start(blk *Block) {
	if blk.Index < 0 {
		blk.Index = int32(len(b.blocks))
		b.blocks = append(b.blocks, blk)
	}
	b.current = blk
}

// cur returns the current block, creating an unreachable one if control
// cannot reach this point syntactically.
func (b *builder) cur() *Block {
	if b.current == nil {
		b.start(b.newBlock(KindUnreachable, b.lastJump))
	}
	return b.current
}

func (b *builder) add(n cc.Node) {
	blk := b.cur()
	blk.Nodes = append(blk.Nodes, n)
}

// jump adds an edge from the current block (if any) to target and ends the
// current block.
func (b *builder) jump(target *Block) {
	if b.current != nil {
		b.current.Succs = append(b.current.Succs, target)
	}
	b.current = nil
}

// end ends the current block without successors; s is recorded as the cause
// of any unreachable code that follows.
func (b *builder) end(s cc.Node) {
	b.current = nil
	b.lastJump = s
}

func (b *builder) compound(cs *cc.CompoundStatement) {
	if cs == nil {
		return
	}
	for l := cs.BlockItemList; l != nil; l = l.BlockItemList {
		it := l.BlockItem
		if it == nil {
			continue
		}
		switch it.Case {
		case cc.BlockItemDecl:
			b.decl(it.Declaration)
		case cc.BlockItemStmt:
			b.stmt(it.Statement)
		case cc.BlockItemLabel, cc.BlockItemFuncDef:
			// No run-time effect.
		}
	}
}

func (b *builder) decl(d *cc.Declaration) {
	if d == nil || d.Case == cc.DeclarationAssert || isFuncNameDecl(d) {
		return
	}
	b.add(d)
}

// isFuncNameDecl reports whether d is the `static const char __func__[] =
// "name";` declaration cc injects at the start of each function body.
func isFuncNameDecl(d *cc.Declaration) bool {
	l := d.InitDeclaratorList
	if d.Case != cc.DeclarationDecl || l == nil || l.InitDeclaratorList != nil || l.InitDeclarator == nil {
		return false
	}
	dr := l.InitDeclarator.Declarator
	return dr != nil && (dr.IsSynthetic() || dr.Name() == "__func__")
}

func (b *builder) stmt(s *cc.Statement) {
	if s == nil {
		return
	}
	switch s.Case {
	case cc.StatementLabeled:
		b.labeled(s.LabeledStatement)
	case cc.StatementCompound:
		b.compound(s.CompoundStatement)
	case cc.StatementExpr:
		b.exprStmt(s.ExpressionStatement)
	case cc.StatementSelection:
		b.selection(s.SelectionStatement)
	case cc.StatementIteration:
		b.iteration(s.IterationStatement)
	case cc.StatementJump:
		b.jumpStmt(s.JumpStatement)
	case cc.StatementAsm:
		if s.AsmStatement != nil {
			b.add(s.AsmStatement)
		}
	}
}

func (b *builder) exprStmt(es *cc.ExpressionStatement) {
	if es == nil || es.ExpressionList == nil {
		return // empty statement or attribute-only statement
	}
	b.add(es)
	if b.mayReturn != nil && !b.exprMayReturn(es.ExpressionList) {
		b.current.NoReturn = true
		b.end(es)
	}
}

// exprMayReturn reports whether the expression statement e may complete
// normally, looking at calls wrapped in parentheses, casts and comma
// operators.
func (b *builder) exprMayReturn(e cc.ExpressionNode) bool {
	for {
		switch x := e.(type) {
		case *cc.PrimaryExpression:
			if x.Case != cc.PrimaryExpressionExpr {
				return true
			}
			e = x.ExpressionList
		case *cc.CastExpression:
			if x.Case != cc.CastExpressionCast {
				return true
			}
			e = x.CastExpression
		case *cc.ExpressionList:
			for l := x; l != nil; l = l.ExpressionList {
				if !b.exprMayReturn(l.AssignmentExpression) {
					return false
				}
			}
			return true
		case *cc.PostfixExpression:
			if x.Case != cc.PostfixExpressionCall {
				return true
			}
			return b.mayReturn(x)
		default:
			return true
		}
	}
}

func (b *builder) labeled(ls *cc.LabeledStatement) {
	if ls == nil {
		return
	}
	switch ls.Case {
	case cc.LabeledStatementLabel:
		blk := b.labelBlock(ls, ls.Token.SrcStr())
		if blk.Stmt == nil {
			blk.Stmt = ls
			b.definedLabels = append(b.definedLabels, blk)
		}
		b.jump(blk) // fall through into the label
		b.start(blk)
	default: // case, case range, default
		if blk := b.caseBlocks[ls]; blk != nil && blk != b.current {
			b.jump(blk) // fall through from the previous case
			b.start(blk)
		}
	}
	b.stmt(ls.Statement)
}

// labelBlock returns the block of the label defined by ls (if known) named
// name, creating it if needed.
func (b *builder) labelBlock(ls *cc.LabeledStatement, name string) *Block {
	if ls != nil {
		if blk := b.labels[ls]; blk != nil {
			return blk
		}
	}
	if blk := b.labelsByName[name]; blk != nil && (ls == nil || blk.Stmt == nil || blk.Stmt == cc.Node(ls)) {
		if ls != nil {
			b.labels[ls] = blk
		}
		return blk
	}
	blk := b.newBlock(KindLabel, nil)
	if b.labels == nil {
		b.labels = map[*cc.LabeledStatement]*Block{}
		b.labelsByName = map[string]*Block{}
	}
	if ls != nil {
		b.labels[ls] = blk
	}
	if _, ok := b.labelsByName[name]; !ok {
		b.labelsByName[name] = blk
	}
	return blk
}

func (b *builder) jumpStmt(js *cc.JumpStatement) {
	if js == nil {
		return
	}
	switch js.Case {
	case cc.JumpStatementReturn:
		blk := b.cur()
		blk.Nodes = append(blk.Nodes, js)
		blk.Return = js
		b.end(js)
	case cc.JumpStatementGoto:
		ls, _ := js.Label().(*cc.LabeledStatement)
		b.jump(b.labelBlock(ls, js.Token2.SrcStr()))
		b.end(js)
	case cc.JumpStatementGotoExpr:
		if js.ExpressionList != nil {
			b.add(js.ExpressionList)
		}
		blk := b.cur()
		blk.ComputedGoto = js
		b.computed = append(b.computed, blk)
		b.end(js)
	case cc.JumpStatementBreak:
		for t := b.targets; t != nil; t = t.tail {
			if t._break != nil {
				b.jump(t._break)
				break
			}
		}
		b.end(js)
	case cc.JumpStatementContinue:
		for t := b.targets; t != nil; t = t.tail {
			if t._continue != nil {
				b.jump(t._continue)
				break
			}
		}
		b.end(js)
	}
}

func (b *builder) selection(s *cc.SelectionStatement) {
	if s == nil {
		return
	}
	switch s.Case {
	case cc.SelectionStatementIf, cc.SelectionStatementIfElse:
		then := b.newBlock(KindIfThen, s)
		done := b.newBlock(KindIfDone, s)
		els := done
		if s.Case == cc.SelectionStatementIfElse {
			els = b.newBlock(KindIfElse, s)
		}
		b.cond(s.ExpressionList, then, els)
		b.start(then)
		b.stmt(s.Statement)
		b.jump(done)
		if els != done {
			b.start(els)
			b.stmt(s.Statement2)
			b.jump(done)
		}
		b.start(done)

	case cc.SelectionStatementSwitch:
		b.switchStmt(s)
	}
}

func (b *builder) switchStmt(s *cc.SelectionStatement) {
	if s.ExpressionList != nil {
		b.add(s.ExpressionList)
	}
	head := b.cur()
	head.Switch = s
	done := b.newBlock(KindSwitchDone, s)

	var cases []*Block
	hasDefault := false
	b.collectCases(s.Statement, nil, &cases, &hasDefault)
	head.Succs = append(head.Succs, cases...)
	if !hasDefault {
		head.Succs = append(head.Succs, done)
	}
	b.end(s) // code before the first label is unreachable

	b.targets = &targets{tail: b.targets, _break: done}
	b.stmt(s.Statement)
	b.targets = b.targets.tail
	b.jump(done)
	b.start(done)
}

// collectCases creates the SwitchCase blocks for the case and default labels
// of the switch whose body is s, without entering nested switches.
// Consecutive labels share a block. grp is the block of the label whose
// statement is s, if any.
func (b *builder) collectCases(s *cc.Statement, grp *Block, out *[]*Block, hasDefault *bool) {
	for s != nil {
		switch s.Case {
		case cc.StatementLabeled:
			ls := s.LabeledStatement
			if ls == nil {
				return
			}
			if ls.Case == cc.LabeledStatementLabel {
				grp = nil
			} else {
				if grp == nil {
					grp = b.newBlock(KindSwitchCase, ls)
					*out = append(*out, grp)
				}
				grp.Cases = append(grp.Cases, ls)
				if b.caseBlocks == nil {
					b.caseBlocks = map[*cc.LabeledStatement]*Block{}
				}
				b.caseBlocks[ls] = grp
				if ls.Case == cc.LabeledStatementDefault {
					*hasDefault = true
				}
			}
			s = ls.Statement
			continue
		case cc.StatementCompound:
			if cs := s.CompoundStatement; cs != nil {
				for l := cs.BlockItemList; l != nil; l = l.BlockItemList {
					if it := l.BlockItem; it != nil && it.Case == cc.BlockItemStmt {
						b.collectCases(it.Statement, nil, out, hasDefault)
					}
				}
			}
		case cc.StatementSelection:
			if ss := s.SelectionStatement; ss != nil && ss.Case != cc.SelectionStatementSwitch {
				b.collectCases(ss.Statement, nil, out, hasDefault)
				b.collectCases(ss.Statement2, nil, out, hasDefault)
			}
		case cc.StatementIteration:
			if is := s.IterationStatement; is != nil {
				b.collectCases(is.Statement, nil, out, hasDefault)
			}
		}
		return
	}
}

func (b *builder) iteration(s *cc.IterationStatement) {
	if s == nil {
		return
	}
	switch s.Case {
	case cc.IterationStatementWhile:
		//	loop:  if cond goto body else done   (continue target)
		//	body:  ...; goto loop
		//	done:                                (break target)
		loop := b.newBlock(KindWhileLoop, s)
		body := b.newBlock(KindWhileBody, s)
		done := b.newBlock(KindWhileDone, s)
		b.jump(loop)
		b.start(loop)
		b.cond(s.ExpressionList, body, done)
		b.start(body)
		b.loopBody(s.Statement, done, loop)
		b.jump(loop)
		b.start(done)

	case cc.IterationStatementDo:
		//	body:  ...                           (loop entry)
		//	cond:  if cond goto body else done   (continue target)
		//	done:                                (break target)
		body := b.newBlock(KindDoBody, s)
		cond := b.newBlock(KindDoCond, s)
		done := b.newBlock(KindDoDone, s)
		b.jump(body)
		b.start(body)
		b.loopBody(s.Statement, done, cond)
		b.jump(cond)
		b.start(cond)
		b.cond(s.ExpressionList, body, done)
		b.start(done)

	case cc.IterationStatementFor, cc.IterationStatementForDecl:
		//	init
		//	loop:  if cond goto body else done   (absent if no cond)
		//	body:  ...; goto post
		//	post:  post; goto loop               (continue target if present)
		//	done:                                (break target)
		var init, cond, post cc.ExpressionNode
		if s.Case == cc.IterationStatementFor {
			init, cond, post = s.ExpressionList, s.ExpressionList2, s.ExpressionList3
		} else {
			b.decl(s.Declaration)
			cond, post = s.ExpressionList, s.ExpressionList2
		}
		if init != nil {
			b.add(init)
		}
		body := b.newBlock(KindForBody, s)
		done := b.newBlock(KindForDone, s)
		loop := body
		if cond != nil {
			loop = b.newBlock(KindForLoop, s)
		}
		cont := loop
		if post != nil {
			cont = b.newBlock(KindForPost, s)
		}
		b.jump(loop)
		b.start(loop)
		if cond != nil {
			b.cond(cond, body, done)
			b.start(body)
		}
		b.loopBody(s.Statement, done, cont)
		b.jump(cont)
		if post != nil {
			b.start(cont)
			b.add(post)
			b.jump(loop)
		}
		b.start(done)
	}
}

func (b *builder) loopBody(s *cc.Statement, brk, cont *Block) {
	b.targets = &targets{tail: b.targets, _break: brk, _continue: cont}
	b.stmt(s)
	b.targets = b.targets.tail
}

// cond emits the evaluation of the branch condition e into the current block,
// splitting && and || into separate blocks, and ends the current block with
// edges to t (e true) and f (e false).
func (b *builder) cond(e cc.ExpressionNode, t, f *Block) {
	e = Unparen(e)
	switch x := e.(type) {
	case *cc.LogicalOrExpression:
		if x.Case == cc.LogicalOrExpressionLOr {
			rhs := b.newBlock(KindLogicalRHS, x)
			b.cond(x.LogicalOrExpression, t, rhs)
			b.start(rhs)
			b.cond(x.LogicalAndExpression, t, f)
			return
		}
	case *cc.LogicalAndExpression:
		if x.Case == cc.LogicalAndExpressionLAnd {
			rhs := b.newBlock(KindLogicalRHS, x)
			b.cond(x.LogicalAndExpression, rhs, f)
			b.start(rhs)
			b.cond(x.InclusiveOrExpression, t, f)
			return
		}
	case *cc.ExpressionList:
		// Comma operator: evaluate the leading operands, branch on the last.
		l := x
		for ; l.ExpressionList != nil; l = l.ExpressionList {
			if l.AssignmentExpression != nil {
				b.add(l.AssignmentExpression)
			}
		}
		b.cond(l.AssignmentExpression, t, f)
		return
	}

	blk := b.cur()
	if e == nil { // cannot happen for valid C; treat as always true
		b.jump(t)
		return
	}
	blk.Nodes = append(blk.Nodes, e)
	switch constTruth(e) {
	case 1:
		b.jump(t)
	case 0:
		b.jump(f)
	default:
		blk.Cond = e
		blk.Succs = append(blk.Succs, t, f)
		b.current = nil
	}
}

// constTruth returns 1 if e is a constant non-zero, 0 if it is a constant
// zero, and -1 if it is not an integer or floating constant.
func constTruth(e cc.ExpressionNode) int {
	truth := func(nz bool) int {
		if nz {
			return 1
		}
		return 0
	}
	switch v := e.Value().(type) {
	case cc.Int64Value:
		return truth(v != 0)
	case cc.UInt64Value:
		return truth(v != 0)
	case cc.Float64Value:
		return truth(v != 0)
	}
	return -1
}

// Unparen returns e with any enclosing parentheses removed.
func Unparen(e cc.ExpressionNode) cc.ExpressionNode {
	for {
		p, ok := e.(*cc.PrimaryExpression)
		if !ok || p == nil || p.Case != cc.PrimaryExpressionExpr || p.ExpressionList == nil {
			return e
		}
		e = p.ExpressionList
	}
}
