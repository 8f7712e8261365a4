// Package cmdflags defines the cmdflags rule: flag strings of
// RedisModule_CreateCommand/CreateSubcommand that Redis rejects, that are
// newer than the target release, or that contradict each other.
package cmdflags

import (
	"fmt"
	"go/token"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/redisapi"
	"github.com/rmlint/rmlint/reports"
)

// Analyzer is the cmdflags rule.
var Analyzer = &analysis.Analyzer{
	Name:     "cmdflags",
	Doc:      doc,
	URL:      "https://github.com/rmlint/rmlint/blob/main/docs/rules/cmdflags.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

// Rule is cmdflags' metadata.
var Rule = &inspect.Rule{Analyzer: Analyzer, Severity: reports.SeverityError, Tags: []string{"correctness", "registration"}, Precision: "very-high"}

func run(pass *analysis.Pass) (any, error) {
	m := inspect.Of(pass)
	for _, c := range m.Commands {
		if !c.FlagsKnown || c.Flags == "" {
			continue
		}
		check(pass, m, c)
	}
	return nil, nil
}

func fnName(c *cparse.Command) string {
	if c.Sub {
		return "RedisModule_CreateSubcommand"
	}
	return "RedisModule_CreateCommand"
}

func cmdLabel(c *cparse.Command) string {
	if c.NameKnown {
		return fmt.Sprintf("command %q", c.Name)
	}
	return "this command"
}

func check(pass *analysis.Pass, m *inspect.Module, c *cparse.Command) {
	flags := c.Flags
	label := cmdLabel(c)
	var known []string
	for _, f := range redisapi.CommandFlags() {
		known = append(known, f.Word)
	}

	// Split as Redis does (on every single space), and also on the
	// separators people use by mistake, to suggest the intended string.
	words := strings.Split(flags, " ")
	badSeparators := false
	for _, w := range words {
		if w == "" || strings.ContainsAny(w, ",\t|;\n") {
			badSeparators = true
		}
	}
	intended := strings.FieldsFunc(flags, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '|' || r == ';' || r == '\n' })

	fixable := true
	var fixed []string
	var problems []string
	for _, w := range intended {
		f := redisapi.LookupCommandFlag(w)
		if f == nil {
			s := inspect.Suggest(w, known, 2)
			if s == "" {
				fixable = false
				problems = append(problems, fmt.Sprintf("unknown flag %q", w))
				fixed = append(fixed, w)
			} else {
				problems = append(problems, fmt.Sprintf("unknown flag %q (did you mean %q?)", w, s))
				fixed = append(fixed, s)
			}
			continue
		}
		fixed = append(fixed, w)
	}
	if badSeparators {
		sep := "separators other than single spaces"
		switch {
		case strings.Contains(flags, ","):
			sep = "commas between flags"
		case strings.Contains(flags, "\t"):
			sep = "tabs between flags"
		case strings.HasPrefix(flags, " ") || strings.HasSuffix(flags, " "):
			sep = "leading or trailing spaces"
		case strings.Contains(flags, "  "):
			sep = "doubled spaces between flags"
		}
		problems = append([]string{sep}, problems...)
	}
	if len(problems) > 0 {
		want := strings.Join(fixed, " ")
		msg := fmt.Sprintf("%s: flag string %s has %s: Redis splits flags on single spaces and rejects the whole string, so %s returns REDISMODULE_ERR and the command is not registered",
			label, strconv.Quote(flags), strings.Join(problems, ", "), fnName(c))
		if fixable && want != flags {
			msg += fmt.Sprintf("; write %s", strconv.Quote(want))
		}
		d := diagAt(m, c, flags, "", msg)
		if fixable && want != flags && c.FlagsLit != nil {
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   fmt.Sprintf("Use %s", strconv.Quote(want)),
				TextEdits: []analysis.TextEdit{{Pos: m.Files.Pos(c.FlagsLit), End: m.Files.End(c.FlagsLit), NewText: []byte(strconv.Quote(want))}},
			}}
		}
		pass.Report(d)
	}

	// Version and combination checks on the words Redis would accept.
	has := map[string]bool{}
	for _, w := range words {
		f := redisapi.LookupCommandFlag(w)
		if f == nil {
			continue
		}
		lw := strings.ToLower(w)
		has[lw] = true
		if m.Target.Less(f.Since) {
			pass.Report(diagAt(m, c, flags, w, fmt.Sprintf(
				"%s: flag %q needs Redis %s, but the oldest Redis this module targets is %s (--redis-version): there %s rejects the whole flag string and the command is not registered",
				label, w, f.Since, m.Target, fnName(c))))
		}
	}
	if has["readonly"] && has["write"] {
		d := diagAt(m, c, flags, "readonly", fmt.Sprintf(
			"%s is flagged both \"readonly\" and \"write\": Redis treats it as a write command everywhere while client-side tracking treats it as a read; keep the one that is true", label))
		d.Category = inspect.CategoryWarning
		pass.Report(d)
	}
}

// diagAt positions a diagnostic on the word inside the flags literal when the
// literal is written plainly in the source, else on the flags argument.
func diagAt(m *inspect.Module, c *cparse.Command, flags, word, msg string) analysis.Diagnostic {
	d := m.Diagnostic(c.FlagsArg, "%s", msg)
	if word == "" || c.FlagsLit == nil {
		return d
	}
	lit := c.FlagsLit.Token
	if lit.SrcStr() != strconv.Quote(flags) && lit.SrcStr() != `"`+flags+`"` {
		return d
	}
	i := indexWord(flags, word)
	if i < 0 {
		return d
	}
	start := m.Files.TokenPos(lit.Position())
	if !start.IsValid() {
		return d
	}
	d.Pos = start + token.Pos(1+i)
	d.End = d.Pos + token.Pos(len(word))
	return d
}

func indexWord(flags, word string) int {
	off := 0
	for _, w := range strings.Split(flags, " ") {
		if w == word {
			return off
		}
		off += len(w) + 1
	}
	return -1
}
