package unchecked

import (
	"fmt"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/checks/flow"
	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/redisapi"
)

// nullSources are the nullable API results (redisapi.ReturnsNullable) this
// rule follows: those that are NULL because of the server's state or data
// (a command Redis refused to run, a missing key or client name, memory
// exhaustion), which only a NULL test can rule out. The table's other
// nullable results are NULL when the module misuses them (a reply of another
// type, an index out of range, a call outside the right callback) and
// modules rule that out with checks of their own that rmlint does not model
// (a type test, a length, a loop bound), so following them would be noise.
//
// OpenKey is a source only when its mode is known to lack REDISMODULE_WRITE
// (and not for the notified key in a keyspace notification callback), Call
// only when its format is a known constant without the E flag (or with D).
// DictGet is left out: modules keep dictionaries in step and look up keys
// they know are there.
var nullSources = map[string]bool{
	"Call":                      true,
	"OpenKey":                   true,
	"TryAlloc":                  true,
	"TryCalloc":                 true,
	"TryRealloc":                true,
	"RandomKey":                 true,
	"GetClientNameById":         true,
	"GetClientUserNameById":     true,
	"GetClientCertificate":      true,
	"GetModuleUserFromUserName": true,
	"ServerInfoGetField":        true,
	"ServerInfoGetFieldC":       true,
	"GetSharedAPI":              true,
}

// nullResults are what NULL-safe API functions return for a NULL first
// argument (see the table's notes and NullWhen): a test of that result
// against something else tells the pointer is not NULL, e.g.
// `if (RedisModule_KeyType(key) != REDISMODULE_KEYTYPE_STRING) return ...;`.
var nullResults = map[string]string{
	"CallReplyType":           "REDISMODULE_REPLY_UNKNOWN",
	"KeyType":                 "REDISMODULE_KEYTYPE_EMPTY",
	"ValueLength":             "0",
	"ModuleTypeGetType":       "0",
	"ModuleTypeGetValue":      "0",
	"GetKeyNameFromModuleKey": "0",
}

func nullResult(name string) (int64, bool) {
	s, ok := nullResults[strings.TrimPrefix(name, redisapi.Prefix)]
	if !ok {
		return 0, false
	}
	if c := redisapi.LookupConstant(s); c != nil {
		s = c.Value
	}
	return constValue(s)
}

// nstate maps each variable that may hold a NULL API result on this path to
// the call that produced it. It is never modified in place.
type nstate map[*cc.Declarator]*cc.PostfixExpression

func (s nstate) with(d *cc.Declarator, src *cc.PostfixExpression) nstate {
	r := make(nstate, len(s)+1)
	for k, v := range s {
		r[k] = v
	}
	if src == nil {
		delete(r, d)
	} else {
		r[d] = src
	}
	return r
}

// notNull drops v and its copies (variables holding the result of the same
// call) once a test shows v is not NULL.
func (s nstate) notNull(v *cc.Declarator) nstate {
	src := s[v]
	if src == nil {
		return s
	}
	r := make(nstate, len(s))
	for k, x := range s {
		if x != src {
			r[k] = x
		}
	}
	return r
}

type ndom struct {
	c     *checker
	f     *cparse.Func
	label string
	elig  map[*cc.Declarator]bool
	buf   []analysis.Diagnostic
}

// nulls follows possibly-NULL API results through f and reports their
// dereferences on paths without a NULL test.
func (c *checker) nulls(f *cparse.Func) {
	has := false
	cparse.Inspect(f.Body(), func(n cc.Node) bool {
		if has {
			return false
		}
		if call, ok := n.(*cc.PostfixExpression); ok && call.Case == cc.PostfixExpressionCall {
			if name := cparse.CalleeName(call); strings.HasPrefix(name, redisapi.Prefix) && nullSources[name[len(redisapi.Prefix):]] {
				has = true
			}
		}
		return true
	})
	if !has {
		return
	}
	d := &ndom{c: c, f: f, label: c.label(f), elig: map[*cc.Declarator]bool{}}
	res := flow.Run[nstate](f, d, nstate{}, flow.Options{})
	if !res.Complete {
		return
	}
	for _, x := range sortedDiags(d.buf) {
		c.report(x, f)
	}
}

