package datatype

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
)

// fieldVersion is the RedisModuleTypeMethods version that introduced each
// member: Redis reads a member only when .version is at least that
// (module.c, RM_CreateDataType).
var fieldVersion = map[string]int64{
	"rdb_load": 1, "rdb_save": 1, "aof_rewrite": 1, "mem_usage": 1, "digest": 1, "free": 1,
	"aux_load": 2, "aux_save": 2, "aux_save_triggers": 2,
	"free_effort": 3, "unlink": 3, "copy": 3, "defrag": 3,
	"mem_usage2": 4, "free_effort2": 4, "unlink2": 4, "copy2": 4,
	"aux_save2": 5,
}

// required are the callbacks Redis calls without a NULL check, with what
// calls them.
var required = []struct{ field, when string }{
	{"rdb_load", "rdb_load to load an RDB file at startup, on DEBUG RELOAD and on a replica's full sync, and on RESTORE"},
	{"rdb_save", "rdb_save on SAVE, BGSAVE, SHUTDOWN, a replica's full sync and DUMP"},
	{"free", "free when a key of the type is deleted, overwritten, expired or flushed"},
}

// write is one value stored into a member of the method table.
type write struct {
	node    cc.Node // the initializer or the assignment
	null    bool    // a null pointer constant (or 0)
	val     int64   // the value when constant
	isConst bool
}

// methods is what is known about the RedisModuleTypeMethods a call passes.
type methods struct {
	name   string  // "tm", or "the compound literal"
	decl   cc.Node // where it is declared, for Related
	zeroed bool    // members nobody writes are zero (static storage, an initializer, memset)
	st     *cc.StructType
	writes map[string][]write
}

// state is a member's value as far as the rule can tell.
type state int

const (
	unset   state = iota // never written: zero, or garbage when !zeroed
	null                 // every value written is NULL
	nonNull              // something else is (or may be) written
)

func (ms *methods) state(field string) state {
	ws := ms.writes[field]
	if len(ws) == 0 {
		return unset
	}
	for _, w := range ws {
		if !w.null {
			return nonNull
		}
	}
	return null
}

// version returns .version when every value written to it is the same
// constant.
func (ms *methods) version() (int64, bool) {
	ws := ms.writes["version"]
	if len(ws) == 0 {
		return 0, ms.zeroed
	}
	v := ws[0].val
	for _, w := range ws {
		if !w.isConst || w.val != v {
			return 0, false
		}
	}
	return v, true
}

// isTypeMethods reports whether t is RedisModuleTypeMethods (by shape, so a
// project's own copy of the header's struct counts too).
func isTypeMethods(t cc.Type) (*cc.StructType, bool) {
	st, ok := t.(*cc.StructType)
	if !ok {
		return nil, false
	}
	for _, f := range []string{"version", "rdb_load", "rdb_save", "free"} {
		if st.FieldByName(f) == nil {
			return nil, false
		}
	}
	return st, true
}

func classify(u *cparse.Unit, e cc.ExpressionNode) write {
	if cparse.IsNullConstant(e) {
		return write{node: e, null: true, isConst: true}
	}
	if v, ok := u.ConstInt(e); ok {
		return write{node: e, val: v, isConst: true}
	}
	return write{node: e}
}

// collectInit records the members an initializer list sets. It fails on
// anything it does not understand (a nested aggregate, an array designator).
func collectInit(u *cparse.Unit, st *cc.StructType, init *cc.Initializer, ms *methods) bool {
	if init == nil || init.Case != cc.InitializerInitList {
		return false
	}
	return collectList(u, st, init.InitializerList, ms)
}

func collectList(u *cparse.Unit, st *cc.StructType, l *cc.InitializerList, ms *methods) bool {
	for ; l != nil; l = l.InitializerList {
		in := l.Initializer
		if in == nil {
			continue
		}
		if in.Case != cc.InitializerExpr {
			// `{ {1}, ... }`: braces around a scalar are legal C but not an
			// idiom for this struct; do not guess.
			return false
		}
		f := in.Field()
		if f == nil || f.ParentType() == nil || f.ParentType() != cc.Type(st) && !sameStruct(f.ParentType(), st) {
			return false
		}
		w := classify(u, in.AssignmentExpression)
		w.node = in
		ms.writes[f.Name()] = append(ms.writes[f.Name()], w)
	}
	return true
}

func sameStruct(t cc.Type, st *cc.StructType) bool {
	s, ok := t.(*cc.StructType)
	return ok && s.FieldByName("version") != nil && s.Size() == st.Size() && s.FieldByName("rdb_load") != nil
}

