// Package ownership follows the objects a Redis module must release
// (strings, keys, call replies, RedisModule_Alloc memory, dicts, iterators,
// thread-safe contexts, ...) along every path of every function, with
// checks/flow. It is not a rule: the leak and badfree rules require its
// Analyzer and report the problems it found.
//
// An object is created by an API call the table marks as allocating, bound
// to the local variables that hold it, and then released, handed over
// (stored in a struct, a global or a dict, returned, passed to a function
// that keeps it or to one rmlint cannot see into) or leaked. AutoMemory is
// followed per path. Module helper functions are summarised once per
// parameter: releases it, keeps it, or only reads it; and whether they
// return a new object.
package ownership

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/checks/flow"
	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/redisapi"
)

// Analyzer computes the Problems of a module.
var Analyzer = &analysis.Analyzer{
	Name:       "ownership",
	Doc:        "ownership follows the objects a Redis module must release along every path (used by the leak and badfree rules).",
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// Kind of problem.
type Kind int

const (
	Leak          Kind = iota // an object is not released on some path
	LeakCopied                // a fresh allocation passed straight to an API that copies it
	DoubleFree                // released twice
	UseAfterFree              // used after its release
	FreeArgv                  // argv[i] released
	FreeBorrowed              // a borrowed pointer released
	WrongRelease              // released with the wrong function (allocator mismatch)
	FreeMaybeNull             // released while it may be NULL, where the release function does not accept NULL
)

// Problem is one finding for leak or badfree.
type Problem struct {
	Kind     Kind
	At       cc.Node // where to report
	Created  cc.Node // where the object was created (Related), if known
	Object   redisapi.Resource
	Creator  string // the API that created it
	Releaser string // the release function involved, if any
	Func     *cparse.Func
	Message  string // the specific detail (e.g. the variable name)
}

// Result is every problem found in the module.
type Result struct {
	Problems []Problem
}

func run(pass *analysis.Pass) (any, error) {
	m := inspect.Of(pass)
	a := &analyser{m: m, summaries: map[*cparse.Func]*summary{}, seen: map[string]bool{}}
	called := map[*cparse.Func]bool{}
	for _, f := range m.Funcs() {
		for _, g := range m.Callees(f) {
			called[g] = true
		}
	}
	for _, f := range m.Funcs() {
		a.analyse(f, called[f])
	}
	sort.SliceStable(a.res.Problems, func(i, j int) bool {
		return m.Files.Pos(a.res.Problems[i].At) < m.Files.Pos(a.res.Problems[j].At)
	})
	return &a.res, nil
}

type analyser struct {
	m         *inspect.Module
	res       Result
	summaries map[*cparse.Func]*summary
	seen      map[string]bool
}

// tracked lists the resources this analysis follows.
func tracked(r redisapi.Resource) bool {
	switch r {
	case redisapi.String, redisapi.Key, redisapi.CallReply, redisapi.Memory, redisapi.Dict,
		redisapi.DictIter, redisapi.ServerInfo, redisapi.ThreadCtx, redisapi.ScanCursor,
		redisapi.ClusterNodes, redisapi.ModuleUser, redisapi.RdbStream:
		return true
	}
	return false
}

type objState int

const (
	live objState = iota
	freed
	escaped
	null // known NULL on this path: nothing to release
)

type obj struct {
	kind      redisapi.Resource
	created   cc.Node
	creator   string
	state     objState
	auto      bool // AutoMemory releases it
	maybeNull bool // may be NULL and not tested yet
	param     int  // >= 0: the object a parameter points to (summary mode)
	freedAt   cc.Node
}

type state struct {
	objs    []obj
	vars    map[*cc.Declarator]int // variable -> index in objs
	pending map[*cc.PostfixExpression]int
	autoMem bool
	lost    bool
}

func (s *state) clone() *state {
	c := &state{objs: append([]obj(nil), s.objs...), vars: make(map[*cc.Declarator]int, len(s.vars)), pending: make(map[*cc.PostfixExpression]int, len(s.pending)), autoMem: s.autoMem, lost: s.lost}
	for k, v := range s.vars {
		c.vars[k] = v
	}
	for k, v := range s.pending {
		c.pending[k] = v
	}
	return c
}

type dom struct {
	a        *analyser
	f        *cparse.Func
	ctx      *cc.Declarator
	argv     *cc.Declarator
	helper   bool // called by other module functions: AutoMemory state unknown
	summary  bool
	exits    []exitRec
	problems []Problem
}

type exitRec struct {
	st   *state
	ret  *cc.JumpStatement
	path *flow.Path
}

func (d *dom) Key(st *state) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v%v|", st.autoMem, st.lost)
	for _, o := range st.objs {
		fmt.Fprintf(&b, "%d.%d.%v.%v.%p;", o.kind, o.state, o.auto, o.maybeNull, o.created)
	}
	keys := make([]string, 0, len(st.vars))
	for v, i := range st.vars {
		keys = append(keys, fmt.Sprintf("%p=%d", v, i))
	}
	sort.Strings(keys)
	b.WriteString(strings.Join(keys, ","))
	return b.String()
}

