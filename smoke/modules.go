package smoke

import (
	"sort"
	"strings"

	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/internal/par"
)

// The static part (checks/driver) builds the same modules; smoke translates
// the files again rather than reach into the driver, which keeps the two
// parts independent at the cost of parsing twice.

// parsedModule is a module of the static model with the options each of its
// files was translated with.
type parsedModule struct {
	mod  *cparse.Module
	opts map[*cparse.Unit]*cparse.Options
}

// loadModules translates the files (jobs at a time) and groups them into
// modules. Files that do not translate, and those in failed, are skipped:
// the static part reports them.
func loadModules(paths []string, opts cparse.Options, failed map[string]bool, jobs int) (mods []parsedModule, skipped []string) {
	// Problems with the paths are left to the static part, which reports them.
	files, _ := cparse.ExpandPaths(paths, &opts)
	units := make([]*cparse.Unit, len(files))
	par.Do(len(files), jobs, func(i int) {
		// A file that crashed or exhausted an isolated worker would do
		// the same to this process.
		if !failed[files[i].Path] {
			units[i], _ = cparse.ParseFile(files[i].Path, files[i].Opts)
		}
	})
	var ok []*cparse.Unit
	optsOf := map[*cparse.Unit]*cparse.Options{}
	for i, u := range units {
		if u == nil {
			skipped = append(skipped, files[i].Path)
			continue
		}
		ok = append(ok, u)
		optsOf[u] = files[i].Opts
	}
	for _, m := range cparse.BuildModules(ok) {
		pm := parsedModule{mod: m, opts: map[*cparse.Unit]*cparse.Options{}}
		for _, u := range m.Units {
			pm.opts[u] = optsOf[u]
		}
		mods = append(mods, pm)
	}
	return mods, skipped
}

// arityHints returns the argument counts (argc, command name included) a
// handler compares argc with: for `argc != 3`, `argc < 2`, `argc > 4` and the
// like, the constant and its neighbours, so that both the accepted counts and
// the error path are probed. The argc parameter is the handler's third
// parameter, whatever its name.
func arityHints(f *cparse.Func) []int {
	if f == nil || f.Decl == nil {
		return nil
	}
	ft, ok := f.Decl.Type().(*cc.FunctionType)
	if !ok {
		return nil
	}
	params := ft.Parameters()
	if len(params) < 3 || params[2].Name() == "" {
		return nil
	}
	argc := params[2].Name()
	isArgc := func(e cc.ExpressionNode) bool {
		id := cparse.Ident(e)
		return id != nil && id.Token.SrcStr() == argc
	}
	constant := func(e cc.ExpressionNode) (int64, bool) {
		switch v := cparse.StripCasts(e).Value().(type) {
		case cc.Int64Value:
			return int64(v), true
		case cc.UInt64Value:
			return int64(v), true
		}
		return 0, false
	}
	set := map[int]bool{}
	note := func(a, b cc.ExpressionNode) {
		var n int64
		var ok bool
		switch {
		case isArgc(a):
			n, ok = constant(b)
		case isArgc(b):
			n, ok = constant(a)
		}
		if !ok || n < 0 || n > maxArgc {
			return
		}
		for _, d := range []int64{-1, 0, 1} {
			if v := n + d; v >= 1 && v <= maxArgc {
				set[int(v)] = true
			}
		}
	}
	cparse.Inspect(f.Body(), func(n cc.Node) bool {
		switch x := n.(type) {
		case *cc.EqualityExpression:
			if x.Case == cc.EqualityExpressionEq || x.Case == cc.EqualityExpressionNeq {
				note(x.EqualityExpression, x.RelationalExpression)
			}
		case *cc.RelationalExpression:
			if x.Case != cc.RelationalExpressionShift {
				note(x.RelationalExpression, x.ShiftExpression)
			}
		}
		return true
	})
	var r []int
	for v := range set {
		r = append(r, v)
	}
	sort.Ints(r)
	return r
}

// maxArgc bounds the argument counts probed.
const maxArgc = 10

// staticCommand is what the source says about one registration.
type staticCommand struct {
	c         *cparse.Command
	name      string // lower case
	flags     []string
	flagsOK   bool // every word is one Redis accepts
	keysKnown bool
	first     int64
	last      int64
	step      int64
}

func staticCommands(m *cparse.Module) []staticCommand {
	var r []staticCommand
	for _, c := range m.Commands {
		sc := staticCommand{c: c, name: strings.ToLower(c.Name)}
		if c.FlagsKnown {
			sc.flagsOK = true
			if c.Flags != "" {
				for _, w := range strings.Split(c.Flags, " ") {
					w = strings.ToLower(w)
					if _, known := flagInfo[w]; !known {
						sc.flagsOK = false
					}
					sc.flags = append(sc.flags, w)
				}
			}
		}
		if c.KeysKnown {
			sc.keysKnown = true
			sc.first, sc.last, sc.step = c.FirstKey, c.LastKey, c.KeyStep
		}
		r = append(r, sc)
	}
	return r
}

// flagInfo maps each flag word RedisModule_CreateCommand accepts to the flag
// COMMAND INFO shows for it ("" when Redis 7 shows none: "random" is
// ignored since 7.0, "no-cluster" and "getchannels-api" are module-internal,
// and "may-replicate" is not shown by every release).
var flagInfo = map[string]string{
	"write":             "write",
	"readonly":          "readonly",
	"admin":             "admin",
	"deny-oom":          "denyoom",
	"deny-script":       "noscript",
	"allow-loading":     "loading",
	"pubsub":            "pubsub",
	"random":            "",
	"allow-stale":       "stale",
	"no-monitor":        "skip_monitor",
	"no-slowlog":        "skip_slowlog",
	"fast":              "fast",
	"no-auth":           "no_auth",
	"may-replicate":     "",
	"getkeys-api":       "movablekeys",
	"getchannels-api":   "",
	"no-cluster":        "",
	"no-mandatory-keys": "no_mandatory_keys",
	"blocking":          "blocking",
	"allow-busy":        "allow_busy",
}

// comparableFlags is the set of COMMAND INFO flags that flagInfo maps to;
// other flags Redis shows ("module", "may_replicate") are not compared.
var comparableFlags = func() map[string]bool {
	m := map[string]bool{}
	for _, v := range flagInfo {
		if v != "" {
			m[v] = true
		}
	}
	return m
}()
