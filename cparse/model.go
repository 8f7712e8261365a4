package cparse

import (
	"sort"
	"strings"
	"sync"

	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/cparse/cfg"
)

// Module is one Redis module: the file that defines RedisModule_OnLoad and
// the files that define functions it reaches. A set of files with no OnLoad
// at all forms a Module with OnLoad == nil (a library or a partial change,
// e.g. the files a pre-commit hook passes).
type Module struct {
	Name     string // the path of the file holding OnLoad, else of the first file
	Units    []*Unit
	OnLoad   *Func // nil when no unit defines RedisModule_OnLoad
	Commands []*Command

	extern map[string]*Func // functions with external linkage, by name
}

// Command is one RedisModule_CreateCommand or RedisModule_CreateSubcommand
// call.
type Command struct {
	Call   *cc.PostfixExpression // the registration call
	In     *Func                 // the function that contains it
	Sub    bool                  // CreateSubcommand
	Parent cc.ExpressionNode     // CreateSubcommand's parent argument

	Name      string // e.g. "hello.greet"; "" when not constant
	NameKnown bool
	NameArg   cc.ExpressionNode

	Handler     *Func  // the definition of the handler; nil when NULL or not found
	HandlerName string // the identifier passed as handler, if any
	HandlerArg  cc.ExpressionNode

	Flags      string // the flag string; "" when NULL, empty or not constant
	FlagsKnown bool   // Flags is a known constant (NULL counts as known, empty)
	FlagsArg   cc.ExpressionNode
	// FlagsLit is the string literal the flags came from when it is written
	// in the call or in a constant's initializer (for positions and fixes);
	// nil when the flags come from a macro expansion or are not constant.
	FlagsLit *cc.PrimaryExpression

	// FirstKey, LastKey, KeyStep and whether each is a known constant.
	FirstKey, LastKey, KeyStep int64
	KeysKnown                  bool
	KeyArgs                    [3]cc.ExpressionNode
}

// FullName is the command name Redis uses: "parent|sub" is not known
// statically for subcommands, so this is Name.
func (c *Command) FullName() string { return c.Name }

// Func returns the function name refers to as seen from unit from: a static
// function of that unit first, then any external function of the module.
func (m *Module) Func(from *Unit, name string) *Func {
	if from != nil {
		if f := from.Func(name); f != nil {
			return f
		}
	}
	return m.extern[name]
}

// Funcs returns every function defined in the module's files.
func (m *Module) Funcs() []*Func {
	var r []*Func
	for _, u := range m.Units {
		r = append(r, u.Funcs...)
	}
	return r
}

// Callee resolves a direct call to the definition of the function it calls
// in this module, or nil (API functions, libc, function pointers).
func (m *Module) Callee(from *Unit, call *cc.PostfixExpression) *Func {
	name := CalleeName(call)
	if name == "" {
		return nil
	}
	return m.Func(from, name)
}

// Unit returns the unit whose main file is path.
func (m *Module) Unit(path string) *Unit {
	for _, u := range m.Units {
		if u.Path == path {
			return u
		}
	}
	return nil
}

// CFG returns the control-flow graph of the function body (built once).
func (f *Func) CFG() *cfg.CFG {
	f.cfg.once.Do(func() { f.cfg.g = cfg.New(f.Body(), MayReturn) })
	return f.cfg.g
}

type cfgCache struct {
	once sync.Once
	g    *cfg.CFG
}

// MayReturn is false for calls that never return: the C library's (exit,
// abort, __assert_fail, ...: see cfg.DefaultMayReturn) and
// RedisModule_ExitFromChild, which ends a forked child.
func MayReturn(call *cc.PostfixExpression) bool {
	if CalleeName(call) == "RedisModule_ExitFromChild" {
		return false
	}
	return cfg.DefaultMayReturn(call)
}

// OnLoadName is the function Redis looks up in a module.
const OnLoadName = "RedisModule_OnLoad"

