// Package effects summarises what a function does to the dataset and the
// replication stream, together with the module functions it calls: key API
// writes, RedisModule_Call of core write commands (with or without "!"),
// RedisModule_Replicate/ReplicateVerbatim, and argv elements it passes to
// core commands at key positions. It is not a rule: writeflag, replicate and
// keypos read it. The summary is per function, not per path; the replicate
// rule follows paths itself.
package effects

import (
	"reflect"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/redisapi"
)

// Analyzer provides an *Index.
var Analyzer = &analysis.Analyzer{
	Name:     "effects",
	Doc:      "effects summarises each function's writes, replication and keys used through RedisModule_Call (used by writeflag, replicate and keypos).",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		return &Index{m: inspect.Of(pass), memo: map[*cparse.Func]*Effects{}}, nil
	},
	ResultType: reflect.TypeOf((*Index)(nil)),
}

// Of returns the index of a pass whose analyzer requires Analyzer.
func Of(pass *analysis.Pass) *Index { return pass.ResultOf[Analyzer].(*Index) }

// Site is where an effect happens.
type Site struct {
	Node cc.Node
	In   *cparse.Func
	What string // e.g. "RedisModule_StringSet", "RedisModule_Call(\"SET\")"
}

// CallKey is an argv element passed to a core command at a key position.
type CallKey struct {
	Index   int64 // K in argv[K]
	Command string
	Call    *cc.PostfixExpression
	In      *cparse.Func
}

// Effects is a function's summary (including the module functions it
// calls, transitively).
type Effects struct {
	Writes     []Site // definite dataset writes
	Grows      []Site // writes that add data (the deny-oom kind)
	Replicates []Site // RedisModule_Replicate / ReplicateVerbatim
	BangCalls  []Site // RedisModule_Call of a write command with "!"
	// MayWrite: something could write that rmlint does not count as a
	// definite write: a key opened for writing (or with an unknown mode), a
	// Call of a command it does not know, a value of a module type read from
	// a key opened for writing (changed in place).
	MayWrite bool
	// Opaque: part of the work happens where the summary cannot see (a
	// blocked client's callbacks or thread, a timer, a function pointer, a
	// function outside the module that receives the context).
	Opaque   bool
	CallKeys []CallKey
	// CallKeysUnknown: arguments reach key positions of called commands in
	// ways the summary does not follow ("v" vectors, computed indexes).
	CallKeysUnknown bool
}

// Index computes and caches summaries.
type Index struct {
	m    *inspect.Module
	mu   sync.Mutex
	memo map[*cparse.Func]*Effects
}

// For returns f's summary.
func (x *Index) For(f *cparse.Func) *Effects {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.summarize(f)
}

// GrowsMemory lists the key API writers that add data.
var growing = map[string]bool{
	"RedisModule_StringSet": true, "RedisModule_ListPush": true, "RedisModule_ListInsert": true,
	"RedisModule_HashSet": true, "RedisModule_ZsetAdd": true, "RedisModule_ZsetIncrby": true,
	"RedisModule_StreamAdd": true, "RedisModule_ModuleTypeSetValue": true, "RedisModule_StringTruncate": true,
}

// libc lists C library functions that do not call back into the module.
func libc(name string) bool {
	switch name {
	case "strlen", "strnlen", "strcmp", "strncmp", "strcasecmp", "strncasecmp", "memcpy", "memmove",
		"memcmp", "memset", "memchr", "strchr", "strrchr", "strstr", "strcpy", "strncpy", "strcat",
		"strncat", "strtol", "strtoll", "strtoul", "strtoull", "strtod", "atoi", "atol", "atoll", "atof",
		"printf", "fprintf", "sprintf", "snprintf", "sscanf", "puts", "fputs", "malloc", "calloc",
		"realloc", "free", "toupper", "tolower", "isdigit", "isspace", "isalpha", "isalnum", "abs",
		"labs", "llabs", "time", "gettimeofday", "clock_gettime", "usleep", "sleep", "rand", "random",
		"srand", "assert", "__assert_fail", "abort", "exit", "strerror", "memrchr", "strdup", "strndup",
		"strtok", "strtok_r", "strspn", "strcspn", "vsnprintf", "fflush", "perror", "getpid", "errno",
		"__errno_location", "pow", "sqrt", "floor", "ceil", "fabs", "log", "exp", "__builtin_expect":
		return true
	}
	return false
}

