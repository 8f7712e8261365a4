package cparse

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"modernc.org/cc/v4"
)

// Error is a problem with an input file: it could not be read or translated.
type Error struct {
	File      string
	Line, Col int // 0 when unknown
	Msg       string
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: error: %s", e.File, e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: error: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: error: %s", e.File, e.Msg)
}

// ErrorList is every error reported for one input; it is never empty.
type ErrorList []*Error

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// MaxErrors caps how many frontend errors are kept per file.
const MaxErrors = 10

// Unit is one translated C file.
type Unit struct {
	Path string // the file as named on the command line (cleaned)
	Src  []byte // its content
	AST  *cc.AST
	// Funcs are the functions defined in this file and in the project's own
	// headers it includes (not in system headers or redismodule.h).
	Funcs []*Func
	// Decls are the unit's top-level declarations and definitions that
	// come from project files (this file and the project's own headers), in
	// order: walks over "the unit's code" use these, not the whole
	// translation unit, whose thousands of system declarations no rule
	// looks at.
	Decls  []*cc.ExternalDeclaration
	byName map[string]*Func
	// inits maps the declarators of this unit to their initializers, so a
	// `static const char *flags = "write";` can be constant-evaluated.
	inits map[*cc.Declarator]*cc.Initializer
	sys   []string // the system's include directories (not the user's -I paths)
	// FlagsFrom says where extra preprocessor flags came from
	// (a compile_commands.json), if anywhere.
	FlagsFrom string
	// Deps are the headers the translation read or probed.
	Deps Deps
	// SlimHeader is set when the unit was translated with a slimmed
	// redismodule.h (see slim.go).
	SlimHeader bool
	// implicitDecl is set when project code calls a name that has no
	// declaration (cc/v4 then declares it on the spot, as C90 did, or
	// takes its builtin's) and slimming may have removed it.
	implicitDecl bool
	dropped      map[string]bool // the builtin declarations slimming left out

}

// Func is one function definition.
type Func struct {
	Name   string
	Def    *cc.FunctionDefinition
	Decl   *cc.Declarator
	Static bool
	Unit   *Unit
	File   string // file holding the definition (Unit.Path or a project header)

	cfg  cfgCache
	memo memo
}

type memo struct {
	mu sync.Mutex
	m  map[any]any
}

// Memo returns the value stored under key for this function, building it
// with build the first time: per-function data that several analyzers
// derive the same way (the flow engine's variable facts) is computed once,
// and goes with the function when its unit is dropped. key should be a
// value of a type private to the caller, as with context.Context.
func (f *Func) Memo(key any, build func() any) any {
	f.memo.mu.Lock()
	defer f.memo.mu.Unlock()
	if v, ok := f.memo.m[key]; ok {
		return v
	}
	v := build()
	if f.memo.m == nil {
		f.memo.m = map[any]any{}
	}
	f.memo.m[key] = v
	return v
}

// Body is the function's body.
func (f *Func) Body() *cc.CompoundStatement { return f.Def.CompoundStatement }

// Func looks up a function defined in this unit by name.
func (u *Unit) Func(name string) *Func { return u.byName[name] }

// Initializer returns the initializer of a declarator declared in this unit.
func (u *Unit) Initializer(d *cc.Declarator) *cc.Initializer { return u.inits[d] }

// ParseFile reads and translates one C file. On failure it returns an
// ErrorList with positions; it never panics.
func ParseFile(path string, opts *Options) (u *Unit, err error) {
	path = filepath.Clean(path)
	src, rerr := os.ReadFile(path)
	if rerr != nil {
		var pe *os.PathError
		msg := rerr.Error()
		if errors.As(rerr, &pe) {
			msg = "cannot read file: " + pe.Err.Error()
		}
		return nil, ErrorList{{File: path, Msg: msg}}
	}
	return ParseSource(path, src, opts)
}

// ParseSource translates src as the file path.
func ParseSource(path string, src []byte, opts *Options) (u *Unit, err error) {
	u, _, err = ParseSourceDeps(path, src, opts)
	return u, err
}

// ParseSourceDeps is ParseSource that also returns the files the result
// depends on besides src, on failure too (for a result cache).
func ParseSourceDeps(path string, src []byte, opts *Options) (u *Unit, deps Deps, err error) {
	u, err = parseSource(path, src, opts, &deps)
	return u, deps, err
}