func (d *ndom) eligible(v *cc.Declarator) bool {
	if v == nil {
		return false
	}
	if ok, seen := d.elig[v]; seen {
		return ok
	}
	ok := v.StorageDuration() == cc.Automatic && !v.AddressTaken() && v.Type() != nil && v.Type().Kind() == cc.Ptr
	d.elig[v] = ok
	return ok
}

// source returns the table entry of a call whose result may be NULL here.
func (d *ndom) source(call *cc.PostfixExpression, p *flow.Path) *redisapi.Func {
	if call == nil {
		return nil
	}
	name := cparse.CalleeName(call)
	api := redisapi.Lookup(name)
	if api == nil || !strings.HasPrefix(name, redisapi.Prefix) || api.Returns != redisapi.ReturnsNullable || !nullSources[api.Name] {
		return nil
	}
	if d.c.m.Callee(d.f.Unit, call) != nil {
		return nil
	}
	args := cparse.Args(call)
	switch api.Name {
	case "OpenKey":
		i := paramIndex(api, "mode")
		if i < 0 || i >= len(args) {
			return nil
		}
		mode, ok := d.f.Unit.ConstInt(args[i])
		if !ok && p != nil {
			mode, ok = p.Eval(args[i])
		}
		if !ok || !readOnlyMode(mode) {
			return nil
		}
		if k := paramIndex(api, "keyname"); k >= 0 && k < len(args) && d.c.notifiedKey(d.f, args[k]) {
			return nil
		}
	case "Call":
		i := api.CallFormat
		if i < 0 || i >= len(args) {
			return nil
		}
		format, ok, _ := d.f.Unit.ConstString(args[i])
		if !ok || strings.Contains(format, "E") && !strings.Contains(format, "D") {
			return nil
		}
	}
	return api
}

func paramIndex(api *redisapi.Func, name string) int {
	for i, p := range api.Params {
		if p.Name == name {
			return i
		}
	}
	return -1
}

func (d *ndom) Key(st nstate) string {
	if len(st) == 0 {
		return ""
	}
	parts := make([]string, 0, len(st))
	for k, v := range st {
		parts = append(parts, fmt.Sprintf("%p=%p", k, v))
	}
	sort.Strings(parts)
	return strings.Join(parts, ";")
}

func (d *ndom) Clone(st nstate) nstate { return st }

// tracked returns the variable e names when it may be NULL on this path.
func (d *ndom) tracked(st nstate, e cc.ExpressionNode, p *flow.Path) (*cc.Declarator, *cc.PostfixExpression) {
	if len(st) == 0 || e == nil {
		return nil, nil
	}
	v := cparse.Declarator(e)
	if v == nil {
		return nil, nil
	}
	src := st[v]
	if src == nil || p.NonZero(e) {
		return nil, nil
	}
	return v, src
}

func (d *ndom) Call(st nstate, call *cc.PostfixExpression, p *flow.Path) []flow.Outcome[nstate] {
	args := cparse.Args(call)
	// A call through a pointer that may be NULL, or through an expression
	// that dereferences one.
	if id := cparse.CalleeIdent(call); id != nil {
		if v, src := d.tracked(st, id, p); v != nil {
			st = d.found(st, v, src, call, p, fmt.Sprintf("is called through here (%s(...))", v.Name()))
		}
	} else {
		st = d.derefs(st, call.PostfixExpression, p)
	}
	for _, a := range args {
		st = d.derefs(st, a, p)
	}
	name := cparse.CalleeName(call)
	var api *redisapi.Func
	if strings.HasPrefix(name, redisapi.Prefix) && d.c.m.Callee(d.f.Unit, call) == nil {
		api = redisapi.Lookup(name)
	}
	if api == nil {
		// A function of the module (or one rmlint cannot see) may test
		// its pointer arguments: stop following them.
		if len(st) > 0 && !d.systemFunc(call) {
			for _, a := range args {
				if v := cparse.Declarator(a); v != nil && st[v] != nil {
					st = st.notNull(v)
				}
			}
		}
		return []flow.Outcome[nstate]{{State: st}}
	}
	for _, i := range api.NullUnsafe {
		if i >= len(args) {
			continue
		}
		if v, src := d.tracked(st, args[i], p); v != nil {
			if api.Releases != redisapi.NoResource && i == api.ReleaseArg && d.badfreeFollows(src) {
				st = st.notNull(v) // the badfree rule reports this release
				continue
			}
			st = d.sink(st, v, src, call, api, p)
			continue
		}
		if inner := cparse.AsCall(args[i]); inner != nil {
			if srcAPI := d.source(inner, p); srcAPI != nil && !p.Unsure {
				why, weak := d.why(inner, srcAPI)
				dg := d.c.m.Diagnostic(call, "%sthe result of %s goes straight to %s, which dereferences it without a NULL test: %s returns NULL when %s, and the server then crashes; store it in a variable and test it for NULL first",
					d.label, srcAPI.CName(), api.CName(), srcAPI.CName(), why)
				if weak {
					dg.Category = inspect.CategoryNote
				}
				d.buf = append(d.buf, dg)
			}
		}
	}
	if nv, ok := nullResult(name); ok && len(args) > 0 && !p.Ignored(call) {
		if v, _ := d.tracked(st, args[0], p); v != nil {
			// NULL in, the documented result out; or not NULL at all.
			return []flow.Outcome[nstate]{{State: st, Ret: &nv}, {State: st.notNull(v)}}
		}
	}
	return []flow.Outcome[nstate]{{State: st}}
}