func (x *Index) summarize(f *cparse.Func) *Effects {
	if e, ok := x.memo[f]; ok {
		return e
	}
	e := &Effects{}
	x.memo[f] = e // a recursive call sees what is known so far
	argv := argvParam(f)
	writeKeys := map[*cc.Declarator]bool{} // variables holding keys opened for writing
	callees, assigned := prepass(f.Body())
	if changesModuleState(f.Body()) {
		e.MayWrite = true
	}
	cparse.Inspect(f.Body(), func(n cc.Node) bool {
		// Function pointers to module functions handed anywhere: work
		// happens where this summary cannot follow.
		if p, ok := n.(*cc.PrimaryExpression); ok && p.Case == cc.PrimaryExpressionIdent {
			if d, ok := p.ResolvedTo().(*cc.Declarator); ok {
				if _, isFn := d.Type().(*cc.FunctionType); isFn && x.m.Func(f.Unit, d.Name()) != nil && !callees[p] {
					e.Opaque = true
				}
			}
		}
		call, ok := n.(*cc.PostfixExpression)
		if !ok || call.Case != cc.PostfixExpressionCall {
			return true
		}
		name := cparse.CalleeName(call)
		args := cparse.Args(call)
		if g := x.m.Callee(f.Unit, call); g != nil {
			if g != f {
				sub := x.summarize(g)
				e.Writes = append(e.Writes, sub.Writes...)
				e.Grows = append(e.Grows, sub.Grows...)
				e.Replicates = append(e.Replicates, sub.Replicates...)
				e.BangCalls = append(e.BangCalls, sub.BangCalls...)
				e.MayWrite = e.MayWrite || sub.MayWrite
				e.Opaque = e.Opaque || sub.Opaque
				e.CallKeysUnknown = e.CallKeysUnknown || sub.CallKeysUnknown
				// Keys a helper passes from its own argv are not this
				// function's argv indexes unless argv is passed on
				// unchanged; keypos follows that, here they are unknown.
				if len(sub.CallKeys) > 0 {
					if passesArgv(args, argv) {
						e.CallKeys = append(e.CallKeys, sub.CallKeys...)
					} else {
						e.CallKeysUnknown = true
					}
				}
			}
			return true
		}
		api := redisapi.Lookup(name)
		if api == nil {
			if name != "" && !libc(name) && !strings.HasPrefix(name, "__builtin") {
				for _, a := range args {
					if inspect.IsPointerTo(a.Type(), "RedisModuleCtx") {
						e.Opaque = true
					}
				}
			}
			if name == "" {
				e.Opaque = true // a call through a function pointer
			}
			return true
		}
		site := Site{Node: call, In: f, What: name}
		switch {
		case name == "RedisModule_OpenKey" && len(args) == 3:
			mode, ok := f.Unit.ConstInt(args[2])
			if !ok || mode&2 != 0 {
				e.MayWrite = true
				if d := assigned[call]; d != nil {
					writeKeys[d] = true
				}
			}
		case name == "RedisModule_ModuleTypeGetValue" && len(args) == 1:
			if d := cparse.Declarator(args[0]); d != nil && writeKeys[d] {
				e.MayWrite = true
			}
		case name == "RedisModule_StringDMA" && len(args) == 3:
			if mode, ok := f.Unit.ConstInt(args[2]); ok && mode&2 != 0 {
				e.Writes = append(e.Writes, site)
			}
		case api.Writes:
			e.Writes = append(e.Writes, site)
			if growing[name] {
				e.Grows = append(e.Grows, site)
			}
		case api.Replicates:
			e.Replicates = append(e.Replicates, site)
		case api.Blocks:
			e.Opaque = true
		case name == "RedisModule_Call":
			x.call(e, f, call, args, argv)
		case !readOnlyAPI(name):
			// Something with a side effect rmlint does not classify (ACL
			// users, configs, dicts, pub/sub...): the command does change
			// something, even if not the keyspace.
			e.MayWrite = true
		}
		return true
	})
	return e
}