// resolveMethods finds the method table a CreateDataType call passes and
// what is written into it. ok is false when the rule cannot be sure: the
// argument is not &variable or a compound literal, the variable's address is
// taken elsewhere, it is copied or passed whole, filled by a function, or
// defined in a file that is not analysed. Then the rule says nothing about
// the table.
func (c *checker) resolveMethods(t *typeCall) (*methods, bool) {
	arg := cparse.StripCasts(t.args[3])
	addr, isAddr := arg.(*cc.UnaryExpression)
	if !isAddr || addr.Case != cc.UnaryExpressionAddrof {
		return nil, false
	}
	operand := cparse.Unparen(addr.CastExpression)
	u := t.in.Unit
	if cl, ok := operand.(*cc.PostfixExpression); ok && cl.Case == cc.PostfixExpressionComplit {
		st, ok := isTypeMethods(cl.Type())
		if !ok {
			return nil, false
		}
		ms := &methods{name: "the compound literal", decl: cl, zeroed: true, st: st, writes: map[string][]write{}}
		if !collectList(u, st, cl.InitializerList, ms) {
			return nil, false
		}
		return ms, true
	}
	d := cparse.Declarator(operand)
	if d == nil || d.IsParam() || d.LexicalScope() == nil {
		return nil, false
	}
	st, ok := isTypeMethods(d.Type())
	if !ok {
		return nil, false
	}
	ms := &methods{name: d.Name(), decl: d, st: st, writes: map[string][]write{}}

	// Where the variable lives: the units whose code can touch it, and its
	// defining declarator with the initializer.
	var units []*cparse.Unit
	var def *cc.InitDeclarator
	var defUnit *cparse.Unit
	global := fileScope(d)
	switch {
	case !global && d.IsExtern():
		return nil, false // a block-scope extern: defined elsewhere
	case !global:
		units = []*cparse.Unit{u}
		ms.zeroed = hasStaticStorage(d)
		if init := u.Initializer(d); init != nil {
			def, defUnit = &cc.InitDeclarator{Declarator: d, Initializer: init}, u
		}
	default:
		if d.Linkage() == cc.Internal {
			units = []*cparse.Unit{u}
		} else {
			units = c.m.Units
		}
		ms.zeroed = true
		tentative := false
		for _, v := range units {
			for _, id := range c.index(v).fileDecls[d.Name()] {
				if id.Declarator.LexicalScope() == nil {
					return nil, false
				}
				if v != u && id.Declarator.Linkage() != cc.External {
					continue // another file's own static of the same name
				}
				if id.Initializer != nil {
					if def != nil {
						return nil, false
					}
					def, defUnit = id, v
				} else if !id.Declarator.IsExtern() {
					tentative = true
				}
			}
		}
		if def == nil && !tentative {
			return nil, false // only extern declarations: defined in a file we do not see
		}
		if def != nil {
			ms.decl = def.Declarator
		}
	}
	if def != nil {
		ms.zeroed = true
		if !collectInit(defUnit, st, def.Initializer, ms) {
			return nil, false
		}
	}

	// Every other use of the variable must be one the rule understands.
	var memset *cc.PostfixExpression
	var assigns []cc.Node
	for _, v := range units {
		x := c.index(v)
		for _, id := range x.idents {
			rd, ok := id.ResolvedTo().(*cc.Declarator)
			if !ok || !(rd == d || global && fileScope(rd) && rd.Name() == d.Name() && (v == u || rd.Linkage() == cc.External)) {
				continue
			}
			p, below := x.up(id, false)
			switch q := p.(type) {
			case *cc.PostfixExpression:
				if q.Case != cc.PostfixExpressionSelect || cc.Node(q.PostfixExpression) != below {
					return nil, false
				}
				gp, gbelow := x.up(q, false)
				switch g := gp.(type) {
				case *cc.AssignmentExpression:
					if cc.Node(g.UnaryExpression) != gbelow {
						continue // tm.x on the right-hand side: a read
					}
					if g.Case != cc.AssignmentExpressionAssign {
						return nil, false
					}
					field := q.Token2.SrcStr()
					w := classify(v, g.AssignmentExpression)
					w.node = g
					ms.writes[field] = append(ms.writes[field], w)
					assigns = append(assigns, g)
				case *cc.UnaryExpression:
					switch g.Case {
					case cc.UnaryExpressionAddrof, cc.UnaryExpressionInc, cc.UnaryExpressionDec:
						return nil, false
					}
				case *cc.PostfixExpression:
					switch g.Case {
					case cc.PostfixExpressionInc, cc.PostfixExpressionDec:
						return nil, false
					}
				}
				// Any other context reads the member.
			case *cc.UnaryExpression:
				switch q.Case {
				case cc.UnaryExpressionSizeofExpr:
					continue
				case cc.UnaryExpressionAddrof:
				default:
					return nil, false
				}
				call, i := x.callOfArg(q)
				if call == nil {
					return nil, false
				}
				switch name := cparse.CalleeName(call); {
				case name == createDataType && i == 3:
					continue // this call, or another type sharing the table
				case (name == "memset" || name == "__builtin_memset") && i == 0 && memset == nil:
					a := cparse.Args(call)
					if len(a) != 3 || !cparse.IsNullConstant(a[1]) {
						return nil, false
					}
					if n, ok := v.ConstInt(a[2]); !ok || n != st.Size() {
						return nil, false
					}
					memset = call
				default:
					// Filled, copied or kept by a function: unknown.
					return nil, false
				}
			default:
				// Assigned or passed whole, aliased by a pointer, ...
				return nil, false
			}
		}
	}
	if memset != nil {
		// memset(&tm, 0, sizeof tm) is the same as = {0} if it runs before
		// the member assignments and the call, in the calling function.
		if !c.within(memset, t.in) || c.pos(memset) > c.pos(t.call) {
			return nil, false
		}
		for _, a := range assigns {
			if !c.within(a, t.in) || c.pos(a) < c.pos(memset) {
				return nil, false
			}
		}
		for f, ws := range ms.writes {
			var kept []write
			for _, w := range ws {
				if _, isInit := w.node.(*cc.Initializer); !isInit {
					kept = append(kept, w)
				}
			}
			ms.writes[f] = kept
		}
		ms.zeroed = true
	}
	return ms, true
}

