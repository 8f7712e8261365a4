// Package suppress applies rmlint's inline suppressions:
//
//	// rmlint:ignore RULE[,RULE...] REASON
//	/* rmlint:ignore RULE[,RULE...] REASON */
//	// rmlint:file-ignore RULE[,RULE...] REASON
//
// The directive must open the comment (blanks before it are allowed). A
// rmlint:ignore comment that has code before it on its line applies to that
// line; one alone on its line applies to the next line that is not only
// comments (so several directives can be stacked above one line); a /* */
// directive followed by code on its last line applies to that line. It
// suppresses the findings of the named rules that start on that line. A
// rmlint:file-ignore comment, anywhere in a file, suppresses the named rules'
// findings in the whole file.
//
// The REASON is required: a directive without one suppresses nothing and is
// reported. Comments are read from the source text with a small C lexer
// (package csrc), never from the preprocessed tokens: a directive inside a
// macro's definition applies to the macro's definition, not to its uses.
//
// Problems with directives are findings of the rule "suppression" (see
// RuleName): a missing rule list or reason, an unknown rule name, an unknown
// rmlint: directive, and (when Options.ReportUnused is set) a directive, or
// one rule of its list, that suppressed nothing although the rule ran on the
// file.
package suppress

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/rmlint/rmlint/csrc"
	"github.com/rmlint/rmlint/reports"
)

// RuleName is the rule of the findings about suppression directives
// themselves. It is not one of the analysis rules: it cannot be suppressed by
// a directive, and `--disable suppression` turns it off.
const RuleName = "suppression"

// Directive is one parsed rmlint:ignore or rmlint:file-ignore comment.
type Directive struct {
	File     string
	Pos      reports.Position // the comment
	FileWide bool
	Rules    []string // the rule names as written
	Reason   string
	Line     int // the line it applies to (0 for file-wide directives)

	used map[string]bool
}

// Problem is a malformed directive.
type Problem struct {
	Pos     reports.Position
	Message string
}

// Parse reads the directives of one file. known tells which rule names
// exist; nil accepts every name.
func Parse(file string, src []byte, known func(string) bool) ([]*Directive, []Problem) {
	comments := csrc.Comments(src)
	var dirs []*Directive
	var probs []Problem
	for k, c := range comments {
		text, ok := directiveText(c)
		if !ok {
			continue
		}
		pos := position(file, src, c.Offset, c.End)
		word, rest, _ := strings.Cut(text, " ")
		if i := strings.IndexByte(word, '\t'); i >= 0 {
			word, rest = word[:i], word[i+1:]+" "+rest
		}
		d := &Directive{File: file, Pos: pos, used: map[string]bool{}}
		switch word {
		case "rmlint:ignore":
		case "rmlint:file-ignore":
			d.FileWide = true
		default:
			probs = append(probs, Problem{pos, fmt.Sprintf("unknown directive %q: rmlint knows rmlint:ignore and rmlint:file-ignore", word)})
			continue
		}
		rest = strings.TrimSpace(rest)
		list, reason, _ := strings.Cut(strings.ReplaceAll(rest, "\t", " "), " ")
		reason = strings.TrimSpace(reason)
		if list == "" {
			probs = append(probs, Problem{pos, fmt.Sprintf("%s names no rule: write %s RULE[,RULE] REASON", word, word)})
			continue
		}
		if reason == "" {
			probs = append(probs, Problem{pos, fmt.Sprintf("%s %s gives no reason and is ignored: write why the finding does not apply after the rule names (%s %s REASON)", word, list, word, list)})
			continue
		}
		d.Reason = reason
		for _, r := range strings.Split(list, ",") {
			r = strings.TrimSpace(r)
			if r == "" {
				continue
			}
			if known != nil && !known(r) {
				probs = append(probs, Problem{pos, fmt.Sprintf("%s names an unknown rule %q", word, r)})
				continue
			}
			d.Rules = append(d.Rules, r)
		}
		if len(d.Rules) == 0 {
			continue
		}
		if !d.FileWide {
			switch {
			case !c.Alone:
				d.Line = c.Line
			case !c.Trailing:
				d.Line = c.EndLine
			default:
				d.Line = nextCodeLine(src, comments[k:], c.EndLine)
			}
		}
		dirs = append(dirs, d)
	}
	return dirs, probs
}

// directiveText returns the directive a comment holds: the comment must
// start with "rmlint:" (after blanks); in a /* */ comment, any line may (after
// blanks and a leading "*"). The directive ends at the end of its line.
func directiveText(c csrc.Comment) (string, bool) {
	lines := []string{c.Text}
	if c.Block {
		lines = strings.Split(c.Text, "\n")
	}
	for _, l := range lines {
		l = strings.TrimLeft(l, " \t")
		if c.Block {
			l = strings.TrimLeft(strings.TrimLeft(l, "*"), " \t")
		}
		if !strings.HasPrefix(l, "rmlint:") {
			continue
		}
		if i := strings.IndexAny(l, "\r\n"); i >= 0 {
			l = l[:i]
		}
		return strings.TrimRight(l, " \t\r"), true
	}
	return "", false
}

