// Package csrc reads C source text as written, without preprocessing: its
// comments (skipping string and character literals) and the extent of its
// function definitions. rmlint uses it where the text matters and the
// preprocessed tokens of cc/v4 would mislead: suppression comments (a macro
// expansion carries no comments of its own) and the enclosing function of a
// finding for baseline fingerprints.
package csrc

import "bytes"

// Comment is one C comment.
type Comment struct {
	// Text is the comment without its delimiters ("//", "/*", "*/"). Line
	// splices (backslash-newline) inside a // comment are kept.
	Text string
	// Offset and End are the byte offsets of the comment's first byte and
	// just past its last (the "*/" of a block comment, the byte before the
	// newline of a line comment).
	Offset, End int
	// Line and EndLine are the 1-based lines of Offset and of End's last byte.
	Line, EndLine int
	// Block is true for /* */ comments.
	Block bool
	// Alone is true when only blanks precede the comment on its first line.
	Alone bool
	// Trailing is true when only blanks (or other comments) follow the
	// comment on its last line.
	Trailing bool
}

// lexer walks C text, classifying bytes as code, comment or literal.
type lexer struct {
	src  []byte
	i    int
	line int
}

// Comments returns the comments of src in order. String literals ("…", with
// escapes), character constants ('…') and the <…> of an #include are
// skipped, so a "//" inside them is not a comment. An unterminated comment or
// literal ends at the end of the text (block comments) or line (literals).
func Comments(src []byte) []Comment {
	var out []Comment
	lx := &lexer{src: src, line: 1}
	lineStart := 0 // offset of the current line
	codeOnLine := false
	directiveStart := -1 // start of a "#include" line's directive, for <...>
	for lx.i < len(src) {
		c := src[lx.i]
		switch {
		case c == '\n':
			lx.i++
			lx.line++
			lineStart = lx.i
			codeOnLine = false
			directiveStart = -1
		case c == '\\' && lx.i+1 < len(src) && src[lx.i+1] == '\n':
			lx.i += 2
			lx.line++
		case c == '\\' && lx.i+2 < len(src) && src[lx.i+1] == '\r' && src[lx.i+2] == '\n':
			lx.i += 3
			lx.line++
		case c == '/' && lx.i+1 < len(src) && (src[lx.i+1] == '/' || src[lx.i+1] == '*'):
			cm := lx.comment()
			cm.Alone = !codeOnLine && isBlank(src[lineStart:cm.Offset])
			out = append(out, cm)
			if cm.EndLine != cm.Line {
				// Text after a multi-line comment starts a line of its own
				// for the purpose of Alone.
				lineStart = bytes.LastIndexByte(src[:cm.End], '\n') + 1
				codeOnLine = false
			}
		case c == '"' || c == '\'':
			codeOnLine = true
			lx.literal(c)
		case c == '<' && directiveStart >= 0:
			codeOnLine = true
			lx.literal('>')
		case c == '#' && !codeOnLine:
			codeOnLine = true
			lx.i++
			// An #include's <file> may contain "//" or quotes.
			j := lx.i
			for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
				j++
			}
			if bytes.HasPrefix(src[j:], []byte("include")) || bytes.HasPrefix(src[j:], []byte("import")) {
				directiveStart = j
			}
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			lx.i++
		default:
			codeOnLine = true
			lx.i++
		}
	}
	// Trailing: nothing but blanks or comments follows on the last line.
	for k := range out {
		out[k].Trailing = restOfLineBlank(src, out[k].End, out)
	}
	return out
}

