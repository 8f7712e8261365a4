package cparse

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"modernc.org/cc/v4"
)

// The include pre-check runs before cc/v4 sees a file, because cc/v4 does
// not survive two kinds of include trouble (measured, see
// shared/CC_V4_NOTES.md §5):
//
//   - a missing header followed by certain code (e.g. `enum {A};`) sends its
//     parser into an endless loop that allocates until the machine runs out
//     of memory;
//   - a file that includes itself, or headers without include guards that
//     include each other, recurse without end.
//
// The check is lexical: it reads the #include lines of the file and of the
// project headers it includes (not of system headers, which are trusted),
// resolves them on the same search path cc/v4 uses, and reports
//
//   - an unconditional #include (one outside any #if/#ifdef/#ifndef) that
//     does not resolve: "include file not found", as a compiler says it;
//   - a cycle of unconditional #includes through files without #pragma
//     once: such a cycle can never end. A header with a classic include
//     guard has its #includes inside #ifndef, so they are conditional and
//     never form such a cycle.
//
// Includes inside conditionals and computed includes (#include MACRO) are
// left to cc/v4; the worker's time and memory limits catch what goes wrong
// there.

// directive is one preprocessing directive of a file.
type directive struct {
	line, col int
	argCol    int    // column of arg's first byte (on the directive's last physical line if spliced)
	name      string // "include", "if", ...
	arg       string // the rest of the line, comments removed, trimmed
}

// scanDirectives returns the directives of a C file, skipping comments,
// string and character literals and honouring line splices.
func scanDirectives(src []byte) []directive {
	var out []directive
	line, lineStart := 1, 0
	bol := true // only white space and comments so far on this logical line
	n := len(src)
	splice := func(i int) int { // length of a backslash-newline at i, or 0
		if i < n && src[i] == '\\' {
			if i+1 < n && src[i+1] == '\n' {
				return 2
			}
			if i+2 < n && src[i+1] == '\r' && src[i+2] == '\n' {
				return 3
			}
		}
		return 0
	}
	for i := 0; i < n; {
		if k := splice(i); k > 0 {
			i += k
			line++
			lineStart = i
			continue
		}
		c := src[i]
		switch {
		case c == '\n':
			i++
			line++
			lineStart = i
			bol = true
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '/' && i+1 < n && src[i+1] == '*':
			i += 2
			for i < n && !(src[i] == '*' && i+1 < n && src[i+1] == '/') {
				if src[i] == '\n' {
					line++
					lineStart = i + 1
				}
				i++
			}
			i += 2
		case c == '/' && i+1 < n && src[i+1] == '/':
			for i < n && src[i] != '\n' {
				if k := splice(i); k > 0 {
					i += k
					line++
					lineStart = i
					continue
				}
				i++
			}
		case c == '#' && bol:
			d := directive{line: line, col: i - lineStart + 1}
			i++
			// Read the logical line, dropping comments.
			var b strings.Builder
			var cols []int // column of each byte of b
			put := func(ch byte, at int) {
				b.WriteByte(ch)
				cols = append(cols, at-lineStart+1)
			}
			for i < n && src[i] != '\n' {
				if k := splice(i); k > 0 {
					i += k
					line++
					lineStart = i
					continue
				}
				switch {
				case src[i] == '/' && i+1 < n && src[i+1] == '*':
					i += 2
					for i < n && !(src[i] == '*' && i+1 < n && src[i+1] == '/') {
						if src[i] == '\n' {
							line++
							lineStart = i + 1
						}
						i++
					}
					i += 2
					put(' ', i-1)
				case src[i] == '/' && i+1 < n && src[i+1] == '/':
					for i < n && src[i] != '\n' {
						i++
					}
				case src[i] == '"' || src[i] == '\'':
					q := src[i]
					put(q, i)
					i++
					for i < n && src[i] != q && src[i] != '\n' {
						if src[i] == '\\' && i+1 < n && src[i+1] != '\n' {
							put(src[i], i)
							i++
						}
						put(src[i], i)
						i++
					}
					if i < n && src[i] == q {
						put(q, i)
						i++
					}
				default:
					put(src[i], i)
					i++
				}
			}
			all := b.String()
			k := 0
			skip := func() {
				for k < len(all) && (all[k] == ' ' || all[k] == '\t' || all[k] == '\f' || all[k] == '\v' || all[k] == '\r') {
					k++
				}
			}
			skip()
			j := k
			for k < len(all) && (all[k] == '_' || all[k] >= 'a' && all[k] <= 'z' || all[k] >= 'A' && all[k] <= 'Z' || all[k] >= '0' && all[k] <= '9') {
				k++
			}
			d.name = all[j:k]
			skip()
			d.arg = strings.TrimSpace(all[k:])
			d.argCol = d.col
			if k < len(cols) {
				d.argCol = cols[k]
			}
			out = append(out, d)
			bol = true
		case c == '"' || c == '\'':
			bol = false
			i++
			for i < n && src[i] != c && src[i] != '\n' {
				if k := splice(i); k > 0 {
					i += k
					line++
					lineStart = i
					continue
				}
				if src[i] == '\\' && i+1 < n && src[i+1] != '\n' {
					i++
				}
				i++
			}
			if i < n && src[i] == c {
				i++
			}
		default:
			bol = false
			i++
		}
	}
	return out
}