func (d *dom) Clone(st *state) *state { return st.clone() }

func (d *dom) report(p Problem) {
	p.Func = d.f
	d.problems = append(d.problems, p)
}

// objOf returns the object an expression refers to: a variable bound to
// one, or a call that created one in this statement.
func (d *dom) objOf(st *state, e cc.ExpressionNode) (int, bool) {
	e = cparse.StripCasts(e)
	if v := cparse.Declarator(e); v != nil {
		i, ok := st.vars[v]
		return i, ok
	}
	if c, ok := e.(*cc.PostfixExpression); ok && c.Case == cc.PostfixExpressionCall {
		i, ok := st.pending[c]
		return i, ok
	}
	return 0, false
}

// isArgv reports whether e is argv[i] (or *argv) of the function's argv
// parameter.
func (d *dom) isArgv(e cc.ExpressionNode) bool {
	if d.argv == nil {
		return false
	}
	e = cparse.StripCasts(e)
	switch x := e.(type) {
	case *cc.PostfixExpression:
		if x.Case == cc.PostfixExpressionIndex {
			return cparse.Declarator(x.PostfixExpression) == d.argv
		}
	case *cc.UnaryExpression:
		if x.Case == cc.UnaryExpressionDeref {
			return cparse.Declarator(x.CastExpression) == d.argv
		}
	}
	return false
}

func (d *dom) escape(st *state, i int) {
	if st.objs[i].state == live {
		st.objs[i].state = escaped
	}
}

// noRetain lists C library functions that read a pointer argument without
// keeping it.
var noRetain = map[string]bool{
	"strlen": true, "strnlen": true, "strcmp": true, "strncmp": true, "strcasecmp": true, "strncasecmp": true,
	"memcpy": true, "memmove": true, "memcmp": true, "memset": true, "memchr": true, "strchr": true, "strrchr": true,
	"strstr": true, "strcpy": true, "strncpy": true, "strcat": true, "strncat": true, "strtol": true, "strtoll": true,
	"strtoul": true, "strtoull": true, "strtod": true, "atoi": true, "atol": true, "atoll": true, "atof": true,
	"printf": true, "fprintf": true, "sprintf": true, "snprintf": true, "sscanf": true, "puts": true, "fputs": true,
	"qsort": true, "toupper": true, "tolower": true, "isdigit": true, "isspace": true, "isalpha": true,
}

