package reports

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

func init() { Formats["text"] = WriteText }

// maxExcerpt is the most bytes of a source line the text format shows; longer
// lines are cut around the column and marked with an ellipsis.
const maxExcerpt = 200

const ellipsis = "…"

// ANSI SGR sequences used when Options.Color is set.
const (
	ansiReset   = "\x1b[0m"
	ansiBold    = "\x1b[1m"
	ansiRed     = "\x1b[1;31m"
	ansiMagenta = "\x1b[1;35m"
	ansiCyan    = "\x1b[1;36m"
	ansiGreen   = "\x1b[1;32m"
)

// WriteText writes r in the gcc style, for people:
//
//	src/hello.c:12:5: error: reply sent twice [doublereply]
//		RedisModule_ReplyWithNull(ctx);
//		^~~~~~~~~~~~~~~~~~~~~~~~~
//	src/hello.c:10:5: note: first reply here
//	src/broken.c:3:1: error: expected ';'
//	1 finding (1 error) in 1 file; 1 input could not be analysed
//
// Files are shown relative to Result.Root when they lie inside it (an empty
// Root is the current directory), otherwise as given. Line and column are
// omitted when unknown ("file: severity: message [rule]"). The source line is
// printed when Result.ReadFile is set and has that line: tabs are kept,
// invalid UTF-8 and control characters other than tab are shown as U+FFFD,
// and lines longer than 200 bytes are cut to 200 bytes around the column with
// "…" marking the cut. The caret line repeats every tab before the column so
// it lines up in any terminal; "~" extend the caret to Pos.EndCol (exclusive)
// on the same line, or to the end of the line when the range goes on.
//
// Findings come first, sorted by file, line and column, then input errors,
// then one summary line; its exact wording is:
//
//	no findings
//	no findings; 1 input could not be analysed
//	1 finding (1 warning) in 1 file
//	3 findings (2 errors, 1 note) in 2 files; 2 inputs could not be analysed
//	1 finding (1 error) in 1 file; 2 suppressed; 4 in the baseline
//
// (severity counts in the order errors, warnings, notes, zero counts left out;
// inputs are distinct files among the input errors; suppressed findings are
// not shown, only counted: "N suppressed" by rmlint:ignore comments, "N in
// the baseline" by --baseline).
func WriteText(w io.Writer, r *Result, opts Options) error {
	if r == nil {
		return errNilResult
	}
	r = sortedCopy(r)
	t := textWriter{
		out:   newErrWriter(w),
		paths: newPathMapper(r.Root),
		src:   newSourceCache(r.ReadFile),
		color: opts.Color,
	}
	for _, f := range r.Findings {
		t.finding(f)
	}
	for _, e := range r.Errors {
		t.location(e.Pos)
		t.severity(SeverityError)
		t.out.str(e.Message + "\n")
	}
	t.out.str(textSummary(r) + "\n")
	return t.out.flush()
}

type textWriter struct {
	out   *errWriter
	paths pathMapper
	src   *sourceCache
	color bool
}

func (t *textWriter) paint(code, s string) string {
	if !t.color || s == "" {
		return s
	}
	return code + s + ansiReset
}

// location writes "file:line:col: " (line and column when known).
func (t *textWriter) location(p Position) {
	s := t.paths.display(p.File)
	if p.Line > 0 {
		s += ":" + strconv.Itoa(p.Line)
		if p.Col > 0 {
			s += ":" + strconv.Itoa(p.Col)
		}
	}
	t.out.str(t.paint(ansiBold, s+":") + " ")
}

func (t *textWriter) severity(s Severity) {
	code := ansiRed
	switch s {
	case SeverityWarning:
		code = ansiMagenta
	case SeverityNote:
		code = ansiCyan
	}
	t.out.str(t.paint(code, s.String()+":") + " ")
}

func (t *textWriter) finding(f Finding) {
	t.location(f.Pos)
	t.severity(f.Severity)
	msg := f.Message
	if f.Rule != "" {
		msg += " [" + f.Rule + "]"
	}
	t.out.str(msg + "\n")
	if line, ok := t.src.line(f.Pos.File, f.Pos.Line); ok {
		end := 0 // exclusive byte column of the range end on this line; 0: none
		switch {
		case f.Pos.EndLine == f.Pos.Line:
			end = f.Pos.EndCol
		case f.Pos.EndLine > f.Pos.Line:
			end = len(line) + 1
		}
		src, caret, tildes := excerpt(line, f.Pos.Col, end)
		t.out.str(src + "\n")
		if f.Pos.Col > 0 {
			t.out.str(caret + t.paint(ansiGreen, "^"+tildes) + "\n")
		}
	}
	for _, rel := range f.Related {
		t.location(rel.Pos)
		t.severity(SeverityNote)
		t.out.str(rel.Message + "\n")
	}
}

