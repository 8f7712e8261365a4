// Package cparse is rmlint's C frontend: it finds the include paths a module
// is compiled with, translates each file with modernc.org/cc/v4 (real
// preprocessing and types), and builds the module model the checks read:
// RedisModule_OnLoad, the commands it registers, their handlers across files,
// and a control-flow graph per function (package cparse/cfg).
//
// The frontend knows no rule.
package cparse

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"modernc.org/cc/v4"
)

// Options say how to find headers and which macros to define.
type Options struct {
	IncludePaths []string // -I, searched for "..." and <...> includes
	Defines      []string // -D NAME or NAME=VALUE
	Undefines    []string // -U NAME
	// CompileCommands is a compile_commands.json to take flags from. When
	// empty, one is searched upward from each source file unless
	// NoCompileCommands is set.
	CompileCommands   string
	NoCompileCommands bool
	// NoEmbeddedHeader disables the fallback to rmlint's own redismodule.h.
	NoEmbeddedHeader bool
	// ExpansionLimit bounds macro expansion work; 0 means DefaultExpansionLimit.
	ExpansionLimit int
	// WholeHeader disables slimming redismodule.h (see slim.go): cc/v4
	// then reads every API declaration, as without the optimisation.
	WholeHeader bool
}

// DefaultExpansionLimit is enough for real modules (they need about 300k;
// glibc's math.h needs more than 200k) and stops macro bombs in well under a
// second.
const DefaultExpansionLimit = 5_000_000

// HostInfo reports the system C compiler cc/v4 asked for its configuration.
func HostInfo() (compiler string, sysInclude []string, err error) {
	c, err := hostConfig()
	if err != nil {
		return "", nil, err
	}
	return c.CC, c.SysIncludePaths, nil
}

// fileFlags are the preprocessor flags that apply to one source file.
type fileFlags struct {
	includes  []string
	defines   []string
	undefines []string
	source    string   // where the flags came from, for messages
	system    []string // the host compiler's system include directories
	deps      *depFS   // records the headers the translation reads
	// project holds the text of the main file and of the project headers
	// the include pre-check reached (for slimming redismodule.h).
	project [][]byte
	// absInclude: one of those files includes a header by absolute path.
	absInclude bool
}

// config returns a private cc.Config for one translation unit of file path.
// Each call returns a new Config: cc/v4 writes into a Config lazily, so a
// Config must never be shared between goroutines.
func (o *Options) config(path string) (*cc.Config, *fileFlags, error) {
	host, err := hostConfig()
	if err != nil {
		return nil, nil, fmt.Errorf("cannot configure the C frontend (is a C compiler installed?): %v", err)
	}
	c := *host
	ff := &fileFlags{}
	ff.includes = append(ff.includes, absAll(o.IncludePaths)...)
	ff.defines = append(ff.defines, o.Defines...)
	ff.undefines = append(ff.undefines, o.Undefines...)
	if db, err := o.compileDB(path); err != nil {
		return nil, nil, err
	} else if db != nil {
		if e := db.lookup(path); e != nil {
			ff.includes = append(ff.includes, e.includes...)
			ff.defines = append(ff.defines, e.defines...)
			ff.undefines = append(ff.undefines, e.undefines...)
			ff.source = db.path
		}
	}

	// Quote includes: the including file's directory first (as every C
	// compiler does), then -I paths, then the system; angle includes: -I
	// paths, then the system. rmlint's own header comes last, so a real
	// redismodule.h always wins.
	c.IncludePaths = append([]string{""}, ff.includes...)
	c.IncludePaths = append(c.IncludePaths, host.SysIncludePaths...)
	c.SysIncludePaths = append(append([]string(nil), ff.includes...), host.SysIncludePaths...)
	if !o.NoEmbeddedHeader {
		c.IncludePaths = append(c.IncludePaths, EmbeddedIncludeDir)
		c.SysIncludePaths = append(c.SysIncludePaths, EmbeddedIncludeDir)
	}
	// Every header is read through depFS, which records what the
	// translation depended on (for the result cache).
	ff.deps = newDepFS(!o.NoEmbeddedHeader)
	ff.deps.sysDirs = host.SysIncludePaths
	c.FS = ff.deps
	c.FSOnly = true
	ff.system = host.SysIncludePaths
	c.HostIncludePaths = nil
	c.HostSysIncludePaths = nil

	var pre strings.Builder
	pre.WriteString(host.Predefined)
	// cc/v4 does not know _Float16, which glibc's headers use on x86.
	pre.WriteString("\n#define _Float16 short\n")
	for _, d := range ff.defines {
		name, val, ok := strings.Cut(d, "=")
		if !ok {
			val = "1"
		}
		fmt.Fprintf(&pre, "#define %s %s\n", name, val)
	}
	for _, u := range ff.undefines {
		fmt.Fprintf(&pre, "#undef %s\n", u)
	}
	c.Predefined = pre.String()
	c.ExpansionLimit = o.ExpansionLimit
	if c.ExpansionLimit <= 0 {
		c.ExpansionLimit = DefaultExpansionLimit
	}
	return &c, ff, nil
}

func absAll(paths []string) []string {
	var r []string
	for _, p := range paths {
		if a, err := filepath.Abs(p); err == nil {
			p = a
		}
		r = append(r, p)
	}
	return r
}

// CompileDBPath returns the compile_commands.json whose flags apply to path
// (given, or the nearest one above it), or "" when there is none.
func (o *Options) CompileDBPath(path string) string {
	db, err := o.compileDB(path)
	if err != nil {
		return o.CompileCommands
	}
	if db == nil {
		return ""
	}
	return db.path
}