func (d *dom) Call(st *state, call *cc.PostfixExpression, p *flow.Path) []flow.Outcome[*state] {
	if st.lost {
		return []flow.Outcome[*state]{{State: st}}
	}
	st = st.clone()
	name := cparse.CalleeName(call)
	args := cparse.Args(call)
	if g := d.a.m.Callee(d.f.Unit, call); g != nil {
		return d.callHelper(st, call, g, args, p)
	}
	api := redisapi.Lookup(name)
	if api == nil {
		switch {
		case name == "free":
			if len(args) == 1 {
				if i, ok := d.objOf(st, args[0]); ok {
					o := &st.objs[i]
					if o.state == live && o.param < 0 {
						// Module objects come from Redis's allocator.
						d.report(Problem{Kind: WrongRelease, At: call, Created: o.created, Object: o.kind, Creator: o.creator, Releaser: "free"})
					}
					o.state = freed
					o.freedAt = call
				}
			}
		case noRetain[name]:
			// reads only
		default:
			// An unknown function may keep what it is given.
			for _, a := range args {
				d.escapeExpr(st, a)
			}
		}
		d.dropUnbound(st, call)
		return []flow.Outcome[*state]{{State: st}}
	}
	if name == "RedisModule_AutoMemory" && len(args) == 1 {
		st.autoMem = true
		return []flow.Outcome[*state]{{State: st}}
	}
	if name == "RedisModule_RetainString" && len(args) == 2 {
		// Keeps an extra reference, or takes the string out of
		// AutoMemory: either way the module keeps it beyond this call.
		d.escapeExpr(st, args[1])
		return []flow.Outcome[*state]{{State: st}}
	}
	// Release.
	if api.Releases != redisapi.NoResource && tracked(api.Releases) && api.ReleaseArg >= 0 && api.ReleaseArg < len(args) {
		arg := args[api.ReleaseArg]
		switch {
		case d.isArgv(arg):
			d.report(Problem{Kind: FreeArgv, At: call, Releaser: name})
		default:
			if i, ok := d.objOf(st, arg); ok {
				o := &st.objs[i]
				switch {
				case o.state == freed:
					d.report(Problem{Kind: DoubleFree, At: call, Created: o.freedAt, Object: o.kind, Creator: o.creator, Releaser: name})
				case o.state == null:
				case o.param >= 0 && o.kind == redisapi.NoResource:
					o.state = freed
					o.freedAt = call
				case o.kind != api.Releases && o.kind != redisapi.NoResource && o.state == live:
					d.report(Problem{Kind: WrongRelease, At: call, Created: o.created, Object: o.kind, Creator: o.creator, Releaser: name})
					o.state = freed
					o.freedAt = call
				default:
					if o.maybeNull && containsInt(api.NullUnsafe, api.ReleaseArg) {
						d.report(Problem{Kind: FreeMaybeNull, At: call, Created: o.created, Object: o.kind, Creator: o.creator, Releaser: name})
					}
					o.state = freed
					o.freedAt = call
				}
			} else if bc := cparse.AsCall(arg); bc != nil {
				if src := redisapi.Lookup(cparse.CalleeName(bc)); src != nil && src.Borrowed && src.Allocates == redisapi.NoResource {
					d.report(Problem{Kind: FreeBorrowed, At: call, Created: bc, Creator: src.CName(), Releaser: name})
				}
			}
		}
	}
	// Uses, ownership transfers and copies.
	for i, a := range args {
		switch {
		case api.Releases != redisapi.NoResource && tracked(api.Releases) && i == api.ReleaseArg:
		case containsInt(api.TakesOwnership, i):
			d.escapeExpr(st, a)
		case i < len(api.Params) && strings.Contains(api.Params[i].Type, "void *") && !strings.Contains(api.Params[i].Type, "void **"):
			// Private data, dict values, timer data: kept by Redis.
			d.escapeExpr(st, a)
		case i >= len(api.Params):
			// Variadic arguments (Call, Replicate, HashSet...): read only.
			d.useExpr(st, a, call, name)
		default:
			d.useExpr(st, a, call, name)
		}
	}
	// Objects created in the arguments and never bound are gone now:
	// passing RedisModule_Strdup("...") to a reply leaks it.
	d.dropUnbound(st, call)
	// Creation.
	if api.Allocates != redisapi.NoResource && tracked(api.Allocates) && api.AllocArg < 0 && api.Returns != redisapi.ReturnsVoid {
		o := obj{kind: api.Allocates, created: call, creator: name, param: -1}
		o.maybeNull = d.mayBeNull(name, args, p)
		if api.Allocates.AutoMemoryTracks() {
			switch {
			case len(args) > 0 && isCtxType(args[0]) && cparse.IsNullConstant(args[0]):
				// Created without a context: never automatic.
			case d.helper:
				// In a helper the caller's AutoMemory state is unknown.
				o.auto = true
			case st.autoMem:
				o.auto = true
			}
		}
		st.objs = append(st.objs, o)
		st.pending[call] = len(st.objs) - 1
	}
	gc(st)
	return []flow.Outcome[*state]{{State: st}}
}