// includeInfo is what the pre-check learns about one file.
type includeInfo struct {
	once  bool          // #pragma once
	edges []includeEdge // unconditional includes that resolved to project files
	errs  ErrorList
}

type includeEdge struct {
	d    directive
	path string // the resolved, absolute file
}

// checkIncludes runs the include pre-check on the main file src.
func checkIncludes(path string, src []byte, cfg *cc.Config, ff *fileFlags, fsys *depFS) ErrorList {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	abs = filepath.Clean(abs)
	system := func(p string) bool { return isSystemPath(p, ff.system) }
	// exists reports whether p resolves an include; a path that names a
	// named pipe or device resolves it to something no compiler can read
	// (its open would block or its read never end): bad is then why.
	exists := func(p string) (ok bool, bad string) {
		f, err := fsys.Open(p)
		var nr notRegularError
		if errors.As(err, &nr) {
			return true, nr.Error()
		}
		if err != nil {
			return false, ""
		}
		f.Close()
		return true, ""
	}
	infos := map[string]*includeInfo{}
	// display maps absolute paths back to the names users know.
	display := map[string]string{abs: path}
	var scan func(file string, content []byte) *includeInfo
	scan = func(file string, content []byte) *includeInfo {
		if info := infos[file]; info != nil {
			return info
		}
		info := &includeInfo{}
		infos[file] = info
		depth := 0
		for _, d := range scanDirectives(content) {
			switch d.name {
			case "if", "ifdef", "ifndef":
				depth++
			case "endif":
				if depth > 0 {
					depth--
				}
			case "pragma":
				if strings.Fields(d.arg + " x")[0] == "once" {
					info.once = true
				}
			case "include":
				if len(d.arg) >= 2 && (d.arg[0] == '"' || d.arg[0] == '<') && d.arg[1] == '/' {
					ff.absInclude = true
				}
				if depth > 0 || len(d.arg) < 2 {
					continue
				}
				var nm, raw string
				var search []string
				switch {
				case d.arg[0] == '"':
					end := strings.IndexByte(d.arg[1:], '"')
					if end < 0 {
						continue
					}
					nm = d.arg[1 : 1+end]
					raw = `"` + nm + `"`
					search = cfg.IncludePaths
				case d.arg[0] == '<':
					end := strings.IndexByte(d.arg, '>')
					if end < 0 {
						continue
					}
					nm = d.arg[1:end]
					raw = "<" + nm + ">"
					search = cfg.SysIncludePaths
				default:
					continue // a computed include: cc/v4 decides
				}
				if nm == "" {
					continue
				}
				if filepath.IsAbs(nm) {
					search = []string{"/"} // a compiler opens the name as it is
				}
				found, bad := "", ""
				for _, v := range search {
					if v == "" || v == "@" {
						v = filepath.Dir(file)
					}
					p := filepath.Join(filepath.Clean(v), nm)
					if ok, why := exists(p); ok {
						found, bad = p, why
						break
					}
				}
				if bad != "" {
					if len(info.errs) < MaxErrors {
						info.errs = append(info.errs, &Error{File: display[file], Line: d.line, Col: d.argCol,
							Msg: fmt.Sprintf("include file %s is %s: not a header", raw, bad)})
					}
					continue
				}
				if found == "" {
					if len(info.errs) < MaxErrors {
						info.errs = append(info.errs, &Error{File: display[file], Line: d.line, Col: d.argCol,
							Msg: friendlier("include file not found: " + raw)})
					}
					continue
				}
				if !system(found) {
					if _, ok := display[found]; !ok {
						display[found] = relToWD(found)
					}
					info.edges = append(info.edges, includeEdge{d, found})
				}
			}
		}
		return info
	}
	readHeader := func(p string) ([]byte, bool) {
		f, err := fsys.Open(p)
		if err != nil {
			return nil, false
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, 64<<20))
		return b, err == nil
	}

	// Depth-first search over unconditional includes, reporting missing
	// headers and cycles.
	var errs ErrorList
	state := map[string]int{} // 0 unvisited, 1 on the stack, 2 done
	var stack []string
	var visit func(file string, content []byte)
	visit = func(file string, content []byte) {
		ff.project = append(ff.project, content)
		state[file] = 1
		stack = append(stack, file)
		info := scan(file, content)
		errs = append(errs, info.errs...)
		for _, e := range info.edges {
			switch state[e.path] {
			case 1:
				// A cycle: stack[k:] back to e.path. It ends only if a
				// file in it has #pragma once.
				k := len(stack) - 1
				for k > 0 && stack[k] != e.path {
					k--
				}
				cycle := append(append([]string(nil), stack[k:]...), e.path)
				guarded := false
				for _, f := range cycle {
					if infos[f] != nil && infos[f].once {
						guarded = true
					}
				}
				if guarded {
					continue
				}
				var names []string
				for _, f := range cycle {
					names = append(names, display[f])
				}
				msg := fmt.Sprintf("include cycle: %s includes itself", display[file])
				if len(cycle) > 2 {
					msg = "include cycle: " + strings.Join(names, " includes ")
				}
				errs = append(errs, &Error{File: display[file], Line: e.d.line, Col: e.d.argCol,
					Msg: msg + ", and no file on the cycle has an include guard (#ifndef/#define or #pragma once): it would be included forever"})
			case 0:
				if b, ok := readHeader(e.path); ok {
					visit(e.path, b)
				}
			}
			if len(errs) >= MaxErrors {
				break
			}
		}
		stack = stack[:len(stack)-1]
		state[file] = 2
	}
	visit(abs, src)
	if line, col, ok := endsInEnum(src); ok {
		errs = append(errs, &Error{File: path, Line: line, Col: col, Msg: "unexpected end of file after `enum`"})
	}
	for _, e := range errs {
		if e.File != path {
			e.Msg += " (in a header " + path + " includes)"
		}
	}
	if len(errs) > MaxErrors {
		errs = errs[:MaxErrors]
	}
	return errs
}

