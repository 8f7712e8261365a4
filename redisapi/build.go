package redisapi

import (
	"fmt"
	"sort"
	"strings"
)

// This file holds the small vocabulary the tables in functions.go,
// constants.go, flags.go and callfmt.go are written in, and the code that
// turns those tables into the indexes api.go serves. Nothing here states a
// fact about Redis.

// opt sets one fact of a Func.
type opt func(*Func)

// f declares one API function. since is "X.Y.Z", "8.0-m01" or "-" (never
// defined by module.c); proto is the C prototype without the RedisModule_
// prefix, e.g. "int StringToLongLong(const RedisModuleString *str, long long *ll)".
// Zero-parameter functions are written "(void)". A malformed line panics at
// package initialisation, so `go test` catches it.
func f(since, proto string, opts ...opt) *Func {
	fn := &Func{Format: -1, CallFormat: -1, AllocArg: -1, ReleaseArg: -1, CountArg: -1}
	if since != "-" {
		v, err := ParseVersion(since)
		if err != nil {
			panic(fmt.Sprintf("redisapi: %s: %v", proto, err))
		}
		fn.Since = v
	}
	if err := parsePrototype(fn, proto); err != nil {
		panic(fmt.Sprintf("redisapi: %q: %v", proto, err))
	}
	for _, o := range opts {
		o(fn)
	}
	if fn.Result == "void" {
		fn.Returns = ReturnsVoid
	}
	return fn
}

// parsePrototype fills Result, Name, Params and Variadic from a prototype.
func parsePrototype(fn *Func, proto string) error {
	open := strings.IndexByte(proto, '(')
	if open < 0 || !strings.HasSuffix(proto, ")") {
		return fmt.Errorf("want `result Name(params)`")
	}
	head := strings.TrimSpace(proto[:open])
	i := strings.LastIndexFunc(head, func(r rune) bool { return !isIdent(r) })
	fn.Name = head[i+1:]
	fn.Result = normType(head[:i+1])
	if fn.Name == "" || fn.Result == "" {
		return fmt.Errorf("missing result type or name")
	}
	list := strings.TrimSpace(proto[open+1 : len(proto)-1])
	if list == "void" {
		return nil
	}
	for _, p := range splitTopLevel(list) {
		p = strings.TrimSpace(p)
		if p == "..." {
			fn.Variadic = true
			continue
		}
		if fn.Variadic {
			return fmt.Errorf("parameter after ...")
		}
		param, err := parseParam(p)
		if err != nil {
			return err
		}
		fn.Params = append(fn.Params, param)
	}
	return nil
}

// parseParam splits "const char *name" into type and name. A function
// pointer parameter "void (*free_pd)(void *)" becomes Type "void (*)(void *)"
// and Name "free_pd".
func parseParam(p string) (Param, error) {
	if i := strings.Index(p, "(*"); i >= 0 {
		j := strings.IndexByte(p[i:], ')')
		if j < 0 {
			return Param{}, fmt.Errorf("bad function pointer parameter %q", p)
		}
		name := strings.TrimSpace(p[i+2 : i+j])
		return Param{Type: normType(p[:i] + "(*)" + p[i+j+1:]), Name: name}, nil
	}
	i := strings.LastIndexFunc(p, func(r rune) bool { return !isIdent(r) })
	if i < 0 || i == len(p)-1 {
		return Param{}, fmt.Errorf("parameter %q needs a type and a name", p)
	}
	return Param{Type: normType(p[:i+1]), Name: p[i+1:]}, nil
}

func isIdent(r rune) bool {
	return r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// normType writes a C type the way the table and the header spell it:
// single spaces, a space before the first '*' and none between stars:
// "RedisModuleString **", "void (*)(RedisModuleCtx *, void *)".
func normType(t string) string {
	var b strings.Builder
	t = strings.Join(strings.Fields(t), " ")
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c == ' ' && i+1 < len(t) && (t[i+1] == '*' || t[i+1] == ')' || t[i+1] == ','):
			continue
		case c == '*' && b.Len() > 0 && !strings.HasSuffix(b.String(), "*") && !strings.HasSuffix(b.String(), "(") && !strings.HasSuffix(b.String(), " "):
			b.WriteByte(' ')
		}
		b.WriteByte(c)
	}
	s := strings.ReplaceAll(b.String(), ",", ", ")
	s = strings.ReplaceAll(s, ",  ", ", ")
	return strings.TrimSpace(s)
}

func splitTopLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, c := range s {
		switch c {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// Result conventions.
var (
	retStatus  opt = func(f *Func) { f.Returns = ReturnsStatus }
	retNonNull opt = func(f *Func) { f.Returns = ReturnsNeverNull }
	retBool    opt = func(f *Func) { f.Returns = ReturnsBool }
	retCount   opt = func(f *Func) { f.Returns = ReturnsCount }
	retValue   opt = func(f *Func) { f.Returns = ReturnsValue }
	retOther   opt = func(f *Func) { f.Returns = ReturnsOther }
)

// retNull: the result is a pointer that is NULL when `when`.
func retNull(when string) opt {
	return func(f *Func) { f.Returns, f.NullWhen = ReturnsNullable, when }
}

// Other single facts.
var (
	exp          opt = func(f *Func) { f.Experimental = true }
	mustUse      opt = func(f *Func) { f.MustUse = true }
	borrowed     opt = func(f *Func) { f.Borrowed = true }
	notNul       opt = func(f *Func) { f.NotNulTerminated = true }
	sendsReply   opt = func(f *Func) { f.Reply = ReplyValue }
	setsLength   opt = func(f *Func) { f.Reply = ReplySetLength }
	onLoadOnly   opt = func(f *Func) { f.OnLoadOnly = true }
	blocksClient opt = func(f *Func) { f.Blocks = true }
	writesKeys   opt = func(f *Func) { f.Writes = true }
	replicates   opt = func(f *Func) { f.Replicates = true }
)

// printfAt: parameter i is a printf format followed by its arguments.
func printfAt(i int) opt { return func(f *Func) { f.Format = i } }

// callFmtAt: parameter i is a RedisModule_Call-style format (see callfmt.go).
func callFmtAt(i int) opt { return func(f *Func) { f.CallFormat = i } }

// allocs: the result is an object of kind r the caller must release.
func allocs(r Resource) opt { return func(f *Func) { f.Allocates = r } }

// allocsOut: out-parameter i (and any in more) receives an object of kind r.
func allocsOut(r Resource, i int, more ...int) opt {
	return func(f *Func) { f.Allocates, f.AllocArg, f.ExtraAllocArgs = r, i, more }
}

// alsoOut: besides the result, out-parameters idx receive objects of the same kind.
func alsoOut(idx ...int) opt { return func(f *Func) { f.ExtraAllocArgs = idx } }

// frees: the function releases the object of kind r passed as parameter i.
func frees(r Resource, i int) opt { return func(f *Func) { f.Releases, f.ReleaseArg = r, i } }

// keeps: the API takes ownership of the objects passed as these parameters.
func keeps(idx ...int) opt { return func(f *Func) { f.TakesOwnership = idx } }

// crashesOnNull: these parameters are dereferenced without a NULL test.
func crashesOnNull(idx ...int) opt { return func(f *Func) { f.NullUnsafe = idx } }

// opensAggregate: the reply announces count parameter i times factor elements.
func opensAggregate(i, factor int) opt {
	return func(f *Func) { f.Reply, f.CountArg, f.CountFactor = ReplyAggregate, i, factor }
}

func note(s string) opt       { return func(f *Func) { f.Note = s } }
func deprecated(s string) opt { return func(f *Func) { f.Deprecated = s } }

// index builds funcIndex and checks the table is sorted and free of duplicates.
func indexFunctions(fns []*Func) map[string]*Func {
	if !sort.SliceIsSorted(fns, func(i, j int) bool { return fns[i].Name < fns[j].Name }) {
		panic("redisapi: functions table is not sorted by name")
	}
	m := make(map[string]*Func, len(fns))
	for _, fn := range fns {
		if m[fn.Name] != nil {
			panic("redisapi: duplicate function " + fn.Name)
		}
		m[fn.Name] = fn
	}
	return m
}

// c declares one #define constant; e declares one member of a C enum.
func c(name, value string) *Constant { return &Constant{Name: name, Value: value} }

func e(name string, value int) *Constant {
	return &Constant{Name: name, Value: fmt.Sprint(value), Enum: "?"}
}

// group stamps a family description (and, for enums, the enum's typedef name)
// on constants and returns them for appending.
func group(desc string, cs ...*Constant) []*Constant {
	for _, k := range cs {
		k.Group = desc
	}
	return cs
}

func enum(typedef string, cs ...*Constant) []*Constant {
	for _, k := range cs {
		k.Enum = typedef
		k.Group = typedef
	}
	return cs
}

// since stamps a release on a constant; deprecatedConst marks it deprecated.
func (k *Constant) since(v string) *Constant {
	ver, err := ParseVersion(v)
	if err != nil {
		panic(err)
	}
	k.Since = ver
	return k
}

func (k *Constant) deprecated(why string) *Constant { k.Deprecated = why; return k }

func concat(groups ...[]*Constant) []*Constant {
	var out []*Constant
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

func indexConstants(cs []*Constant) map[string]*Constant {
	m := make(map[string]*Constant, len(cs))
	for _, k := range cs {
		if k.Enum == "?" {
			panic("redisapi: enum constant " + k.Name + " outside enum()")
		}
		if m[k.Name] != nil {
			panic("redisapi: duplicate constant " + k.Name)
		}
		m[k.Name] = k
	}
	return m
}