// restOfLineBlank reports whether src from off to the end of its line holds
// only blanks and comments.
func restOfLineBlank(src []byte, off int, comments []Comment) bool {
	for off < len(src) && src[off] != '\n' {
		switch src[off] {
		case ' ', '\t', '\r', '\f', '\v':
			off++
			continue
		}
		found := false
		for _, c := range comments {
			if c.Offset == off {
				if c.EndLine != c.Line {
					return true
				}
				off, found = c.End, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func isBlank(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\f', '\v':
		default:
			return false
		}
	}
	return true
}

// comment lexes the comment at lx.i.
func (lx *lexer) comment() Comment {
	src := lx.src
	start, line := lx.i, lx.line
	if src[lx.i+1] == '/' {
		lx.i += 2
		for lx.i < len(src) {
			if src[lx.i] == '\\' && lx.i+1 < len(src) && src[lx.i+1] == '\n' {
				lx.i += 2
				lx.line++
				continue
			}
			if src[lx.i] == '\\' && lx.i+2 < len(src) && src[lx.i+1] == '\r' && src[lx.i+2] == '\n' {
				lx.i += 3
				lx.line++
				continue
			}
			if src[lx.i] == '\n' {
				break
			}
			lx.i++
		}
		end := lx.i
		text := src[start+2 : end]
		text = bytes.TrimSuffix(text, []byte("\r"))
		return Comment{Text: string(text), Offset: start, End: end, Line: line, EndLine: lx.line}
	}
	lx.i += 2
	for lx.i < len(src) {
		if src[lx.i] == '*' && lx.i+1 < len(src) && src[lx.i+1] == '/' {
			lx.i += 2
			return Comment{Text: string(src[start+2 : lx.i-2]), Offset: start, End: lx.i, Line: line, EndLine: lx.line, Block: true}
		}
		if src[lx.i] == '\n' {
			lx.line++
		}
		lx.i++
	}
	return Comment{Text: string(src[start+2:]), Offset: start, End: len(src), Line: line, EndLine: lx.line, Block: true}
}

// literal skips a literal that starts at lx.i and ends with close, honouring
// backslash escapes and line splices; it stops at an unescaped newline.
func (lx *lexer) literal(close byte) {
	src := lx.src
	lx.i++
	for lx.i < len(src) {
		c := src[lx.i]
		switch {
		case c == '\\' && lx.i+1 < len(src):
			if src[lx.i+1] == '\n' {
				lx.line++
			}
			lx.i += 2
			continue
		case c == '\n':
			return
		case c == close:
			lx.i++
			return
		}
		lx.i++
	}
}

// Func is the extent of one function definition.
type Func struct {
	Name string
	// Offset is the offset of the function's name; Open and Close those of
	// its body's braces.
	Offset, Open, Close int
}

// Functions finds the function definitions of src from its text: a "{" at
// file scope that follows ")" (after blanks, comments and
// __attribute__((…)) lists) opens a function body, whose name is the
// identifier before the matching "(". Bodies of macros (#define lines) are
// skipped. Struct, union, enum and initializer braces are not functions.
// K&R parameter declarations are not recognised.
func Functions(src []byte) []Func {
	code := Blank(src)
	var out []Func
	depth := 0
	externC := 0 // open extern "C" { blocks, which do not nest functions
	var cur *Func
	for i := 0; i < len(code); i++ {
		switch code[i] {
		case '#':
			if depth == 0 && lineStartBlank(code, i) {
				i = endOfDirective(code, i) - 1
			}
		case '{':
			if depth == 0 && isExternC(code, i) {
				externC++
				continue
			}
			if depth == 0 {
				if name, at, ok := functionHead(code, i); ok {
					cur = &Func{Name: name, Offset: at, Open: i}
				}
			}
			depth++
		case '}':
			if depth == 0 && externC > 0 {
				externC--
				continue
			}
			if depth > 0 {
				depth--
				if depth == 0 && cur != nil {
					cur.Close = i
					out = append(out, *cur)
					cur = nil
				}
			}
		}
	}
	return out
}

// Enclosing returns the function whose body contains offset, or nil.
func Enclosing(funcs []Func, offset int) *Func {
	for k := range funcs {
		if funcs[k].Offset <= offset && offset <= funcs[k].Close {
			return &funcs[k]
		}
	}
	return nil
}

// Blank returns a copy of src with every comment and the contents of every
// string and character literal replaced by spaces (newlines kept), so that
// offsets and lines are unchanged and only code remains.
func Blank(src []byte) []byte {
	out := append([]byte(nil), src...)
	blank := func(from, to int) {
		for k := from; k < to && k < len(out); k++ {
			if out[k] != '\n' {
				out[k] = ' '
			}
		}
	}
	for _, c := range Comments(src) {
		blank(c.Offset, c.End)
	}
	lx := &lexer{src: out, line: 1}
	for lx.i < len(out) {
		c := out[lx.i]
		if c == '"' || c == '\'' {
			start := lx.i
			lx.literal(c)
			blank(start+1, lx.i-1)
			continue
		}
		lx.i++
	}
	return out
}

// isExternC reports whether the "{" at open follows extern "…" (a linkage
// block).
func isExternC(code []byte, open int) bool {
	j := skipBack(code, open)
	if j == 0 || code[j-1] != '"' {
		return false
	}
	q := bytes.LastIndexByte(code[:j-1], '"')
	if q < 0 {
		return false
	}
	id, _ := identBack(code, skipBack(code, q))
	return id == "extern"
}

func lineStartBlank(code []byte, i int) bool {
	j := bytes.LastIndexByte(code[:i], '\n') + 1
	return isBlank(code[j:i])
}

// endOfDirective returns the offset of the newline that ends the
// preprocessor directive at i (following line splices).
func endOfDirective(code []byte, i int) int {
	for i < len(code) {
		if code[i] == '\\' && i+1 < len(code) && code[i+1] == '\n' {
			i += 2
			continue
		}
		if code[i] == '\n' {
			return i
		}
		i++
	}
	return i
}

// functionHead reports whether the "{" at open (in blanked code) starts a
// function body, with the function's name and its offset.
func functionHead(code []byte, open int) (string, int, bool) {
	j := skipBack(code, open)
	// Skip __attribute__((...)) and similar trailing specifiers.
	for j > 0 && code[j-1] == ')' {
		p := matchBack(code, j-1)
		if p < 0 {
			return "", 0, false
		}
		k := skipBack(code, p)
		id, at := identBack(code, k)
		if id == "__attribute__" || id == "__attribute" || id == "__declspec" || id == "__asm__" || id == "asm" {
			j = skipBack(code, at)
			continue
		}
		if id == "" || isKeyword(id) {
			return "", 0, false
		}
		// The parameter list: the name may be wrapped as in (*name)(...)
		// for a function returning a function pointer; keep it simple.
		return id, at, true
	}
	return "", 0, false
}

func skipBack(code []byte, i int) int {
	for i > 0 {
		switch code[i-1] {
		case ' ', '\t', '\n', '\r', '\f', '\v':
			i--
			continue
		}
		break
	}
	return i
}

// matchBack returns the offset of the "(" matching the ")" at close, or -1.
func matchBack(code []byte, close int) int {
	depth := 0
	for i := close; i >= 0; i-- {
		switch code[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// identBack returns the identifier that ends at i and its offset.
func identBack(code []byte, i int) (string, int) {
	j := i
	for j > 0 && isIdent(code[j-1]) {
		j--
	}
	if j == i || code[j] >= '0' && code[j] <= '9' {
		return "", i
	}
	return string(code[j:i]), j
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isKeyword(s string) bool {
	switch s {
	case "if", "for", "while", "switch", "return", "sizeof", "do", "else", "case", "_Generic", "typeof", "__typeof__":
		return true
	}
	return false
}

// LineAt returns the 1-based line of a byte offset.
func LineAt(src []byte, offset int) int {
	if offset > len(src) {
		offset = len(src)
	}
	return bytes.Count(src[:offset], []byte{'\n'}) + 1
}

// Line returns line n (1-based) of src without its line end, and false when
// src has no such line.
func Line(src []byte, n int) ([]byte, bool) {
	if n < 1 {
		return nil, false
	}
	for i := 1; i < n; i++ {
		k := bytes.IndexByte(src, '\n')
		if k < 0 {
			return nil, false
		}
		src = src[k+1:]
	}
	if k := bytes.IndexByte(src, '\n'); k >= 0 {
		src = src[:k]
	}
	return bytes.TrimSuffix(src, []byte("\r")), true
}