// relToWD names p relative to the working directory when it lies below it.
func relToWD(p string) string {
	wd, err := filepath.Abs(".")
	if err != nil {
		return p
	}
	if r, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return p
}

// endsInEnum reports whether the last token of src (comments and white
// space aside) is the keyword enum, and where it is: cc/v4's parser loops
// forever, allocating, when the token stream ends right after `enum`
// (measured: 200 MB a second). The same through a macro is left to the
// worker's limits.
func endsInEnum(src []byte) (line, col int, ok bool) {
	n := len(src)
	ln, lineStart := 1, 0
	lastStart, lastEnd, lastLine, lastCol := -1, -1, 0, 0
	for i := 0; i < n; {
		c := src[i]
		switch {
		case c == '\n':
			i++
			ln++
			lineStart = i
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\\':
			i++
		case c == '/' && i+1 < n && src[i+1] == '*':
			i += 2
			for i < n && !(src[i] == '*' && i+1 < n && src[i+1] == '/') {
				if src[i] == '\n' {
					ln++
					lineStart = i + 1
				}
				i++
			}
			i += 2
		case c == '/' && i+1 < n && src[i+1] == '/':
			for i < n && src[i] != '\n' {
				i++
			}
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			j := i
			for j < n && (src[j] == '_' || src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z' || src[j] >= '0' && src[j] <= '9') {
				j++
			}
			lastStart, lastEnd, lastLine, lastCol = i, j, ln, i-lineStart+1
			i = j
		case c == '"' || c == '\'':
			i++
			for i < n && src[i] != c && src[i] != '\n' {
				if src[i] == '\\' {
					i++
				}
				i++
			}
			i++
			lastStart = -1
		default:
			i++
			lastStart = -1
		}
	}
	if lastStart >= 0 && string(src[lastStart:lastEnd]) == "enum" {
		return lastLine, lastCol, true
	}
	return 0, 0, false
}