// systemFunc reports whether a call calls a function declared in a system
// header (the C library), which does not test the module's pointers.
func (d *ndom) systemFunc(call *cc.PostfixExpression) bool {
	id := cparse.CalleeIdent(call)
	if id == nil {
		return false
	}
	decl, ok := id.ResolvedTo().(*cc.Declarator)
	if !ok || decl == nil {
		return false
	}
	if _, isFn := decl.Type().(*cc.FunctionType); !isFn {
		return false
	}
	if d.c.m.Callee(d.f.Unit, call) != nil {
		return false
	}
	return !d.f.Unit.IsProjectFile(decl.Position().Filename)
}

func (d *ndom) Assign(st nstate, lhs cc.Node, lhsDecl *cc.Declarator, rhs cc.ExpressionNode, p *flow.Path) nstate {
	if e, ok := lhs.(cc.ExpressionNode); ok && cparse.Ident(e) == nil {
		st = d.derefs(st, e, p)
	}
	if rhs != nil {
		st = d.derefs(st, rhs, p)
	}
	if !d.eligible(lhsDecl) {
		return st
	}
	var src *cc.PostfixExpression
	if rhs != nil {
		r := cparse.StripCasts(rhs)
		if call := cparse.AsCall(r); call != nil && d.source(call, p) != nil {
			src = call
		} else if y := cparse.Declarator(r); y != nil && !p.NonZero(r) {
			src = st[y]
		}
	}
	if src == nil && st[lhsDecl] == nil {
		return st
	}
	return st.with(lhsDecl, src)
}

func (d *ndom) Assume(st nstate, cond cc.ExpressionNode, truth bool, p *flow.Path) (nstate, bool) {
	st = d.derefs(st, cond, p)
	return d.refine(st, cond, truth), true
}

