package cparse

import (
	"strings"
	"sync"

	"modernc.org/cc/v4"
)

// Slimming cc/v4's builtin declarations.
//
// Every translation starts with cc.Builtin: macros, a few typedefs and
// about 170 one-line declarations of __builtin_* and __atomic_* functions.
// Parsing and checking those declarations costs about 2 ms per file
// (measured: 2.7 ms for the whole builtin source, 0.6 ms without them), as
// much as a small module's own code. A file needs the few its code, its
// headers and its macros name.
//
// A declaration is dropped (its line left empty, so lines stay) when
// neither the builtin source's other text, nor the project's files, nor
// any header this process has served so far names it (the first file a
// process translates gets the whole source). What a dropped declaration
// could change is confined to code that names the function: in project
// code, a call of it is an implicit declaration (Unit.implicitDecl) and any
// other use an error, and either makes parseSource translate the file again
// with the whole source; in a system header's inline function body, which
// no rule reads, a call is typed as C90 would.

type builtinDecl struct {
	line int // index in the builtin source's lines
	name string
}

var builtin = sync.OnceValue(func() (b struct {
	lines []string
	decls []builtinDecl // the declarations nothing else in the source names
}) {
	b.lines = strings.Split(cc.Builtin, "\n")
	var decls []builtinDecl
	mentioned := map[string]bool{}
	for i, l := range b.lines {
		if name := builtinDeclName(l); name != "" {
			decls = append(decls, builtinDecl{i, name})
			continue
		}
		identNames([]byte(l), mentioned)
	}
	for _, d := range decls {
		if !mentioned[d.name] {
			b.decls = append(b.decls, d)
		}
	}
	return b
})

// builtinDeclName returns f for a line `T f(...);` that declares one
// function at file scope, plainly, or "".
func builtinDeclName(l string) string {
	if l == "" || !isIdentStart(l[0]) || !strings.HasSuffix(l, ");") || strings.HasPrefix(l, "typedef") {
		return ""
	}
	paren := strings.IndexByte(l, '(')
	if paren < 0 || strings.ContainsAny(l[:paren], "=,{}") {
		return ""
	}
	head := strings.Fields(strings.ReplaceAll(l[:paren], "*", " "))
	if len(head) < 2 {
		return ""
	}
	name := head[len(head)-1]
	for i := 0; i < len(name); i++ {
		if !isIdentByte(name[i]) {
			return ""
		}
	}
	return name
}

// headerNames are the identifiers every header slimming has served in this
// process names outside its own candidate declarations (headerScan.
// mentioned): headers' macros name builtins (sys/cdefs.h's
// __glibc_unlikely is __builtin_expect) and other headers' functions
// (redismodule.h's RedisModule_Assert calls exit), and the same headers
// come back for every file.
var headerNames struct {
	sync.RWMutex
	names map[string]bool
}

func addHeaderNames(idents map[string]bool) {
	headerNames.Lock()
	defer headerNames.Unlock()
	if headerNames.names == nil {
		headerNames.names = map[string]bool{}
	}
	for n := range idents {
		headerNames.names[n] = true
	}
}

// slimBuiltin returns cc.Builtin without the declarations that neither
// used nor a header seen so far names, and the names it dropped. Before
// this process has seen any header it returns the whole source.
func slimBuiltin(used map[string]bool) (src string, dropped map[string]bool) {
	headerNames.RLock()
	defer headerNames.RUnlock()
	if len(headerNames.names) == 0 {
		return cc.Builtin, nil
	}
	return slimBuiltinFor(used, headerNames.names)
}

func slimBuiltinFor(used, named map[string]bool) (src string, dropped map[string]bool) {
	b := builtin()
	lines := append([]string(nil), b.lines...)
	dropped = map[string]bool{}
	for _, d := range b.decls {
		if !used[d.name] && !named[d.name] {
			lines[d.line] = ""
			dropped[d.name] = true
		}
	}
	return strings.Join(lines, "\n"), dropped
}
