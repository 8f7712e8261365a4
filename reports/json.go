package reports

import (
	"encoding/json"
	"io"
)

func init() { Formats["json"] = WriteJSON }

// JSONVersion is the version of the JSON report format written by WriteJSON.
const JSONVersion = 1

// WriteJSON writes r as one JSON document, for scripts. The format is
// versioned and described by the JSON Schema in rmlint-report.schema.json
// next to this file; version 1 is:
//
//	{
//	  "version": 1,
//	  "tool": {"name": "rmlint", "version": "1.2.0", "informationUri": "https://…"},
//	  "findings": [{
//	    "rule": "doublereply",
//	    "severity": "error",               // "error", "warning" or "note"
//	    "message": "reply sent twice",
//	    "command": "hello.greet",          // only when known
//	    "location": {"file": "src/hello.c", "line": 12, "column": 5, "endLine": 12, "endColumn": 30},
//	    "related": [{"location": {…}, "message": "first reply here"}],
//	    "fixes": [{"message": "return after the first reply", "edits": [{
//	      "file": "src/hello.c", "offset": 310, "endOffset": 310,
//	      "line": 11, "column": 5, "endLine": 11, "endColumn": 5,
//	      "newText": "return REDISMODULE_OK;\n    "}]}]
//	  }],
//	  "suppressed": [{                     // findings suppressed in source or by a baseline
//	    …every field of a finding…,
//	    "suppressions": [{"kind": "inSource", "justification": "the reason",
//	      "location": {"file": "src/hello.c", "line": 11, …}}]
//	  }],
//	  "errors": [{"file": "src/broken.c", "line": 3, "column": 1, "message": "expected ';'"}],
//	  "summary": {
//	    "findings": 1,                     // len(findings)
//	    "suppressed": 1,                   // len(suppressed)
//	    "errors": 1,                       // len(errors): inputs that could not be analysed
//	    "byRule": {"doublereply": 1, "cmdflags": 0},
//	    "bySeverity": {"error": 1, "warning": 0, "note": 0}
//	  }
//	}
//
// Rules:
//   - Every field shown is always present except "command", and
//     "suppressions" (only on the entries of "suppressed"), and a
//     suppression's "location" (absent when unknown); arrays are
//     always arrays (possibly empty), never null.
//   - "file" is relative to Result.Root with "/" separators when the file
//     lies inside it (an empty Root is the current directory), otherwise the
//     absolute path with "/" separators.
//   - Lines and columns are 1-based; columns count bytes. 0 means unknown.
//     endColumn is exclusive (the column just past the range). When only a
//     start is known, endLine and endColumn equal line and column.
//   - Edit offsets are 0-based byte offsets; an edit replaces the bytes
//     [offset, endOffset) with newText.
//   - findings are sorted by file, line, column, rule and message; errors
//     by file and line.
//   - suppression kinds are "inSource" (a rmlint:ignore comment) and
//     "external" (a baseline); suppressed findings are not counted in
//     byRule, bySeverity or findings.
//   - byRule has a key for every rule that ran (0 when it found nothing) and
//     for every rule that has findings; bySeverity always has the three keys.
//   - Within version 1 fields are never removed, renamed or given another
//     meaning; new fields may be added (and the schema with them), so readers
//     must ignore fields they do not know. Anything else bumps "version".
func WriteJSON(w io.Writer, r *Result, opts Options) error {
	if r == nil {
		return errNilResult
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(NewJSONReport(r))
}

// JSONReport is the document WriteJSON writes; decode a report into it to
// read one back.
type JSONReport struct {
	Version    int           `json:"version"`
	Tool       JSONTool      `json:"tool"`
	Findings   []JSONFinding `json:"findings"`
	Suppressed []JSONFinding `json:"suppressed"`
	Errors     []JSONError   `json:"errors"`
	Summary    JSONSummary   `json:"summary"`
}

// JSONTool identifies the tool that wrote the report.
type JSONTool struct {
	Name           string `json:"name"`
	Version        string `json:"version"`
	InformationURI string `json:"informationUri"`
}

// JSONFinding is one finding.
type JSONFinding struct {
	Rule     string        `json:"rule"`
	Severity string        `json:"severity"`
	Message  string        `json:"message"`
	Command  string        `json:"command,omitempty"`
	Location JSONLocation  `json:"location"`
	Related  []JSONRelated `json:"related"`
	Fixes    []JSONFix     `json:"fixes"`
	// Suppressions is set on the entries of JSONReport.Suppressed only.
	Suppressions []JSONSuppression `json:"suppressions,omitempty"`
}

// JSONSuppression says why a finding is suppressed.
type JSONSuppression struct {
	Kind          string        `json:"kind"`
	Justification string        `json:"justification"`
	Location      *JSONLocation `json:"location,omitempty"`
}

// JSONLocation is a range in a file.
type JSONLocation struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
}