// mayBeNull says whether a release of the result without a NULL test is
// worth reporting. Many APIs return NULL only in situations the code has
// usually ruled out in ways rmlint does not follow (ListPop after checking
// the length, ZsetRangeCurrentElement inside a range loop, RedisModule_Call
// of a valid command): only the common cases count. OpenKey without
// REDISMODULE_WRITE returns NULL for every missing key; RedisModule_Call
// with the C, S, W or M flags fails whenever ACLs, scripts rules, write or
// memory limits say no.
func (d *dom) mayBeNull(name string, args []cc.ExpressionNode, p *flow.Path) bool {
	switch name {
	case "RedisModule_OpenKey":
		if len(args) == 3 {
			if mode, ok := p.Eval(args[2]); ok {
				return mode&2 == 0 // REDISMODULE_WRITE: never NULL
			}
		}
	case "RedisModule_Call":
		if len(args) >= 3 {
			if f, ok, _ := d.f.Unit.ConstString(args[2]); ok {
				return strings.ContainsAny(f, "CSWM") && !strings.Contains(f, "E")
			}
		}
	}
	return false
}

func isCtxType(e cc.ExpressionNode) bool {
	return e != nil && inspect.IsPointerTo(e.Type(), "RedisModuleCtx")
}

func (d *dom) isCtx(e cc.ExpressionNode) bool {
	return d.ctx != nil && cparse.Declarator(e) == d.ctx
}

func containsInt(s []int, x int) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// useExpr notes a use of e as an argument: a released object used again is
// a use after free; a bound object whose address is taken escapes.
func (d *dom) useExpr(st *state, e cc.ExpressionNode, call *cc.PostfixExpression, name string) {
	if u, ok := cparse.StripCasts(e).(*cc.UnaryExpression); ok && u.Case == cc.UnaryExpressionAddrof {
		d.escapeExpr(st, u.CastExpression)
		return
	}
	i, ok := d.objOf(st, e)
	if !ok {
		return
	}
	o := &st.objs[i]
	if o.state == freed && o.freedAt != nil {
		d.report(Problem{Kind: UseAfterFree, At: call, Created: o.freedAt, Object: o.kind, Creator: o.creator, Releaser: name})
	}
}

// escapeExpr hands the object e refers to (or whose address it is) over.
func (d *dom) escapeExpr(st *state, e cc.ExpressionNode) {
	e = cparse.StripCasts(e)
	if u, ok := e.(*cc.UnaryExpression); ok && u.Case == cc.UnaryExpressionAddrof {
		e = u.CastExpression
	}
	if i, ok := d.objOf(st, e); ok {
		d.escape(st, i)
	}
	// Objects reachable through the expression's variables (e.g. a struct
	// holding them) are not tracked; nothing more to do.
}

// dropUnbound reports objects created inside call's arguments that no
// variable holds and nobody took.
func (d *dom) dropUnbound(st *state, call *cc.PostfixExpression) {
	for _, a := range cparse.Args(call) {
		c := cparse.AsCall(a)
		if c == nil {
			continue
		}
		i, ok := st.pending[c]
		if !ok {
			continue
		}
		delete(st.pending, c)
		o := &st.objs[i]
		if o.state == live && !o.auto && !d.bound(st, i) {
			d.report(Problem{Kind: LeakCopied, At: c, Created: c, Object: o.kind, Creator: o.creator, Releaser: cparse.CalleeName(call)})
			o.state = escaped // reported once
		}
	}
}

