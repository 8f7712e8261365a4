// Package reports turns rmlint's findings into output: gcc-style text with
// the source line and a caret, a stable JSON document, SARIF 2.1.0 for code
// scanning, and GitHub workflow-command annotations.
//
// Writers see only the types in this file (findings, input errors and rule
// metadata), never an analyzer's internals.
package reports

import (
	"fmt"
	"io"
	"sort"
)

// Severity of a finding.
type Severity int

const (
	SeverityError Severity = iota
	SeverityWarning
	SeverityNote
)

func (s Severity) String() string {
	switch s {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	case SeverityNote:
		return "note"
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// ParseSeverity accepts "error", "warning" and "note" (also "info").
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "error":
		return SeverityError, nil
	case "warning":
		return SeverityWarning, nil
	case "note", "info":
		return SeverityNote, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or note)", s)
}

// Position is a range in a source file. Lines and columns are 1-based;
// columns count bytes. Offsets are 0-based byte offsets. End* may be zero
// when only a start is known. The writers take EndCol, like EndOffset, as
// exclusive: the column just past the last byte of the range.
type Position struct {
	File      string
	Line, Col int
	EndLine   int
	EndCol    int
	Offset    int
	EndOffset int
}

func (p Position) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Related is a secondary location of a finding (where the object was created,
// where the first reply went).
type Related struct {
	Pos     Position
	Message string
}

// Edit replaces the bytes [Pos.Offset, Pos.EndOffset) of Pos.File with NewText.
type Edit struct {
	Pos     Position
	NewText string
}

// Fix is a suggested change that resolves a finding.
type Fix struct {
	Message string
	Edits   []Edit
}

// Finding is one problem rmlint reports.
type Finding struct {
	Rule     string // rule name, e.g. "cmdflags"
	Severity Severity
	Pos      Position
	Message  string
	Command  string // the Redis command involved, e.g. "hello.greet", if any
	Related  []Related
	Fixes    []Fix
	// Suppressions says why the finding is not active: set on the entries of
	// Result.Suppressed, empty on Result.Findings.
	Suppressions []Suppression
}

// Suppression kinds, as SARIF names them.
const (
	SuppressionInSource = "inSource" // a rmlint:ignore comment in the source
	SuppressionExternal = "external" // a baseline file
)

// Suppression is one reason a finding is not reported as active.
type Suppression struct {
	Kind          string // SuppressionInSource or SuppressionExternal
	Justification string // the comment's reason, or what the baseline is
	// Pos is where the suppression is written: the comment, or the baseline
	// file (File only). It may be zero.
	Pos Position
}

// InputError is an input that could not be analysed (missing header, syntax
// error, unreadable file, a crash of rmlint itself on that input).
type InputError struct {
	Pos     Position // at least File is set
	Message string
}

func (e InputError) Error() string { return fmt.Sprintf("%s: error: %s", e.Pos, e.Message) }

// Rule is the metadata of one rule, as the writers show it.
type Rule struct {
	Name     string   // e.g. "cmdflags"
	Summary  string   // one line
	Doc      string   // Markdown: what it finds, why it matters, example, fix
	Severity Severity // default severity
	HelpURI  string
	Tags     []string
	// Precision is SARIF's precision property: "very-high", "high", "medium" or "low".
	Precision string
}

// Tool identifies rmlint in machine-readable reports.
type Tool struct {
	Name           string
	Version        string
	InformationURI string
}

// Result is everything a run produced.
type Result struct {
	Tool     Tool
	Rules    []Rule // every rule that ran
	Findings []Finding
	// Suppressed are findings suppressed by a rmlint:ignore comment or a
	// baseline. They do not count for the exit status; SARIF and JSON carry
	// them (with their Suppressions), text and github only count them.
	Suppressed []Finding
	Errors     []InputError
	// Root is the directory paths are made relative to in SARIF/JSON/GitHub
	// output (usually the current directory or the repository root).
	Root string
	// ReadFile returns a file's content for source excerpts; nil disables them.
	ReadFile func(path string) ([]byte, error)
}

// Sort orders findings by file, line, column, rule and message, and errors by
// file and line, so that every writer's output is deterministic.
func (r *Result) Sort() {
	sortFindings(r.Findings)
	sortFindings(r.Suppressed)
	sort.SliceStable(r.Errors, func(i, j int) bool {
		a, b := r.Errors[i].Pos, r.Errors[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
}

func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}

// Options tune a writer.
type Options struct {
	Color bool // ANSI colour (text only); set it only when writing to a terminal
}

// Writer writes a Result in one format.
type Writer func(w io.Writer, r *Result, opts Options) error

// Formats maps each --format name to its writer.
var Formats = map[string]Writer{}

// FormatNames lists the formats in the order the CLI shows them.
var FormatNames = []string{"text", "json", "sarif", "github"}