// BuildModules groups translated units into modules: each unit that defines
// RedisModule_OnLoad starts a module that also takes in the units (without
// an OnLoad of their own) defining external functions it references,
// transitively. Units no module takes in are grouped by the references among
// them. The result is in the order of the units.
func BuildModules(units []*Unit) []*Module {
	defs := map[string][]*Unit{} // external function name -> units without OnLoad defining it
	refs := map[*Unit][]string{}
	hasOnLoad := map[*Unit]bool{}
	for _, u := range units {
		for _, f := range u.Funcs {
			if f.Name == OnLoadName {
				hasOnLoad[u] = true
			}
		}
	}
	for _, u := range units {
		for _, f := range u.Funcs {
			if !f.Static && !hasOnLoad[u] {
				defs[f.Name] = append(defs[f.Name], u)
			}
		}
		refs[u] = externalRefs(u)
	}
	closure := func(start *Unit) []*Unit {
		in := map[*Unit]bool{start: true}
		list := []*Unit{start}
		for i := 0; i < len(list); i++ {
			for _, name := range refs[list[i]] {
				for _, d := range defs[name] {
					if !in[d] {
						in[d] = true
						list = append(list, d)
					}
				}
			}
		}
		return list
	}

	var mods []*Module
	taken := map[*Unit]bool{}
	for _, u := range units {
		if hasOnLoad[u] {
			us := closure(u)
			for _, x := range us {
				taken[x] = true
			}
			mods = append(mods, newModule(us))
		}
	}
	// Leftovers: connected components of the reference graph.
	var rest []*Unit
	for _, u := range units {
		if !taken[u] {
			rest = append(rest, u)
		}
	}
	parent := map[*Unit]*Unit{}
	var find func(*Unit) *Unit
	find = func(u *Unit) *Unit {
		if p, ok := parent[u]; ok && p != u {
			r := find(p)
			parent[u] = r
			return r
		}
		parent[u] = u
		return u
	}
	restSet := map[*Unit]bool{}
	for _, u := range rest {
		restSet[u] = true
		find(u)
	}
	for _, u := range rest {
		for _, name := range refs[u] {
			for _, d := range defs[name] {
				if restSet[d] {
					parent[find(d)] = find(u)
				}
			}
		}
	}
	groups := map[*Unit][]*Unit{}
	var roots []*Unit
	for _, u := range rest {
		r := find(u)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], u)
	}
	for _, r := range roots {
		mods = append(mods, newModule(groups[r]))
	}
	index := map[*Unit]int{}
	for i, u := range units {
		index[u] = i
	}
	sort.SliceStable(mods, func(i, j int) bool { return index[mods[i].Units[0]] < index[mods[j].Units[0]] })
	return mods
}

// ExternalRefs lists the names of functions the unit calls or takes the
// address of without defining them itself (what BuildModules links files
// by).
func (u *Unit) ExternalRefs() []string { return externalRefs(u) }

// externalRefs lists the names of functions a unit calls or takes the
// address of without defining them itself.
func externalRefs(u *Unit) []string {
	seen := map[string]bool{}
	var names []string
	u.FunctionRefs(func(d *cc.Declarator) {
		name := d.Name()
		if u.byName[name] != nil || seen[name] || strings.HasPrefix(name, "__builtin") {
			return
		}
		seen[name] = true
		names = append(names, name)
	})
	return names
}

// FunctionRefs calls f for every identifier in the unit's project code
// (Decls) that names a function: calls and every other use.
func (u *Unit) FunctionRefs(f func(d *cc.Declarator)) {
	for _, ed := range u.Decls {
		Inspect(ed, func(n cc.Node) bool {
			p, ok := n.(*cc.PrimaryExpression)
			if !ok || p.Case != cc.PrimaryExpressionIdent {
				return true
			}
			if d, ok := p.ResolvedTo().(*cc.Declarator); ok {
				if _, isFn := d.Type().(*cc.FunctionType); isFn {
					f(d)
				}
			}
			return true
		})
	}
}

func newModule(units []*Unit) *Module {
	m := &Module{Units: units, extern: map[string]*Func{}}
	for _, u := range units {
		for _, f := range u.Funcs {
			if !f.Static {
				if _, dup := m.extern[f.Name]; !dup {
					m.extern[f.Name] = f
				}
			}
			if f.Name == OnLoadName && m.OnLoad == nil {
				m.OnLoad = f
			}
		}
	}
	if m.OnLoad != nil {
		m.Name = m.OnLoad.Unit.Path
	} else {
		m.Name = units[0].Path
	}
	m.findCommands()
	return m
}