// gc drops objects nothing refers to any more and that need nothing (freed,
// handed over, NULL or automatic), so that states stay small in loops.
func gc(st *state) {
	keep := make([]bool, len(st.objs))
	for _, i := range st.vars {
		keep[i] = true
	}
	for _, i := range st.pending {
		keep[i] = true
	}
	remap := make([]int, len(st.objs))
	var objs []obj
	for i, o := range st.objs {
		if keep[i] || o.param >= 0 || o.state == live && !o.auto {
			remap[i] = len(objs)
			objs = append(objs, o)
		} else {
			remap[i] = -1
		}
	}
	if len(objs) == len(st.objs) {
		return
	}
	st.objs = objs
	for v, i := range st.vars {
		st.vars[v] = remap[i]
	}
	for c, i := range st.pending {
		st.pending[c] = remap[i]
	}
}

func (d *dom) bound(st *state, i int) bool {
	for _, j := range st.vars {
		if j == i {
			return true
		}
	}
	return false
}

func (d *dom) Assign(st *state, lhs cc.Node, lhsDecl *cc.Declarator, rhs cc.ExpressionNode, p *flow.Path) *state {
	if st.lost {
		return st
	}
	st = st.clone()
	var src = -1
	if rhs != nil {
		if i, ok := d.objOf(st, rhs); ok {
			src = i
			if c := cparse.AsCall(rhs); c != nil {
				delete(st.pending, c)
			}
		}
	}
	local := lhsDecl != nil && lhsDecl.StorageDuration() == cc.Automatic && !lhsDecl.AddressTaken()
	if !local || rhs == nil {
		// Stored in a global, a struct field, an array, through a pointer,
		// or in a brace initializer: handed over, as is everything this
		// statement created.
		if src >= 0 {
			d.escape(st, src)
		}
		for c, i := range st.pending {
			d.escape(st, i)
			delete(st.pending, c)
		}
		if !local {
			return st
		}
	}
	if old, ok := st.vars[lhsDecl]; ok {
		delete(st.vars, lhsDecl)
		o := &st.objs[old]
		if o.state == live && !o.auto && !o.maybeNull && o.param < 0 && !d.bound(st, old) && src != old {
			d.report(Problem{Kind: Leak, At: o.created, Created: lhs, Object: o.kind, Creator: o.creator, Message: "overwritten"})
			o.state = escaped
		}
	}
	if src >= 0 {
		st.vars[lhsDecl] = src
	}
	gc(st)
	return st
}

// EndStatement reports objects created by a statement that nothing took:
// the result of an allocating call was thrown away.
func (d *dom) EndStatement(st *state, p *flow.Path) *state {
	if len(st.pending) == 0 {
		return st
	}
	st = st.clone()
	for c, i := range st.pending {
		delete(st.pending, c)
		o := &st.objs[i]
		if o.state == live && !o.auto && !d.bound(st, i) && !d.summary {
			d.report(Problem{Kind: Leak, At: c, Object: o.kind, Creator: o.creator, Message: "discarded"})
			o.state = escaped
		}
	}
	gc(st)
	return st
}

func (d *dom) Assume(st *state, cond cc.ExpressionNode, truth bool, p *flow.Path) (*state, bool) {
	// RedisModule_LoadString & co return NULL exactly when an I/O error is
	// flagged: on the branch where RedisModule_IsIOError(io) is true they
	// hold nothing to release.
	if truth && d.testsIOError(cond) {
		st = st.clone()
		for i := range st.objs {
			if strings.HasPrefix(st.objs[i].creator, "RedisModule_Load") {
				st.objs[i].state = null
			}
		}
		return st, true
	}
	// `if (!x)`, `if (x == NULL)`, `if (x)`, `if (x != NULL)` on a variable
	// holding an object that may be NULL.
	v, isNull := nullTest(cond)
	if v == nil {
		return st, true
	}
	i, ok := st.vars[v]
	if !ok {
		return st, true
	}
	st = st.clone()
	o := &st.objs[i]
	if isNull == truth {
		o.state = null
	}
	o.maybeNull = false
	return st, true
}

func (d *dom) testsIOError(cond cc.ExpressionNode) bool {
	found := false
	cparse.Inspect(cond, func(n cc.Node) bool {
		if c, ok := n.(*cc.PostfixExpression); ok && cparse.CalleeName(c) == "RedisModule_IsIOError" {
			found = true
		}
		return !found
	})
	if u, ok := cparse.StripCasts(cond).(*cc.UnaryExpression); ok && u.Case == cc.UnaryExpressionNot {
		return false // !IsIOError(io): the true branch has no error
	}
	return found
}