func parseSource(path string, src []byte, opts *Options, deps *Deps) (u *Unit, err error) {
	if opts == nil {
		opts = &Options{}
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		line := 1 + bytes.Count(src[:i], []byte{'\n'})
		return nil, ErrorList{{File: path, Line: line, Msg: "binary file (contains a NUL byte): not C source"}}
	}
	if !utf8.Valid(src) {
		// C is bytes; cc/v4 copes with most non-UTF-8 text, so this is only
		// worth a note if translation fails below.
	}
	cfg, ff, err := opts.config(path)
	if err != nil {
		return nil, ErrorList{{File: path, Msg: err.Error()}}
	}
	// Inputs that make cc/v4 loop forever or recurse without end are
	// refused before it sees them (see precheck.go).
	if list := checkIncludes(path, src, cfg, ff, ff.deps); len(list) > 0 {
		*deps = ff.deps.deps()
		return nil, list
	}
	if ff.absInclude {
		// cc/v4 joins every name to a search directory, so `#include
		// "/abs/x.h"` is never found; "/" as the last directory finds it
		// where a compiler does (filepath.Join("/", "/abs/x.h")). Added
		// only for files that need it: any other name still unresolved
		// there would be looked up from the root as well.
		cfg.IncludePaths = append(cfg.IncludePaths[:len(cfg.IncludePaths):len(cfg.IncludePaths)], "/")
		cfg.SysIncludePaths = append(cfg.SysIncludePaths[:len(cfg.SysIncludePaths):len(cfg.SysIncludePaths)], "/")
	}
	defer func() {
		*deps = ff.deps.deps()
		if r := recover(); r != nil {
			u = nil
			err = ErrorList{{File: path, Msg: fmt.Sprintf("internal error in the C frontend: %v\n%s", r, firstLines(string(debug.Stack()), 12))}}
		}
	}()
	fresh := *cfg // cc/v4 fills a Config lazily: a retry starts from this copy
	translate := func(cfg *cc.Config, builtin string, dropped map[string]bool) (*Unit, error) {
		ast, err := cc.Translate(cfg, []cc.Source{
			{Name: "<predefined>", Value: cfg.Predefined},
			{Name: "<builtin>", Value: builtin},
			{Name: path, Value: src},
		})
		if err != nil {
			return nil, convertErrors(path, err)
		}
		u := &Unit{Path: path, Src: src, AST: ast, byName: map[string]*Func{}, inits: map[*cc.Declarator]*cc.Initializer{}, sys: ff.system, FlagsFrom: ff.source, dropped: dropped}
		u.index()
		return u, nil
	}
	if !opts.WholeHeader {
		used := map[string]bool{}
		for _, p := range ff.project {
			identNames(p, used)
		}
		builtin, dropped := slimBuiltin(used)
		ff.deps.slim = used
		c := fresh
		u, err = translate(&c, builtin, dropped)
		ff.deps.slim = nil
		if err == nil && !u.implicitDecl {
			u.SlimHeader = true
			u.Deps = ff.deps.deps()
			return u, nil
		}
		// The slimmed header lacked a declaration the file needs (or the
		// file does not translate at all): translate it as it is.
	}
	u, err = translate(&fresh, cc.Builtin, nil)
	if err != nil {
		return nil, err
	}
	u.Deps = ff.deps.deps()
	return u, nil
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// convertErrors turns cc/v4's "file:line:col: message" lines into Errors.
func convertErrors(path string, err error) ErrorList {
	var list ErrorList
	seen := map[string]bool{}
	for _, line := range strings.Split(err.Error(), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || seen[line] {
			continue
		}
		seen[line] = true
		e := parseErrorLine(line)
		if e.File == "" || strings.HasPrefix(e.File, "<") {
			e.File = path
		}
		e.Msg = friendlier(e.Msg)
		list = append(list, e)
		if len(list) == MaxErrors || strings.HasPrefix(e.Msg, "include file not found:") {
			// cc/v4 stops reading at a missing header, as compilers do
			// ("compilation terminated"): what follows is noise about the
			// cut-off input (e.g. "unexpected EOF").
			break
		}
	}
	if len(list) == 0 {
		list = ErrorList{{File: path, Msg: err.Error()}}
	}
	return list
}

func parseErrorLine(s string) *Error {
	// file:line:col: msg, file:line: msg, or a bare message.
	parts := strings.SplitN(s, ":", 4)
	if len(parts) >= 3 {
		if line, err := strconv.Atoi(strings.TrimSpace(parts[1])); err == nil {
			if len(parts) == 4 {
				if col, err := strconv.Atoi(strings.TrimSpace(parts[2])); err == nil {
					return &Error{File: parts[0], Line: line, Col: col, Msg: strings.TrimSpace(parts[3])}
				}
			}
			return &Error{File: parts[0], Line: line, Msg: strings.TrimSpace(strings.Join(parts[2:], ":"))}
		}
	}
	return &Error{Msg: s}
}

func friendlier(msg string) string {
	switch {
	case strings.HasPrefix(msg, "include file not found:"):
		if name := strings.TrimSpace(strings.TrimPrefix(msg, "include file not found:")); len(name) > 1 && name[1] == '/' {
			return msg // an absolute name: no search directory helps
		}
		return msg + " (add its directory with -I, or use --compile-commands)"
	case strings.Contains(msg, "expansion limit"):
		return msg + " (macro expansion too large: a macro bomb?)"
	}
	return msg
}

// isSystemFile reports whether a file belongs to the system or to Redis's
// API header rather than to the project.
func (u *Unit) isSystemFile(name string) bool { return isSystemPath(name, u.sys) }

// isSystemPath reports whether name is a system header (under one of the
// system include directories sys), rmlint's or any redismodule.h, or no
// file at all (<builtin>).
func isSystemPath(name string, sys []string) bool {
	if name == "" || strings.HasPrefix(name, "<") || strings.HasPrefix(name, embeddedRoot+"/") {
		return true
	}
	return filepath.Base(name) == "redismodule.h" || underDirs(name, sys)
}

// IsProjectFile reports whether positions in file name belong to the
// project (the translated file or one of the project's own headers).
func (u *Unit) IsProjectFile(name string) bool { return !u.isSystemFile(name) }

// index collects the unit's project declarations, function definitions and
// initializers.
func (u *Unit) index() {
	for l := u.AST.TranslationUnit; l != nil; l = l.TranslationUnit {
		ed := l.ExternalDeclaration
		if ed == nil {
			continue
		}
		switch ed.Case {
		case cc.ExternalDeclarationFuncDef:
			fd := ed.FunctionDefinition
			d := fd.Declarator
			file := d.Position().Filename
			if u.isSystemFile(file) {
				continue
			}
			u.Decls = append(u.Decls, ed)
			f := &Func{Name: d.Name(), Def: fd, Decl: d, Static: d.IsStatic(), Unit: u, File: file}
			u.Funcs = append(u.Funcs, f)
			u.byName[f.Name] = f
			u.collectInits(fd.CompoundStatement)
		default:
			if u.isSystemFile(ed.Position().Filename) {
				continue
			}
			u.Decls = append(u.Decls, ed)
			if ed.Case == cc.ExternalDeclarationDecl {
				u.collectInits(ed.Declaration)
			}
		}
	}
}

func (u *Unit) collectInits(n cc.Node) {
	Inspect(n, func(n cc.Node) bool {
		switch x := n.(type) {
		case *cc.InitDeclarator:
			if x.Case == cc.InitDeclaratorInit && x.Declarator != nil {
				u.inits[x.Declarator] = x.Initializer
			}
		case *cc.PrimaryExpression:
			// cc/v4 declares a called, undeclared name on the spot, at
			// the name itself, or takes __builtin_name's declaration
			// for it. (Reserved names are left out of the first unless
			// slimming dropped their builtin declaration: cc/v4 declares
			// some of its predefined names the same way.)
			if x.Case == cc.PrimaryExpressionIdent {
				name := x.Token.SrcStr()
				if d, ok := x.ResolvedTo().(*cc.Declarator); ok {
					switch {
					case d.Position() == x.Position() && (!strings.HasPrefix(name, "__") || u.dropped[name]):
						u.implicitDecl = true
					case d.Name() != name:
						// An undeclared name cc/v4 took for its builtin:
						// exit for __builtin_exit.
						u.implicitDecl = true
					}
				}
			}
		}
		return true
	})
}