// excerpt renders line for display and computes the caret line for the
// 1-based byte column col and the exclusive end column end (0: no range). It
// returns the displayed line, the whitespace before the caret and the tildes
// after it.
func excerpt(line []byte, col, end int) (src, pad, tildes string) {
	start, stop := 0, len(line)
	c := col - 1 // 0-based byte index of the caret
	if c < 0 {
		c = 0
	}
	if c > len(line) {
		c = len(line)
	}
	if len(line) > maxExcerpt {
		start = c - maxExcerpt/2
		if start < 0 {
			start = 0
		}
		stop = start + maxExcerpt
		if stop > len(line) {
			stop = len(line)
			start = stop - maxExcerpt
		}
		// Keep multi-byte characters whole.
		for i := 0; i < utf8.UTFMax && start > 0 && start < len(line) && !utf8.RuneStart(line[start]); i++ {
			start--
		}
		for i := 0; i < utf8.UTFMax && stop < len(line) && !utf8.RuneStart(line[stop]); i++ {
			stop--
		}
	}
	var s, p, tl strings.Builder
	if start > 0 {
		s.WriteString(ellipsis)
		p.WriteByte(' ')
	}
	e := end - 1 // 0-based exclusive end of the range
	for i := start; i < stop; {
		r, size := utf8.DecodeRune(line[i:stop])
		if r == utf8.RuneError && size <= 1 {
			size = 1
		}
		if r < 0x20 && r != '\t' || r == 0x7f {
			r = utf8.RuneError
		}
		s.WriteRune(r)
		switch {
		case i < c:
			cells(&p, r, ' ')
		case i == c && wideRune(r):
			tl.WriteByte('~') // the caret covers the first cell
		case i > c && i < e:
			cells(&tl, r, '~')
		}
		i += size
	}
	if stop < len(line) {
		s.WriteString(ellipsis)
	}
	return s.String(), p.String(), tl.String()
}

// cells writes what stands under r in a caret line: a tab for a tab, else
// fill once per terminal cell r takes.
func cells(b *strings.Builder, r rune, fill byte) {
	switch {
	case r == '\t':
		b.WriteByte('\t')
	case wideRune(r):
		b.WriteByte(fill)
		b.WriteByte(fill)
	default:
		b.WriteByte(fill)
	}
}

// wideRune reports whether terminals draw r two cells wide (East Asian wide
// and fullwidth characters, and emoji): a close approximation of Unicode
// East Asian Width that is good enough to line up a caret.
func wideRune(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x115F, // Hangul Jamo
		0x2E80 <= r && r <= 0x303E, // CJK radicals, punctuation
		0x3041 <= r && r <= 0x33FF, // kana, CJK symbols
		0x3400 <= r && r <= 0x4DBF, // CJK extension A
		0x4E00 <= r && r <= 0x9FFF, // CJK unified ideographs
		0xA000 <= r && r <= 0xA4CF, // Yi
		0xAC00 <= r && r <= 0xD7A3, // Hangul syllables
		0xF900 <= r && r <= 0xFAFF, // CJK compatibility ideographs
		0xFE30 <= r && r <= 0xFE4F, // CJK compatibility forms
		0xFF00 <= r && r <= 0xFF60, // fullwidth forms
		0xFFE0 <= r && r <= 0xFFE6,
		0x1F300 <= r && r <= 0x1F64F, // pictographs, emoticons
		0x1F900 <= r && r <= 0x1F9FF, // supplemental pictographs
		0x1FA70 <= r && r <= 0x1FAFF,
		0x20000 <= r && r <= 0x3FFFD: // CJK extensions B and later
		return true
	}
	return false
}

// textSummary is the last line of the text format.
func textSummary(r *Result) string {
	var s string
	if len(r.Findings) == 0 {
		s = "no findings"
	} else {
		var bySev [3]int
		files := map[string]bool{}
		for _, f := range r.Findings {
			if f.Severity >= SeverityError && f.Severity <= SeverityNote {
				bySev[f.Severity]++
			}
			files[f.Pos.File] = true
		}
		var parts []string
		names := [3][2]string{{"error", "errors"}, {"warning", "warnings"}, {"note", "notes"}}
		for i, n := range bySev {
			if n > 0 {
				parts = append(parts, plural(n, names[i][0], names[i][1]))
			}
		}
		s = plural(len(r.Findings), "finding", "findings")
		if len(parts) > 0 {
			s += " (" + strings.Join(parts, ", ") + ")"
		}
		s += " in " + plural(len(files), "file", "files")
	}
	inSource, external := 0, 0
	for _, f := range r.Suppressed {
		if len(f.Suppressions) > 0 && f.Suppressions[0].Kind == SuppressionExternal {
			external++
		} else {
			inSource++
		}
	}
	if inSource > 0 {
		s += "; " + strconv.Itoa(inSource) + " suppressed"
	}
	if external > 0 {
		s += "; " + strconv.Itoa(external) + " in the baseline"
	}
	if n := countInputs(r.Errors); n > 0 {
		s += "; " + plural(n, "input", "inputs") + " could not be analysed"
	}
	return s
}

// countInputs is the number of distinct files among errs.
func countInputs(errs []InputError) int {
	files := map[string]bool{}
	for _, e := range errs {
		files[e.Pos.File] = true
	}
	return len(files)
}