// nullTest recognises tests of a variable against NULL: it returns the
// variable and whether the test is true when the variable is NULL.
func nullTest(cond cc.ExpressionNode) (*cc.Declarator, bool) {
	cond = cparse.StripCasts(cond)
	switch n := cond.(type) {
	case *cc.UnaryExpression:
		if n.Case == cc.UnaryExpressionNot {
			if v, isNull := nullTest(n.CastExpression); v != nil {
				return v, !isNull
			}
		}
	case *cc.EqualityExpression:
		l, r := n.EqualityExpression, n.RelationalExpression
		v := assigned(l)
		if v == nil || !cparse.IsNullConstant(r) {
			v = assigned(r)
			if v == nil || !cparse.IsNullConstant(l) {
				return nil, false
			}
		}
		return v, n.Case == cc.EqualityExpressionEq
	}
	if v := assigned(cond); v != nil {
		return v, false
	}
	return nil, false
}

// assigned returns the variable e names, also through an assignment
// `(x = f())`, whose value is x's.
func assigned(e cc.ExpressionNode) *cc.Declarator {
	e = cparse.StripCasts(e)
	if a, ok := e.(*cc.AssignmentExpression); ok && a.Case == cc.AssignmentExpressionAssign {
		return cparse.Declarator(a.UnaryExpression)
	}
	return cparse.Declarator(e)
}

func (d *dom) Exit(st *state, ret *cc.JumpStatement, value *int64, p *flow.Path) {
	if st.lost || p.Unsure {
		if d.summary {
			d.exits = append(d.exits, exitRec{st: &state{lost: true}, ret: ret, path: p})
		}
		return
	}
	// A returned object belongs to the caller now.
	retObj := -1
	if ret != nil && ret.ExpressionList != nil {
		if i, ok := d.objOf(st, ret.ExpressionList); ok {
			retObj = i
		}
	}
	if d.summary {
		d.exits = append(d.exits, exitRec{st: st, ret: ret, path: p})
		return
	}
	var at cc.Node = ret
	if ret == nil {
		at = d.f.Def.CompoundStatement.Token2
	}
	for i, o := range st.objs {
		if i == retObj || o.state != live || o.auto || o.param >= 0 {
			continue
		}
		d.report(Problem{Kind: Leak, At: o.created, Created: at, Object: o.kind, Creator: o.creator})
	}
}

// summary says what a helper does with what it is given and returns.
type summary struct {
	lost     bool
	releases map[int]bool // parameter released on every path
	keeps    map[int]bool // parameter handed over (or released only sometimes)
	returns  redisapi.Resource
	retNull  bool // may return NULL
	busy     bool
}

func (a *analyser) summarize(g *cparse.Func) *summary {
	if s, ok := a.summaries[g]; ok {
		if s.busy {
			return &summary{lost: true}
		}
		return s
	}
	s := &summary{busy: true, releases: map[int]bool{}, keeps: map[int]bool{}}
	a.summaries[g] = s
	defer func() { s.busy = false }()
	d := a.newDom(g, true)
	d.summary = true
	init := &state{vars: map[*cc.Declarator]int{}, pending: map[*cc.PostfixExpression]int{}}
	ft, _ := g.Decl.Type().(*cc.FunctionType)
	var params []*cc.Parameter
	if ft != nil {
		params = ft.Parameters()
	}
	for i, prm := range params {
		if prm.Declarator == nil {
			continue
		}
		if _, isPtr := prm.Type().(*cc.PointerType); !isPtr {
			continue
		}
		init.objs = append(init.objs, obj{param: i})
		init.vars[prm.Declarator] = len(init.objs) - 1
	}
	res := flow.Run[*state](g, d, init, flow.Options{MaxStates: 5000})
	if !res.Complete {
		s.lost = true
		return s
	}
	type tally struct{ freed, kept, live int }
	t := map[int]*tally{}
	for _, x := range d.exits {
		if x.st.lost {
			s.lost = true
			return s
		}
		for _, o := range x.st.objs {
			if o.param < 0 {
				continue
			}
			if t[o.param] == nil {
				t[o.param] = &tally{}
			}
			switch o.state {
			case freed, null:
				t[o.param].freed++
			case escaped:
				t[o.param].kept++
			default:
				t[o.param].live++
			}
		}
		// Returned objects.
		if x.ret != nil && x.ret.ExpressionList != nil {
			if i, ok := d.objOf(x.st, x.ret.ExpressionList); ok && x.st.objs[i].param < 0 && x.st.objs[i].state == live {
				if s.returns == redisapi.NoResource {
					s.returns = x.st.objs[i].kind
				} else if s.returns != x.st.objs[i].kind {
					s.lost = true
				}
			} else if cparse.IsNullConstant(x.ret.ExpressionList) {
				s.retNull = true
			}
		}
	}
	for p, c := range t {
		switch {
		case c.kept > 0 || c.freed > 0 && c.live > 0:
			// Handed over, or released on some paths only: the caller
			// cannot tell, so it stops tracking.
			s.keeps[p] = true
		case c.freed > 0:
			s.releases[p] = true
		}
	}
	return s
}