// refine drops the variables that cond being truth shows are not NULL.
func (d *ndom) refine(st nstate, cond cc.ExpressionNode, truth bool) nstate {
	if len(st) == 0 || cond == nil {
		return st
	}
	cond = cparse.StripCasts(cond)
	switch x := cond.(type) {
	case *cc.UnaryExpression:
		if x.Case == cc.UnaryExpressionNot {
			return d.refine(st, x.CastExpression, !truth)
		}
	case *cc.LogicalAndExpression:
		if x.Case == cc.LogicalAndExpressionLAnd && truth {
			return d.refine(d.refine(st, x.LogicalAndExpression, true), x.InclusiveOrExpression, true)
		}
	case *cc.LogicalOrExpression:
		if x.Case == cc.LogicalOrExpressionLOr && !truth {
			return d.refine(d.refine(st, x.LogicalOrExpression, false), x.LogicalAndExpression, false)
		}
	case *cc.AssignmentExpression:
		if x.Case == cc.AssignmentExpressionAssign && truth {
			if v := cparse.Declarator(x.UnaryExpression); v != nil && st[v] != nil {
				return st.notNull(v)
			}
		}
	case *cc.PrimaryExpression:
		if v := cparse.Declarator(x); v != nil && truth && st[v] != nil {
			return st.notNull(v)
		}
	case *cc.EqualityExpression:
		eq := x.Case == cc.EqualityExpressionEq
		l, r := x.EqualityExpression, x.RelationalExpression
		if cparse.IsNullConstant(l) {
			l, r = r, l
		}
		if cparse.IsNullConstant(r) {
			// x == NULL is false, or x != NULL is true.
			if truth != eq {
				return d.refine(st, l, true)
			}
			return st
		}
		// RedisModule_ModuleTypeGetType(key) == MyType: equal to something
		// that is not a NULL constant, so key is not NULL.
		if truth == eq {
			for _, side := range []cc.ExpressionNode{l, r} {
				call := cparse.AsCall(side)
				if call == nil {
					continue
				}
				if nv, ok := nullResult(cparse.CalleeName(call)); ok && nv == 0 {
					if a := cparse.Args(call); len(a) > 0 {
						if v := cparse.Declarator(a[0]); v != nil && st[v] != nil {
							other := r
							if side == r {
								other = l
							}
							if _, isConst := intValue(other); !isConst {
								st = st.notNull(v)
							}
						}
					}
				}
			}
		}
	}
	return st
}

func intValue(e cc.ExpressionNode) (int64, bool) {
	if e == nil {
		return 0, false
	}
	switch v := cparse.StripCasts(e).Value().(type) {
	case cc.Int64Value:
		return int64(v), true
	case cc.UInt64Value:
		return int64(v), true
	}
	return 0, false
}

func (d *ndom) Exit(st nstate, ret *cc.JumpStatement, value *int64, p *flow.Path) {
	if ret != nil && ret.ExpressionList != nil {
		d.derefs(st, ret.ExpressionList, p)
	}
}

// derefs reports the dereferences (*x, x->f, x[i]) of possibly-NULL
// variables that e evaluates unconditionally. Calls and assignments inside
// e are left to their own hooks; only the first operand of &&, || and ?: is
// looked at (the engine forks on the others).
func (d *ndom) derefs(st nstate, e cc.Node, p *flow.Path) nstate {
	if len(st) == 0 || e == nil {
		return st
	}
	var visit func(n cc.Node) bool
	check := func(base cc.ExpressionNode, at cc.Node) {
		if v, src := d.tracked(st, base, p); v != nil {
			st = d.found(st, v, src, at, p, fmt.Sprintf("is dereferenced here (%s)", strings.Join(strings.Fields(cc.NodeSource(at)), " ")))
		}
	}
	visit = func(n cc.Node) bool {
		switch x := n.(type) {
		case *cc.ConditionalExpression:
			if x.Case == cc.ConditionalExpressionCond {
				cparse.Inspect(x.LogicalOrExpression, visit)
				return false
			}
		case *cc.LogicalAndExpression:
			if x.Case == cc.LogicalAndExpressionLAnd {
				cparse.Inspect(x.LogicalAndExpression, visit)
				return false
			}
		case *cc.LogicalOrExpression:
			if x.Case == cc.LogicalOrExpressionLOr {
				cparse.Inspect(x.LogicalOrExpression, visit)
				return false
			}
		case *cc.AssignmentExpression:
			if x.Case != cc.AssignmentExpressionCond {
				return false // its own hook looks at it
			}
		case *cc.UnaryExpression:
			switch x.Case {
			case cc.UnaryExpressionSizeofExpr, cc.UnaryExpressionSizeofType, cc.UnaryExpressionAlignofExpr, cc.UnaryExpressionAlignofType, cc.UnaryExpressionAddrof:
				return false
			case cc.UnaryExpressionDeref:
				check(x.CastExpression, x)
			}
		case *cc.PostfixExpression:
			switch x.Case {
			case cc.PostfixExpressionCall:
				return false // its own hook looks at it
			case cc.PostfixExpressionPSelect, cc.PostfixExpressionIndex:
				check(x.PostfixExpression, x)
			}
		case *cc.PrimaryExpression:
			if x.Case == cc.PrimaryExpressionStmt {
				return false
			}
		}
		return true
	}
	cparse.Inspect(e, visit)
	return st
}

