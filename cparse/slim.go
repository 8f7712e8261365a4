package cparse

import (
	"bytes"
	"sort"
	"strings"
	"sync"

	"github.com/rmlint/rmlint/csrc"
)

// Slimming headers.
//
// Headers are most of the work of translating a module file: measured with
// cc/v4 on Redis's own redismodule.h, a file that only includes it takes
// about 45 ms, of which about 25 ms are the header's own ~365 API pointer
// declarations and the body of RedisModule_Init, which names every one of
// them. A module file uses a few dozen of those functions.
//
// So rmlint hands cc/v4 a slimmed copy of any redismodule.h (the user's or
// its own) and of every system header:
//
//   - the declarations of API function pointers (redismodule.h) and plain
//     `extern` function declarations (any of them) that neither the
//     project's files, nor the header's remaining text, nor any header
//     served before in this process (headerNames) name are cut;
//   - RedisModule_Init's body is cut down to a prototype (no rule looks
//     inside it; its behaviour is known from the API table);
//   - comments are dropped and runs of blanks shortened (compactHeader):
//     cc/v4 scans every byte of every header for every file.
//
// Everything else stays: every directive, macro, type, struct and enum. A
// cut keeps its newlines; only comments inside directives lose theirs, so
// lines in headers may move a little, and columns do. rmlint reports no
// position in a header it slims (those are system headers and
// redismodule.h; project headers are never touched).
//
// This is an optimisation, never a change of meaning: the names come from a
// lexical scan of the file and the project headers it includes, and a
// translation that still needed a cut declaration (a name built by ##, a
// header the scan did not reach) either fails ("undefined") or calls an
// undeclared function, which cc/v4 declares implicitly or takes for its
// __builtin_ twin; parseSource then translates the file again with whole
// headers (Unit.implicitDecl). cc/v4's builtin declarations are slimmed
// the same way (builtin.go). A test
// compares every rule's findings both ways on all of rmlint's testdata.

// apiPrefix starts every API pointer's name.
const apiPrefix = "RedisModule_"

// token is one token of slimHeader's scan: its byte extent.
type token struct{ off, end int }

// headerScan is what slimming learns from one header's text, whatever the
// project: its compacted text, the declarations it may cut and
// RedisModule_Init's body.
type headerScan struct {
	src   []byte     // the header as read
	text  []byte     // src compacted (compactHeader): what the cuts apply to
	decls []slimDecl // the candidates (offsets in text): names the header's own text does not mention
	body  []span     // RedisModule_Init's body in text, directive lines excepted
	open  int        // the body's "{" in text, or -1
	// mentioned are the identifiers of the header outside the candidate
	// declarations and RedisModule_Init's body (its macros, types, ...).
	mentioned map[string]bool
}

type span struct{ from, to int } // byte offsets, to exclusive

type slimDecl struct {
	span
	name string
}

// scans caches headerScans by file name (plus redismoduleKey for a
// redismodule.h): a worker slims the same system headers for every file it
// translates.
var scans sync.Map // name -> *headerScan

const redismoduleKey = "\x00redismodule"

// slimHeader returns src, the header file name, compacted and without the
// declarations whose names used does not hold (see scanHeader). The result
// may be shared: callers must not modify it.
func slimHeader(name string, src []byte, used map[string]bool, redismodule bool) []byte {
	key := name
	if redismodule {
		key += redismoduleKey
	}
	var h *headerScan
	if v, found := scans.Load(key); found && bytes.Equal(v.(*headerScan).src, src) {
		h = v.(*headerScan)
	} else {
		h = scanHeader(src, redismodule)
		h.compact()
		addHeaderNames(h.mentioned)
		scans.Store(key, h)
	}
	// The text without the cut spans; a cut leaves one blank and its
	// newlines (no directive lies inside one), so lines stay.
	type cut struct {
		span
		with byte
	}
	var cuts []cut
	headerNames.RLock()
	for _, d := range h.decls {
		// A name another header's macro uses (redismodule.h's
		// RedisModule_Assert calls exit) stays declared.
		if !used[d.name] && !headerNames.names[d.name] {
			cuts = append(cuts, cut{d.span, ' '})
		}
	}
	headerNames.RUnlock()
	if h.open >= 0 {
		cuts = append(cuts, cut{span{h.open, h.open + 1}, ';'})
		for _, s := range h.body {
			cuts = append(cuts, cut{s, ' '})
		}
	}
	if len(cuts) == 0 {
		return h.text
	}
	sort.Slice(cuts, func(i, j int) bool { return cuts[i].from < cuts[j].from })
	out := make([]byte, 0, len(h.text))
	pos := 0
	for _, c := range cuts {
		out = append(out, h.text[pos:c.from]...)
		nl := bytes.Count(h.text[c.from:c.to], []byte{'\n'})
		if nl < c.to-c.from {
			out = append(out, c.with)
		}
		for ; nl > 0; nl-- {
			out = append(out, '\n')
		}
		pos = c.to
	}
	return append(out, h.text[pos:]...)
}