// readOnlyAPI lists API functions that change nothing outside the command
// (replies, string and reply accessors, reading keys, memory, logging).
func readOnlyAPI(name string) bool {
	n := strings.TrimPrefix(name, redisapi.Prefix)
	for _, p := range []string{"Reply", "WrongArity", "String", "CreateString", "FreeString", "CallReply", "FreeCallReply",
		"KeyType", "ValueLength", "Log", "Get", "Is", "OpenKey", "CloseKey", "ModuleTypeGet", "Alloc", "Calloc",
		"Realloc", "Strdup", "Free", "TryAlloc", "TryCalloc", "TryRealloc", "PoolAlloc", "_Assert", "AutoMemory",
		"Milliseconds", "Microseconds", "MonotonicMicroseconds", "CachedMicroseconds", "HashGet", "ListGet",
		"ZsetScore", "ZsetRange", "ZsetFirst", "ZsetLast", "KeyAtPos", "ChannelAtPos", "HoldString",
		"RetainString", "TrimStringAllocation", "KeyExists", "DbSize", "ServerInfo", "FreeServerInfo",
		"DictGet", "DictSize", "DictIterator", "DictNext", "DictPrev", "DictCompare", "CreateDict", "FreeDict",
		"StreamIterator", "SaveDataTypeToString", "LoadDataTypeFromString", "DigestAdd", "DigestEnd", "EmitAOF",
		"Save", "Load", "Yield", "ScanCursor", "ACLCheck"} {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

// changesModuleState reports assignments to anything but the function's
// own local variables: globals, struct fields, memory through pointers.
func changesModuleState(body cc.Node) bool {
	found := false
	cparse.Inspect(body, func(n cc.Node) bool {
		var lhs cc.ExpressionNode
		switch x := n.(type) {
		case *cc.AssignmentExpression:
			if x.Case != cc.AssignmentExpressionCond {
				lhs = x.UnaryExpression
			}
		case *cc.PostfixExpression:
			if x.Case == cc.PostfixExpressionInc || x.Case == cc.PostfixExpressionDec {
				lhs = x.PostfixExpression
			}
		case *cc.UnaryExpression:
			if x.Case == cc.UnaryExpressionInc || x.Case == cc.UnaryExpressionDec {
				lhs = x.UnaryExpression
			}
		}
		if lhs != nil {
			d := cparse.Declarator(lhs)
			if d == nil || d.StorageDuration() != cc.Automatic {
				found = true
			}
		}
		return !found
	})
	return found
}

// call records the effects of a RedisModule_Call.
func (x *Index) call(e *Effects, f *cparse.Func, call *cc.PostfixExpression, args []cc.ExpressionNode, argv *cc.Declarator) {
	if len(args) < 3 {
		return
	}
	cmdName, ok1, _ := f.Unit.ConstString(args[1])
	format, ok2, _ := f.Unit.ConstString(args[2])
	if !ok1 || !ok2 {
		e.MayWrite = true
		e.CallKeysUnknown = true
		return
	}
	core := redisapi.LookupCoreCommand(cmdName)
	if core == nil {
		// A module command, or one this table does not know.
		e.MayWrite = true
		return
	}
	site := Site{Node: call, In: f, What: `RedisModule_Call("` + strings.ToUpper(cmdName) + `")`}
	if core.Writes() {
		if strings.Contains(format, "!") {
			e.BangCalls = append(e.BangCalls, site)
		} else {
			e.Writes = append(e.Writes, site)
		}
		if core.Has("denyoom") {
			e.Grows = append(e.Grows, site)
		}
	}
	// Map the variadic arguments to command positions.
	pos := 1 // argument 1 of the called command
	vi := 3
	argc := countWords(format)
	for i := 0; i < len(format); i++ {
		ch := format[i]
		fc := redisapi.LookupCallFormatChar(ch)
		if fc == nil || len(fc.Consumes) == 0 {
			continue
		}
		if ch == 'v' {
			e.CallKeysUnknown = true
			return
		}
		if vi >= len(args) {
			return
		}
		if core.IsKeyPos(pos, argc) {
			if k, ok := argvIndex(args[vi], argv, f.Unit); ok {
				e.CallKeys = append(e.CallKeys, CallKey{Index: k, Command: strings.ToUpper(cmdName), Call: call, In: f})
			} else if mentionsArgv(args[vi], argv) {
				// argv[j] with a computed index: not followed.
				e.CallKeysUnknown = true
			}
			// Otherwise the key is built by the module (a literal, a
			// string it created): not a command argument.
		}
		vi += len(fc.Consumes)
		pos++
	}
}

// countWords is the number of words of the called command (its name
// included) for a format without "v".
func countWords(format string) int {
	n := 1
	for i := 0; i < len(format); i++ {
		if fc := redisapi.LookupCallFormatChar(format[i]); fc != nil && len(fc.Consumes) > 0 {
			n++
		}
	}
	return n
}

func mentionsArgv(e cc.ExpressionNode, argv *cc.Declarator) bool {
	found := false
	cparse.Inspect(e, func(n cc.Node) bool {
		if p, ok := n.(*cc.PrimaryExpression); ok && p.Case == cc.PrimaryExpressionIdent {
			if d, ok := p.ResolvedTo().(*cc.Declarator); ok && d == argv {
				found = true
			}
		}
		return !found
	})
	return found
}

// argvIndex recognises argv[K] with a constant K.
func argvIndex(e cc.ExpressionNode, argv *cc.Declarator, u *cparse.Unit) (int64, bool) {
	if argv == nil {
		return 0, false
	}
	pe, ok := cparse.StripCasts(e).(*cc.PostfixExpression)
	if !ok || pe.Case != cc.PostfixExpressionIndex || cparse.Declarator(pe.PostfixExpression) != argv {
		return 0, false
	}
	idx, isExpr := pe.ExpressionList.(cc.ExpressionNode)
	if !isExpr {
		return 0, false
	}
	return u.ConstInt(idx)
}

func argvParam(f *cparse.Func) *cc.Declarator {
	ft, ok := f.Decl.Type().(*cc.FunctionType)
	if !ok {
		return nil
	}
	for _, p := range ft.Parameters() {
		if p.Declarator != nil && inspect.IsPointerToPointerTo(p.Type(), "RedisModuleString") {
			return p.Declarator
		}
	}
	return nil
}

func passesArgv(args []cc.ExpressionNode, argv *cc.Declarator) bool {
	if argv == nil {
		return false
	}
	for _, a := range args {
		if cparse.Declarator(a) == argv {
			return true
		}
	}
	return false
}

// prepass records the callee identifiers of direct calls (to tell them from
// function pointers handed somewhere) and the variables allocating calls are
// assigned to.
func prepass(body cc.Node) (callees map[*cc.PrimaryExpression]bool, assigned map[*cc.PostfixExpression]*cc.Declarator) {
	callees = map[*cc.PrimaryExpression]bool{}
	assigned = map[*cc.PostfixExpression]*cc.Declarator{}
	cparse.Inspect(body, func(n cc.Node) bool {
		switch x := n.(type) {
		case *cc.PostfixExpression:
			if id := cparse.CalleeIdent(x); id != nil {
				callees[id] = true
			}
		case *cc.InitDeclarator:
			if x.Case == cc.InitDeclaratorInit && x.Initializer != nil && x.Initializer.Case == cc.InitializerExpr {
				if c := cparse.AsCall(x.Initializer.AssignmentExpression); c != nil {
					assigned[c] = x.Declarator
				}
			}
		case *cc.AssignmentExpression:
			if x.Case == cc.AssignmentExpressionAssign {
				if c := cparse.AsCall(x.AssignmentExpression); c != nil {
					if d := cparse.Declarator(x.UnaryExpression); d != nil {
						assigned[c] = d
					}
				}
			}
		}
		return true
	})
	return callees, assigned
}