// JSONRelated is a secondary location of a finding.
type JSONRelated struct {
	Location JSONLocation `json:"location"`
	Message  string       `json:"message"`
}

// JSONFix is a suggested change.
type JSONFix struct {
	Message string     `json:"message"`
	Edits   []JSONEdit `json:"edits"`
}

// JSONEdit replaces the bytes [Offset, EndOffset) of File with NewText.
type JSONEdit struct {
	File      string `json:"file"`
	Offset    int    `json:"offset"`
	EndOffset int    `json:"endOffset"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	NewText   string `json:"newText"`
}

// JSONError is an input that could not be analysed.
type JSONError struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// JSONSummary counts findings and input errors.
type JSONSummary struct {
	Findings   int            `json:"findings"`
	Suppressed int            `json:"suppressed"`
	Errors     int            `json:"errors"`
	ByRule     map[string]int `json:"byRule"`
	BySeverity map[string]int `json:"bySeverity"`
}

// NewJSONReport converts r into the JSON report document.
func NewJSONReport(r *Result) *JSONReport {
	r = sortedCopy(r)
	paths := newPathMapper(r.Root)
	loc := func(p Position) JSONLocation {
		l := JSONLocation{File: paths.slashPath(p.File), Line: p.Line, Column: p.Col, EndLine: p.EndLine, EndColumn: p.EndCol}
		if l.EndLine == 0 {
			l.EndLine, l.EndColumn = l.Line, l.Column
		}
		return l
	}
	rep := &JSONReport{
		Version:    JSONVersion,
		Tool:       JSONTool{Name: r.Tool.Name, Version: r.Tool.Version, InformationURI: r.Tool.InformationURI},
		Findings:   []JSONFinding{},
		Suppressed: []JSONFinding{},
		Errors:     []JSONError{},
		Summary: JSONSummary{
			Findings:   len(r.Findings),
			Suppressed: len(r.Suppressed),
			Errors:     len(r.Errors),
			ByRule:     map[string]int{},
			BySeverity: map[string]int{"error": 0, "warning": 0, "note": 0},
		},
	}
	for _, rule := range r.Rules {
		rep.Summary.ByRule[rule.Name] += 0
	}
	conv := func(f Finding) JSONFinding {
		jf := JSONFinding{
			Rule:     f.Rule,
			Severity: f.Severity.String(),
			Message:  f.Message,
			Command:  f.Command,
			Location: loc(f.Pos),
			Related:  []JSONRelated{},
			Fixes:    []JSONFix{},
		}
		for _, rel := range f.Related {
			jf.Related = append(jf.Related, JSONRelated{Location: loc(rel.Pos), Message: rel.Message})
		}
		for _, fix := range f.Fixes {
			jfix := JSONFix{Message: fix.Message, Edits: []JSONEdit{}}
			for _, e := range fix.Edits {
				l := loc(e.Pos)
				jfix.Edits = append(jfix.Edits, JSONEdit{
					File: l.File, Offset: e.Pos.Offset, EndOffset: e.Pos.EndOffset,
					Line: l.Line, Column: l.Column, EndLine: l.EndLine, EndColumn: l.EndColumn,
					NewText: e.NewText,
				})
			}
			jf.Fixes = append(jf.Fixes, jfix)
		}
		for _, sp := range f.Suppressions {
			js := JSONSuppression{Kind: sp.Kind, Justification: sp.Justification}
			if sp.Pos.File != "" {
				l := loc(sp.Pos)
				js.Location = &l
			}
			jf.Suppressions = append(jf.Suppressions, js)
		}
		return jf
	}
	for _, f := range r.Suppressed {
		jf := conv(f)
		if jf.Suppressions == nil {
			jf.Suppressions = []JSONSuppression{}
		}
		rep.Suppressed = append(rep.Suppressed, jf)
	}
	for _, f := range r.Findings {
		jf := conv(f)
		jf.Suppressions = nil
		rep.Findings = append(rep.Findings, jf)
		rep.Summary.ByRule[f.Rule]++
		rep.Summary.BySeverity[f.Severity.String()]++
	}
	for _, e := range r.Errors {
		rep.Errors = append(rep.Errors, JSONError{File: paths.slashPath(e.Pos.File), Line: e.Pos.Line, Column: e.Pos.Col, Message: e.Message})
	}
	return rep
}