// compact makes h.text the compacted header (compactHeader) and moves the
// spans with it.
func (h *headerScan) compact() {
	text, offs := compactHeader(h.src)
	h.text = text
	for i := range h.decls {
		h.decls[i].from, h.decls[i].to = offs[h.decls[i].from], offs[h.decls[i].to]
	}
	for i := range h.body {
		h.body[i].from, h.body[i].to = offs[h.body[i].from], offs[h.body[i].to]
	}
	if h.open >= 0 {
		h.open = offs[h.open]
	}
}

// scanHeader finds what slimHeader may cut from src: plain declarations
// of functions (externFuncName) and, in a redismodule.h, of API pointers
// (apiDeclName), unless a directive lies inside one or the rest of the
// header mentions the name (e.g. RedisModule_Assert expands to
// RedisModule__Assert); and a redismodule.h's RedisModule_Init body.
func scanHeader(src []byte, redismodule bool) *headerScan {
	h := &headerScan{src: append([]byte(nil), src...), open: -1}
	h.text = h.src
	code := csrc.Blank(src)
	var decls []slimDecl
	var body span // RedisModule_Init's {...}
	directive := directiveMask(code)

	var stmt []token // tokens of the current top-level declaration
	stmtDirective := false
	depth := 0
	for i := 0; i < len(code); {
		c := code[i]
		switch {
		case directive[i]:
			if len(stmt) > 0 || depth > 0 {
				stmtDirective = true
			}
			for i < len(code) && directive[i] {
				i++
			}
			continue
		case c == '\n' || c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		case c == '\\' && i+1 < len(code) && code[i+1] == '\n':
			i += 2
			continue
		}
		if isIdentStart(c) {
			j := i + 1
			for j < len(code) && isIdentByte(code[j]) {
				j++
			}
			stmt = append(stmt, token{i, j})
			i = j
			continue
		}
		tok := token{i, i + 1}
		i++
		switch c {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case '{':
			if depth == 0 && len(stmt) > 0 && code[stmt[len(stmt)-1].off] == ')' {
				// A function definition at file scope.
				open := tok.off
				close := matchBrace(code, directive, open)
				if close < 0 {
					return h
				}
				if redismodule && isInitHead(code, stmt) && !stmtDirective {
					body = span{open, close + 1}
				}
				i = close + 1
				stmt, stmtDirective = stmt[:0], false
				continue
			}
			depth++
		case '}':
			depth--
		case ';':
			if depth == 0 {
				stmt = append(stmt, tok)
				name := ""
				if redismodule {
					name = apiDeclName(code, stmt)
				}
				if name == "" {
					name = externFuncName(code, stmt)
				}
				if name != "" && !stmtDirective {
					decls = append(decls, slimDecl{span{stmt[0].off, tok.end}, name})
				}
				stmt, stmtDirective = stmt[:0], false
				continue
			}
		}
		if depth < 0 {
			return h // unbalanced: leave the header alone
		}
		stmt = append(stmt, tok)
	}

	removed := make([]bool, len(code))
	mark := func(s span) {
		for k := s.from; k < s.to; k++ {
			removed[k] = true
		}
	}
	for _, d := range decls {
		mark(d.span)
	}
	if body.to > 0 {
		mark(body)
	}
	mentioned := map[string]bool{}
	for i := 0; i < len(code); {
		if !isIdentStart(code[i]) || (i > 0 && isIdentByte(code[i-1])) {
			i++
			continue
		}
		j := i + 1
		for j < len(code) && isIdentByte(code[j]) {
			j++
		}
		if !removed[i] || directive[i] {
			mentioned[string(code[i:j])] = true
		}
		i = j
	}
	for _, d := range decls {
		if !mentioned[d.name] {
			h.decls = append(h.decls, d)
		}
	}
	h.mentioned = mentioned
	if body.to > 0 {
		h.open = body.from
		from := body.from + 1
		for k := body.from + 1; k <= body.to; k++ {
			if k == body.to || directive[k] {
				if from < k {
					h.body = append(h.body, span{from, k})
				}
				for k < body.to && directive[k] {
					k++
				}
				from = k
			}
		}
	}
	return h
}