// checkMethods reports a method table Redis rejects or whose NULL callbacks
// crash the server later.
func (c *checker) checkMethods(t *typeCall) {
	m := c.m
	if cparse.IsNullConstant(t.args[3]) {
		m.Report(c.pass, t.args[3], "%s: the method table is NULL: Redis reads its version without a NULL check and the server crashes; pass &tm for a RedisModuleTypeMethods tm = {.version = REDISMODULE_TYPE_METHOD_VERSION, .rdb_load = ..., .rdb_save = ..., .aof_rewrite = ..., .free = ...}", t.label())
		return
	}
	ms, ok := c.resolveMethods(t)
	if !ok {
		return
	}
	declared := m.Related(ms.decl, "%s is declared here", ms.name)
	if ms.name == "the compound literal" {
		declared = m.Related(ms.decl, "the method table is written here")
	}
	// nullAt points at where each member named is set to NULL.
	nullAt := func(fields ...string) []analysis.RelatedInformation {
		var r []analysis.RelatedInformation
		for _, f := range fields {
			if ms.state(f) == null {
				ws := ms.writes[f]
				what := "NULL"
				if f == "version" {
					what = "0"
				}
				r = append(r, m.Related(ws[len(ws)-1].node, "%s is set to %s here", f, what))
			}
		}
		return r
	}
	report := func(category string, related []analysis.RelatedInformation, format string, args ...any) {
		d := m.Diagnostic(t.args[3], format, args...)
		d.Category = category
		d.Related = append(append(d.Related, declared), related...)
		c.pass.Report(d)
	}
	ver, verKnown := ms.version()

	// Members Redis reads: those of the version given (all of the struct's
	// when the version is not known).
	reads := func(field string) bool {
		fv, known := fieldVersion[field]
		if !known {
			return false
		}
		return !verKnown || fv <= ver
	}

	if !ms.zeroed {
		var garbage []string
		if ms.state("version") == unset {
			garbage = append(garbage, "version")
		}
		for i := 0; i < ms.st.NumFields(); i++ {
			f := ms.st.FieldByIndex(i)
			if f == nil || f.Name() == "version" || !reads(f.Name()) {
				continue
			}
			if ms.state(f.Name()) == unset {
				garbage = append(garbage, f.Name())
			}
		}
		if len(garbage) > 0 {
			effect := "Redis copies them as callbacks and calls them later"
			if garbage[0] == "version" {
				effect += ", and reads the garbage version to decide which members exist"
			}
			report(inspect.CategoryError, nil, "%s: %s is a local variable without an initializer, so the members it never assigns (%s) hold stack garbage: %s; declare it RedisModuleTypeMethods %s = {0}; or with a designated initializer",
				t.label(), ms.name, strings.Join(garbage, ", "), effect, ms.name)
		}
	}

	if st := ms.state("version"); st == null || st == unset && ms.zeroed {
		what := "does not set .version"
		if st != unset {
			what = "sets .version to 0"
		}
		report(inspect.CategoryError, nullAt("version"), "%s: %s %s: %s returns NULL for a method table of version 0 and the type is not registered; set .version = REDISMODULE_TYPE_METHOD_VERSION",
			t.label(), ms.name, what, createDataType)
	}

	// A table that only has aux callbacks is an idiom for saving module-wide
	// data in the RDB: when the module never stores a value of the type,
	// Redis never calls the per-value callbacks.
	auxOnly := false
	if c.noValues(t) {
		perValue := false
		for _, f := range []string{"rdb_load", "rdb_save", "aof_rewrite", "free"} {
			if ms.state(f) == nonNull {
				perValue = true
			}
		}
		for _, f := range []string{"aux_load", "aux_save", "aux_save2"} {
			if ms.state(f) == nonNull && !perValue {
				auxOnly = true
			}
		}
	}

	if !auxOnly {
		var missing, nulls, whens []string
		for _, r := range required {
			switch ms.state(r.field) {
			case unset:
				if !ms.zeroed {
					continue // reported as garbage above
				}
				missing = append(missing, r.field)
			case null:
				nulls = append(nulls, r.field)
			default:
				continue
			}
			whens = append(whens, r.when)
		}
		if len(missing)+len(nulls) > 0 {
			var parts []string
			if len(missing) > 0 {
				parts = append(parts, "does not set "+andList(missing))
			}
			if len(nulls) > 0 {
				parts = append(parts, "sets "+andList(nulls)+" to NULL")
			}
			all := append(append([]string{}, missing...), nulls...)
			sort.SliceStable(all, func(i, j int) bool { return order(all[i]) < order(all[j]) })
			crash := "crashing the server"
			if slices.Contains(all, "rdb_save") {
				crash = "crashing the server (or its background save child)"
			}
			report(inspect.CategoryError, nullAt(nulls...), "%s: %s %s: Redis calls %s without a NULL check (%s), %s; implement %s and set %s in %s",
				t.label(), ms.name, strings.Join(parts, " and "), them(all), strings.Join(whens, "; "), crash, them(all), dotted(all), ms.name)
		}
		switch st := ms.state("aof_rewrite"); {
		case st == unset && ms.zeroed, st == null:
			what := "does not set aof_rewrite"
			if st == null {
				what = "sets aof_rewrite to NULL"
			}
			report(inspect.CategoryWarning, nullAt("aof_rewrite"), "%s: %s %s: an AOF rewrite without RDB preamble (aof-use-rdb-preamble no; the default before Redis 5) calls it without a NULL check, so the rewrite child crashes and the AOF can never be compacted; implement aof_rewrite with RedisModule_EmitAOF and set .aof_rewrite",
				t.label(), ms.name, what)
		}
	}

	// Members newer than the version given are ignored by Redis.
	if verKnown && ver > 0 {
		var ignored []string
		for f := range ms.writes {
			fv, known := fieldVersion[f]
			if known && fv > ver && ms.state(f) == nonNull {
				ignored = append(ignored, f)
			}
		}
		sort.Slice(ignored, func(i, j int) bool { return order(ignored[i]) < order(ignored[j]) })
		for i, f := range ignored {
			ignored[i] = fmt.Sprintf("%s (version %d)", f, fieldVersion[f])
		}
		if len(ignored) > 0 {
			report(inspect.CategoryWarning, nil, "%s: %s sets .version = %d, so Redis ignores %s as if %s NULL; set .version = REDISMODULE_TYPE_METHOD_VERSION",
				t.label(), ms.name, ver, andList(ignored), map[bool]string{true: "it were", false: "they were"}[len(ignored) == 1])
		}
	}
}

// order is a member's position in RedisModuleTypeMethods, for stable lists.
func order(field string) int {
	for i, f := range []string{"version", "rdb_load", "rdb_save", "aof_rewrite", "mem_usage", "digest", "free",
		"aux_load", "aux_save", "aux_save_triggers", "free_effort", "unlink", "copy", "defrag",
		"mem_usage2", "free_effort2", "unlink2", "copy2", "aux_save2"} {
		if f == field {
			return i
		}
	}
	return 100
}

func andList(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

func them(xs []string) string {
	if len(xs) == 1 {
		return xs[0]
	}
	return "them"
}

func dotted(xs []string) string {
	var r []string
	for _, x := range xs {
		r = append(r, "."+x)
	}
	return andList(r)
}