// compileDB finds the compile_commands.json for path: the one given in the
// options, else the nearest one in path's directory or above it.
func (o *Options) compileDB(path string) (*compileDB, error) {
	if o.CompileCommands != "" {
		return loadCompileDB(o.CompileCommands)
	}
	if o.NoCompileCommands {
		return nil, nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, nil
	}
	for dir := filepath.Dir(abs); ; {
		cand := filepath.Join(dir, "compile_commands.json")
		if st, err := os.Stat(cand); err == nil && st.Mode().IsRegular() {
			return loadCompileDB(cand)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil, nil
		}
		dir = parent
	}
}

type compileEntry struct {
	includes, defines, undefines []string
	// flags are the entry's preprocessor and language flags as a compiler
	// takes them (-I, -isystem, -iquote, -include with absolute paths, -D,
	// -U, -std=), in order.
	flags []string
}

type compileDB struct {
	path    string
	entries map[string]*compileEntry // by absolute, cleaned file path
	files   []string                 // in file order
}

var compileDBs sync.Map // path -> *compileDBResult

type compileDBResult struct {
	once sync.Once
	db   *compileDB
	err  error
}

func loadCompileDB(path string) (*compileDB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	v, _ := compileDBs.LoadOrStore(abs, &compileDBResult{})
	r := v.(*compileDBResult)
	r.once.Do(func() { r.db, r.err = parseCompileDB(abs) })
	return r.db, r.err
}

// CompileDBFiles returns the source files listed in a compile_commands.json,
// in the order it lists them.
func CompileDBFiles(path string) ([]string, error) {
	db, err := loadCompileDB(path)
	if err != nil {
		return nil, err
	}
	return db.files, nil
}

func parseCompileDB(path string) (*compileDB, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: error: cannot read compilation database: %v", path, err)
	}
	var raw []struct {
		Directory string   `json:"directory"`
		File      string   `json:"file"`
		Command   string   `json:"command"`
		Arguments []string `json:"arguments"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%s: error: not a valid compilation database: %v", path, err)
	}
	db := &compileDB{path: path, entries: map[string]*compileEntry{}}
	for _, r := range raw {
		dir := r.Directory
		if dir == "" {
			dir = filepath.Dir(path)
		}
		file := r.File
		if !filepath.IsAbs(file) {
			file = filepath.Join(dir, file)
		}
		file = filepath.Clean(file)
		args := r.Arguments
		if len(args) == 0 {
			args = splitCommand(r.Command)
		}
		e := &compileEntry{}
		for i := 0; i < len(args); i++ {
			a := args[i]
			val := func(flag string) (string, bool) {
				if a == flag && i+1 < len(args) {
					i++
					return args[i], true
				}
				if strings.HasPrefix(a, flag) && len(a) > len(flag) {
					return a[len(flag):], true
				}
				return "", false
			}
			if v, ok := val("-isystem"); ok {
				e.includes = append(e.includes, absIn(dir, v))
				e.flags = append(e.flags, "-isystem", absIn(dir, v))
			} else if v, ok := val("-iquote"); ok {
				e.includes = append(e.includes, absIn(dir, v))
				e.flags = append(e.flags, "-iquote", absIn(dir, v))
			} else if v, ok := val("-include"); ok {
				e.flags = append(e.flags, "-include", absIn(dir, v))
			} else if v, ok := val("-I"); ok {
				e.includes = append(e.includes, absIn(dir, v))
				e.flags = append(e.flags, "-I"+absIn(dir, v))
			} else if v, ok := val("-D"); ok {
				e.defines = append(e.defines, v)
				e.flags = append(e.flags, "-D"+v)
			} else if v, ok := val("-U"); ok {
				e.undefines = append(e.undefines, v)
				e.flags = append(e.flags, "-U"+v)
			} else if strings.HasPrefix(a, "-std=") {
				e.flags = append(e.flags, a)
			}
		}
		if _, dup := db.entries[file]; !dup {
			db.files = append(db.files, file)
		}
		db.entries[file] = e
	}
	return db, nil
}

func absIn(dir, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}

func (db *compileDB) lookup(path string) *compileEntry {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil
	}
	if e := db.entries[filepath.Clean(abs)]; e != nil {
		return e
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return db.entries[real]
	}
	return nil
}

// CompilerFlags returns the preprocessor and language flags a C compiler
// needs to compile path as the analysis reads it: -I/-D/-U from the options,
// then the file's compile_commands.json entry (-I, -isystem, -iquote,
// -include, -D, -U, -std=). rmlint's embedded header is not included.
func (o *Options) CompilerFlags(path string) ([]string, error) {
	var flags []string
	for _, p := range absAll(o.IncludePaths) {
		flags = append(flags, "-I"+p)
	}
	for _, d := range o.Defines {
		flags = append(flags, "-D"+d)
	}
	for _, u := range o.Undefines {
		flags = append(flags, "-U"+u)
	}
	db, err := o.compileDB(path)
	if err != nil {
		return nil, err
	}
	if db != nil {
		if e := db.lookup(path); e != nil {
			flags = append(flags, e.flags...)
		}
	}
	return flags, nil
}

// splitCommand splits a shell command line the way compile_commands.json
// producers quote it: whitespace separates, single and double quotes group,
// backslash escapes.
func splitCommand(s string) []string {
	var args []string
	var cur strings.Builder
	inArg := false
	var quote byte
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			} else if ch == '\\' && quote == '"' && i+1 < len(s) {
				i++
				cur.WriteByte(s[i])
			} else {
				cur.WriteByte(ch)
			}
		case ch == '\'' || ch == '"':
			quote = ch
			inArg = true
		case ch == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inArg = true
		case ch == ' ' || ch == '\t' || ch == '\n':
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		default:
			cur.WriteByte(ch)
			inArg = true
		}
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args
}