// apiDeclName returns X when the tokens of a file-scope declaration declare
// one API pointer: `REDISMODULE_API ... (*RedisModule_X)(...) ...;` (Redis
// 6 and later, and rmlint's header) or `... REDISMODULE_API_FUNC(RedisModule_X)(...);`
// (Redis 4 and 5).
func apiDeclName(code []byte, toks []token) string {
	text := func(k int) string { return string(code[toks[k].off:toks[k].end]) }
	api := false
	name := ""
	for k := range toks {
		switch w := text(k); {
		case w == "REDISMODULE_API" && k == 0:
			api = true
		case w == "REDISMODULE_API_FUNC" && k+2 < len(toks) && text(k+1) == "(":
			api = true
			if n := text(k + 2); strings.HasPrefix(n, apiPrefix) {
				if name != "" {
					return ""
				}
				name = n
			}
		case w == "(" && k+3 < len(toks) && text(k+1) == "*" && strings.HasPrefix(text(k+2), apiPrefix) && text(k+3) == ")":
			if name != "" {
				return ""
			}
			name = text(k + 2)
		case w == "=" || w == "{":
			return "" // an initializer: a definition, not a plain declaration
		}
	}
	if !api {
		return ""
	}
	return name
}

// isInitHead reports whether the tokens before a function body are
// `static int RedisModule_Init(...)`.
func isInitHead(code []byte, toks []token) bool {
	seenStatic := false
	for _, t := range toks {
		switch string(code[t.off:t.end]) {
		case "static":
			seenStatic = true
		case "RedisModule_Init":
			return seenStatic
		case "(":
			return false
		}
	}
	return false
}

// externFuncName returns f when the tokens of a file-scope declaration
// declare one function and nothing else, plainly: `extern T f (...) ...;`,
// with only type words and `*` between extern and f. Anything else (a
// typedef, a struct, union or enum, an initializer, several declarators,
// a name made by a macro such as glibc's __REDIRECT, a parenthesised
// name) is not touched.
func externFuncName(code []byte, toks []token) string {
	if len(toks) < 4 || string(code[toks[0].off:toks[0].end]) != "extern" {
		return ""
	}
	paren := -1
	depth := 0
	for k, t := range toks {
		w := string(code[t.off:t.end])
		switch w {
		case "(":
			if depth == 0 && paren < 0 {
				paren = k
			}
			depth++
		case ")":
			depth--
		case ",":
			if depth == 0 {
				return ""
			}
		case "=", "{", "typedef", "struct", "union", "enum":
			return ""
		}
	}
	if paren < 2 {
		return ""
	}
	for _, t := range toks[1:paren] {
		w := string(code[t.off:t.end])
		if w != "*" && !isIdentStart(w[0]) {
			return ""
		}
	}
	name := string(code[toks[paren-1].off:toks[paren-1].end])
	if !isIdentStart(name[0]) || strings.HasPrefix(name, "__") || cKeywords[name] {
		return ""
	}
	return name
}

// cKeywords are the keywords that may stand where externFuncName expects a
// name (a type word before a parenthesised declarator).
var cKeywords = map[string]bool{
	"void": true, "char": true, "short": true, "int": true, "long": true, "float": true,
	"double": true, "signed": true, "unsigned": true, "_Bool": true, "_Complex": true,
	"const": true, "volatile": true, "restrict": true, "inline": true, "static": true,
	"extern": true, "register": true, "auto": true, "_Noreturn": true, "_Atomic": true,
	"sizeof": true, "_Alignas": true, "typeof": true, "__typeof__": true,
}

// directiveMask marks the bytes of code (comments and literals blanked)
// that belong to preprocessing directives, continuation lines included.
func directiveMask(code []byte) []bool {
	mask := make([]bool, len(code))
	bol := true
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case c == '\n':
			bol = true
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
		case c == '#' && bol:
			for i < len(code) && code[i] != '\n' {
				mask[i] = true
				if code[i] == '\\' && i+1 < len(code) && code[i+1] == '\n' {
					i++
					mask[i] = true
				}
				i++
			}
			i-- // the newline ends the line
		default:
			bol = false
		}
	}
	return mask
}