// nextCodeLine returns the first line after line that holds something other
// than comments and blanks; comments are those from the current one on.
func nextCodeLine(src []byte, comments []csrc.Comment, line int) int {
	commentOnly := map[int]bool{}
	for _, c := range comments {
		if c.Alone && c.Trailing {
			for l := c.Line; l <= c.EndLine; l++ {
				commentOnly[l] = true
			}
		}
	}
	n := line + 1
	for commentOnly[n] {
		n++
	}
	return n
}

// position converts a byte range of src into a Position.
func position(file string, src []byte, off, end int) reports.Position {
	p := reports.Position{File: file, Offset: off, EndOffset: end}
	p.Line, p.Col = lineCol(src, off)
	p.EndLine, p.EndCol = lineCol(src, end)
	return p
}

func lineCol(src []byte, off int) (int, int) {
	if off > len(src) {
		off = len(src)
	}
	line, start := 1, 0
	for i := 0; i < off; i++ {
		if src[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return line, off - start + 1
}

// Options configure Apply.
type Options struct {
	// ReadFile returns a file's content (the content that was analysed).
	ReadFile func(string) ([]byte, error)
	// Files are the analysed files searched for directives besides the
	// files that have findings (so that unused directives are found there).
	// Files with input errors are not read. They should be regular files.
	Files []string
	// Known reports whether a rule name exists; nil accepts every name.
	Known func(string) bool
	// Ran reports whether rule ran on file: only then can a directive for
	// it be unused. Nil: every rule ran everywhere.
	Ran func(rule, file string) bool
	// ReportUnused reports directives that suppressed nothing.
	ReportUnused bool
	// Disabled turns off the findings of RuleName (the directives still
	// suppress).
	Disabled bool
}

// Apply moves the findings of res that a directive suppresses to
// res.Suppressed (with an inSource suppression whose justification is the
// reason) and adds findings of RuleName for malformed and, with
// ReportUnused, unused directives. Files with input errors are not searched
// for unused directives.
func Apply(res *reports.Result, opts Options) {
	read := opts.ReadFile
	if read == nil {
		read = res.ReadFile
	}
	broken := map[string]bool{}
	for _, e := range res.Errors {
		broken[key(e.Pos.File)] = true
	}
	// The files to read, by key, with the name to use in positions.
	names := map[string]string{}
	var order []string
	add := func(f string) {
		if f == "" {
			return
		}
		k := key(f)
		if _, ok := names[k]; !ok {
			names[k] = f
			order = append(order, k)
		}
	}
	for _, f := range res.Findings {
		add(f.Pos.File)
	}
	for _, f := range opts.Files {
		if !broken[key(f)] { // (a file that could not be analysed may be a FIFO, huge, ...)
			add(f)
		}
	}
	byFile := map[string][]*Directive{}
	var meta []reports.Finding
	for _, k := range order {
		if read == nil {
			break
		}
		src, err := read(names[k])
		if err != nil {
			continue
		}
		dirs, probs := Parse(names[k], src, opts.Known)
		byFile[k] = dirs
		for _, p := range probs {
			meta = append(meta, reports.Finding{Rule: RuleName, Severity: reports.SeverityWarning, Pos: p.Pos, Message: p.Message})
		}
	}

	var kept []reports.Finding
	for _, f := range res.Findings {
		if d := match(byFile[key(f.Pos.File)], f); d != nil {
			d.used[f.Rule] = true
			f.Suppressions = append(f.Suppressions, reports.Suppression{
				Kind: reports.SuppressionInSource, Justification: d.Reason, Pos: d.Pos,
			})
			res.Suppressed = append(res.Suppressed, f)
			continue
		}
		kept = append(kept, f)
	}
	res.Findings = kept

	if opts.ReportUnused {
		for _, k := range order {
			if broken[k] {
				continue
			}
			for _, d := range byFile[k] {
				var unused []string
				for _, r := range d.Rules {
					if d.used[r] || opts.Ran != nil && !opts.Ran(r, d.File) {
						continue
					}
					unused = append(unused, r)
				}
				if len(unused) == 0 {
					continue
				}
				what := "the line it applies to"
				if d.Line > 0 {
					what = fmt.Sprintf("line %d", d.Line)
				}
				kind := "rmlint:ignore"
				if d.FileWide {
					kind, what = "rmlint:file-ignore", "this file"
				}
				msg := fmt.Sprintf("%s %s suppresses nothing: %s has no %s finding; remove it", kind, strings.Join(unused, ","), what, strings.Join(unused, " or "))
				if len(unused) < len(d.Rules) {
					msg = fmt.Sprintf("%s: %s of its rules suppresses nothing on %s; remove it from the list", kind, strings.Join(unused, ","), what)
				}
				meta = append(meta, reports.Finding{Rule: RuleName, Severity: reports.SeverityWarning, Pos: d.Pos, Message: msg})
			}
		}
	}
	if !opts.Disabled {
		res.Findings = append(res.Findings, meta...)
	}
	res.Sort()
}

// match returns the directive that suppresses f, or nil.
func match(dirs []*Directive, f reports.Finding) *Directive {
	if f.Rule == RuleName {
		return nil
	}
	for _, d := range dirs {
		if !d.FileWide && d.Line != f.Pos.Line {
			continue
		}
		for _, r := range d.Rules {
			if r == f.Rule {
				return d
			}
		}
	}
	return nil
}

func key(f string) string {
	if a, err := filepath.Abs(f); err == nil {
		return a
	}
	return filepath.Clean(f)
}