func (m *Module) findCommands() {
	for _, u := range m.Units {
		for _, f := range u.Funcs {
			Inspect(f.Body(), func(n cc.Node) bool {
				call, ok := n.(*cc.PostfixExpression)
				if !ok || call.Case != cc.PostfixExpressionCall {
					return true
				}
				name := CalleeName(call)
				if name != "RedisModule_CreateCommand" && name != "RedisModule_CreateSubcommand" {
					return true
				}
				args := Args(call)
				if len(args) != 7 {
					return true
				}
				c := &Command{Call: call, In: f, Sub: name == "RedisModule_CreateSubcommand"}
				if c.Sub {
					c.Parent = args[0]
				}
				c.NameArg = args[1]
				c.Name, c.NameKnown, _ = u.ConstString(args[1])
				c.HandlerArg = args[2]
				if id := Ident(args[2]); id != nil {
					c.HandlerName = id.Token.SrcStr()
					if d, ok := id.ResolvedTo().(*cc.Declarator); ok {
						if _, isFn := d.Type().(*cc.FunctionType); isFn {
							c.Handler = m.Func(u, d.Name())
						}
					}
				}
				c.FlagsArg = args[3]
				if IsNullConstant(args[3]) {
					c.FlagsKnown = true
				} else {
					c.Flags, c.FlagsKnown, c.FlagsLit = u.ConstString(args[3])
				}
				c.KeyArgs = [3]cc.ExpressionNode{args[4], args[5], args[6]}
				var k1, k2, k3 bool
				c.FirstKey, k1 = u.ConstInt(args[4])
				c.LastKey, k2 = u.ConstInt(args[5])
				c.KeyStep, k3 = u.ConstInt(args[6])
				c.KeysKnown = k1 && k2 && k3
				m.Commands = append(m.Commands, c)
				return true
			})
		}
	}
}

// ConstString evaluates e as a constant C string: a literal (also from a
// macro), or a never-written variable initialised with one (`static const
// char *flags = "write";`, `const char flags[] = "write";`). lit is the
// literal when it appears in the source (not from a macro expansion).
func (u *Unit) ConstString(e cc.ExpressionNode) (s string, ok bool, lit *cc.PrimaryExpression) {
	if e == nil {
		return "", false, nil
	}
	e = StripCasts(e)
	if v, isStr := e.Value().(cc.StringValue); isStr {
		p, _ := e.(*cc.PrimaryExpression)
		if p != nil && (p.Case != cc.PrimaryExpressionString || !u.fromSource(p.Token)) {
			p = nil
		}
		return strings.TrimSuffix(string(v), "\x00"), true, p
	}
	if d := Declarator(e); d != nil && d.WriteCount() <= 1 && !d.AddressTaken() { // the initializer counts as one write
		// A non-const array can change through its elements (strcat,
		// name[0] = ...), which cc/v4 does not count as writes.
		if at, isArray := d.Type().(*cc.ArrayType); isArray && (at.Elem() == nil || !at.Elem().Attributes().IsConst()) {
			return "", false, nil
		}
		if init := u.inits[d]; init != nil && init.Case == cc.InitializerExpr {
			return u.ConstString(init.AssignmentExpression)
		}
	}
	return "", false, nil
}

// ConstInt evaluates e as an integer constant expression (also through enum
// constants, macros and never-written initialised variables).
func (u *Unit) ConstInt(e cc.ExpressionNode) (int64, bool) {
	if e == nil {
		return 0, false
	}
	switch v := e.Value().(type) {
	case cc.Int64Value:
		return int64(v), true
	case cc.UInt64Value:
		return int64(v), true
	}
	if d := Declarator(e); d != nil && d.WriteCount() <= 1 && !d.AddressTaken() { // the initializer counts as one write
		if init := u.inits[d]; init != nil && init.Case == cc.InitializerExpr {
			return u.ConstInt(init.AssignmentExpression)
		}
	}
	return 0, false
}

// fromSource reports whether a token's text is in the file at its position,
// i.e. it does not come from a macro expansion. cc/v4 gives every token of an
// expansion the position of the macro's name.
func (u *Unit) fromSource(t cc.Token) bool {
	pos := t.Position()
	src := u.source(pos.Filename)
	text := t.SrcStr()
	if src == nil || pos.Offset < 0 || pos.Offset+len(text) > len(src) {
		return false
	}
	return string(src[pos.Offset:pos.Offset+len(text)]) == text
}

// source returns the bytes of a project file of this unit.
func (u *Unit) source(name string) []byte {
	if name == u.Path {
		return u.Src
	}
	return nil
}

// FromSource reports whether every token of n appears at its position in the
// main file's text, i.e. n is written there and not produced by a macro.
func (u *Unit) FromSource(n cc.Node) bool {
	toks := cc.NodeTokens(n)
	if len(toks) == 0 {
		return false
	}
	for _, t := range toks {
		if !u.fromSource(t) {
			return false
		}
	}
	return true
}