// matchBrace returns the offset of the "}" closing the "{" at open in code,
// directives (directive) aside, or -1.
func matchBrace(code []byte, directive []bool, open int) int {
	depth := 0
	for i := open; i < len(code); i++ {
		if directive[i] {
			continue
		}
		switch code[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

func isIdentStart(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isIdentByte(c byte) bool { return isIdentStart(c) || '0' <= c && c <= '9' }

// identNames adds to names every identifier of a C file's text (comments
// and literals aside; directives included, so a macro's replacement list
// counts).
func identNames(src []byte, names map[string]bool) {
	code := csrc.Blank(src)
	for i := 0; i < len(code); {
		if !isIdentStart(code[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(code) && isIdentByte(code[j]) {
			j++
		}
		names[string(code[i:j])] = true
		i = j
	}
}

// compactHeader returns src, a system header, without its comments and
// with runs of blanks shortened to one: cc/v4 scans every byte of every
// header each translation, and glibc's headers are largely comments. A
// comment becomes one blank; its newlines are kept (so lines stay where
// they were) except inside a directive, which a comment does not end.
// String and character literals and #include lines are copied as they are.
func compactHeader(src []byte) (out []byte, offs []int) {
	out = make([]byte, 0, len(src))
	n := len(src)
	// offs[i] is where src[i] (or what replaced it) is in out.
	offs = make([]int, n+1)
	mark := func(from, to int) {
		for k := from; k < to; k++ {
			offs[k] = len(out)
		}
	}
	bol := true        // only blanks and comments so far on this line
	directive := false // inside a directive (up to its unspliced newline)
	verbatim := false  // an #include line
	blank := func() {
		k := len(out)
		if k == 0 || out[k-1] == ' ' {
			return
		}
		// After a newline a blank is not needed, after a line splice it
		// is: "a\\\n  b" is two tokens.
		if out[k-1] == '\n' && !(k >= 2 && out[k-2] == '\\') && !(k >= 3 && out[k-2] == '\r' && out[k-3] == '\\') {
			return
		}
		out = append(out, ' ')
	}
	for i := 0; i < n; {
		c := src[i]
		offs[i] = len(out)
		switch {
		case c == '\n':
			out = append(out, '\n')
			bol, directive, verbatim = true, false, false
			i++
		case c == '\\' && i+1 < n && src[i+1] == '\n':
			offs[i+1] = len(out) + 1
			out = append(out, '\\', '\n')
			i += 2
		case c == '\\' && i+2 < n && src[i+1] == '\r' && src[i+2] == '\n':
			offs[i+1], offs[i+2] = len(out)+1, len(out)+2
			out = append(out, '\\', '\r', '\n')
			i += 3
		case verbatim:
			out = append(out, c)
			i++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			blank()
			i++
		case c == '/' && i+1 < n && src[i+1] == '*':
			end := bytes.Index(src[i+2:], []byte("*/"))
			stop := n
			if end >= 0 {
				stop = i + 2 + end + 2
			}
			mark(i, stop)
			blank()
			if !directive {
				for _, b := range src[i:stop] {
					if b == '\n' {
						out = append(out, '\n')
					}
				}
			}
			i = stop
		case c == '/' && i+1 < n && src[i+1] == '/':
			// To the end of the line; a spliced newline continues it.
			j := i + 2
			for j < n && src[j] != '\n' {
				if src[j] == '\\' && j+1 < n && src[j+1] == '\n' {
					j++
					if !directive {
						out = append(out, '\n')
					}
				}
				j++
			}
			mark(i, j)
			blank()
			i = j
		case c == '"' || c == '\'':
			j := i + 1
			for j < n && src[j] != c && src[j] != '\n' {
				if src[j] == '\\' && j+1 < n {
					j++
				}
				j++
			}
			if j < n && src[j] == c {
				j++
			}
			for k := i; k < j; k++ {
				offs[k] = len(out) + k - i
			}
			out = append(out, src[i:j]...)
			bol = false
			i = j
		case c == '#' && bol:
			directive = true
			bol = false
			// #include and #include_next lines are copied whole: a
			// <header name> may hold characters that look like comments.
			j := i + 1
			for j < n && (src[j] == ' ' || src[j] == '\t') {
				j++
			}
			if bytes.HasPrefix(src[j:], []byte("include")) {
				verbatim = true
			}
			out = append(out, c)
			i++
		default:
			out = append(out, c)
			bol = false
			i++
		}
	}
	offs[n] = len(out)
	return out, offs
}