// found reports a module dereference of v and stops following v on this
// path.
func (d *ndom) found(st nstate, v *cc.Declarator, src *cc.PostfixExpression, at cc.Node, p *flow.Path, what string) nstate {
	if !p.Unsure {
		api := redisapi.Lookup(cparse.CalleeName(src))
		why, weak := d.why(src, api)
		dg := d.c.m.Diagnostic(at, "%s%s may be NULL here and %s: %s returns NULL when %s; test it first: if (%s == NULL) { ... }",
			d.label, v.Name(), what, api.CName(), why, v.Name())
		if weak {
			dg.Category = inspect.CategoryNote
		}
		dg.Related = append(dg.Related, d.c.m.Related(src, "%s gets its value from %s here", v.Name(), api.CName()))
		d.buf = append(d.buf, dg)
	}
	return st.notNull(v)
}

// sink reports v passed to an API function that dereferences it.
func (d *ndom) sink(st nstate, v *cc.Declarator, src *cc.PostfixExpression, call *cc.PostfixExpression, api *redisapi.Func, p *flow.Path) nstate {
	if !p.Unsure {
		srcAPI := redisapi.Lookup(cparse.CalleeName(src))
		why, weak := d.why(src, srcAPI)
		dg := d.c.m.Diagnostic(call, "%s%s may be NULL here and %s dereferences it without a NULL test (the server crashes): %s returns NULL when %s; test it first: if (%s == NULL) { ... }",
			d.label, v.Name(), api.CName(), srcAPI.CName(), why, v.Name())
		if weak {
			dg.Category = inspect.CategoryNote
		}
		dg.Related = append(dg.Related, d.c.m.Related(src, "%s gets its value from %s here", v.Name(), srcAPI.CName()))
		d.buf = append(d.buf, dg)
	}
	return st.notNull(v)
}

// badfreeFollows reports whether the badfree rule follows src's result as
// possibly NULL and reports its release by a function that does not accept
// NULL (RedisModule_FreeCallReply): a RedisModule_Call whose format has one
// of the C, S, W or M flags. Such releases are left to badfree.
func (d *ndom) badfreeFollows(src *cc.PostfixExpression) bool {
	api := redisapi.Lookup(cparse.CalleeName(src))
	if api == nil || api.Name != "Call" || api.CallFormat < 0 {
		return false
	}
	args := cparse.Args(src)
	if api.CallFormat >= len(args) {
		return false
	}
	format, ok, _ := d.f.Unit.ConstString(args[api.CallFormat])
	return ok && strings.ContainsAny(format, "CSWM")
}

// why says when src returns NULL, and whether that takes an unusual server
// configuration (a warning rather than an error).
//
// RedisModule_Call with a constant command name and a format without an
// argument vector (v) or a flag that makes it refuse commands (C: ACL, S:
// script mode, W: no writes, M: OOM, D: dry run) can only fail when the
// command is renamed or disabled, belongs to a module that is not loaded, or
// touches a key served by another cluster node.
func (d *ndom) why(src *cc.PostfixExpression, api *redisapi.Func) (string, bool) {
	w := api.NullWhen
	if i := strings.Index(w, "; "); i >= 0 {
		w = w[:i]
	}
	if api.Name != "Call" {
		return w, false
	}
	args := cparse.Args(src)
	name := paramIndex(api, "cmdname")
	if name < 0 || api.CallFormat < 0 || len(args) <= api.CallFormat || len(args) <= name {
		return w, false
	}
	if _, ok, _ := d.f.Unit.ConstString(args[name]); !ok {
		return w, false
	}
	format, ok, _ := d.f.Unit.ConstString(args[api.CallFormat])
	if !ok {
		return w, false
	}
	for i := 0; i < len(format); i++ {
		if strings.IndexByte("vCSWMD", format[i]) >= 0 || redisapi.LookupCallFormatChar(format[i]) == nil {
			return w, false
		}
	}
	return "the command cannot run (with a constant command and format, as here: when it is renamed or disabled, belongs to a module that is not loaded, or touches a key served by another cluster node)", true
}