func (d *dom) callHelper(st *state, call *cc.PostfixExpression, g *cparse.Func, args []cc.ExpressionNode, p *flow.Path) []flow.Outcome[*state] {
	s := d.a.summarize(g)
	if s.lost {
		for _, a := range args {
			d.escapeExpr(st, a)
		}
		d.dropUnbound(st, call)
		return []flow.Outcome[*state]{{State: st}}
	}
	for i, a := range args {
		idx, ok := d.objOf(st, a)
		if !ok {
			continue
		}
		o := &st.objs[idx]
		switch {
		case s.releases[i]:
			if o.state == freed {
				d.report(Problem{Kind: DoubleFree, At: call, Created: o.freedAt, Object: o.kind, Creator: o.creator, Releaser: g.Name})
			}
			o.state = freed
			o.freedAt = call
		case s.keeps[i]:
			d.escape(st, idx)
		default:
			d.useExpr(st, a, call, g.Name)
		}
	}
	d.dropUnbound(st, call)
	if s.returns != redisapi.NoResource && tracked(s.returns) {
		o := obj{kind: s.returns, created: call, creator: g.Name, param: -1, maybeNull: s.retNull}
		if s.returns.AutoMemoryTracks() && (st.autoMem || d.helper) {
			o.auto = true
		}
		st.objs = append(st.objs, o)
		st.pending[call] = len(st.objs) - 1
	}
	return []flow.Outcome[*state]{{State: st}}
}

func (a *analyser) newDom(f *cparse.Func, helper bool) *dom {
	d := &dom{a: a, f: f, helper: helper}
	if ft, ok := f.Decl.Type().(*cc.FunctionType); ok {
		for _, p := range ft.Parameters() {
			switch {
			case p.Declarator == nil:
			case d.ctx == nil && inspect.IsPointerTo(p.Type(), "RedisModuleCtx"):
				d.ctx = p.Declarator
			case d.argv == nil && inspect.IsPointerToPointerTo(p.Type(), "RedisModuleString"):
				d.argv = p.Declarator
			}
		}
	}
	return d
}

// analyse explores one function on its own and records its problems.
func (a *analyser) analyse(f *cparse.Func, helper bool) {
	d := a.newDom(f, helper)
	init := &state{vars: map[*cc.Declarator]int{}, pending: map[*cc.PostfixExpression]int{}}
	res := flow.Run[*state](f, d, init, flow.Options{})
	if !res.Complete {
		return
	}
	for _, p := range d.problems {
		k := fmt.Sprintf("%d|%p|%p", p.Kind, p.At, p.Created)
		if p.Kind == Leak || p.Kind == LeakCopied {
			k = fmt.Sprintf("%d|%p", p.Kind, p.At) // one report per allocation
		}
		if a.seen[k] {
			continue
		}
		a.seen[k] = true
		a.res.Problems = append(a.res.Problems, p)
	}
}
