package reports

import (
	"io"
	"strconv"
	"strings"
)

func init() { Formats["github"] = WriteGitHub }

// WriteGitHub writes r as GitHub Actions workflow commands, one line per
// finding, so that findings show up as annotations on a pull request:
//
//	::error file=src/hello.c,line=12,col=5,endLine=12,endColumn=30,title=rmlint(doublereply)::reply sent twice
//	::warning file=src/hello.c,line=20,col=3,title=rmlint(cmdflags)::…
//	::notice file=src/util.c,line=7,col=1,title=rmlint(style)::…
//	::error file=src/broken.c,line=3,col=1::expected ';'
//
// Severities map to error, warning and notice. file is relative to
// Result.Root with "/" separators when inside it, else absolute. line and col
// are left out when unknown; endLine when there is no end, endColumn unless
// the range ends on its start line. Columns are 1-based, in UTF-16 code units
// when Result.ReadFile supplies the line (as GitHub's editor counts them),
// else bytes. Related locations follow the message on lines of their own
// ("note: file:line:col: message", with byte columns as in the text format). Input errors are "::error file=F::message"
// (with line and col when known).
//
// Escaping, as the runner expects: in the message "%" becomes "%25", CR "%0D"
// and LF "%0A"; in property values ":" and "," also become "%3A" and "%2C".
func WriteGitHub(w io.Writer, r *Result, opts Options) error {
	if r == nil {
		return errNilResult
	}
	r = sortedCopy(r)
	out := newErrWriter(w)
	paths := newPathMapper(r.Root)
	src := newSourceCache(r.ReadFile)
	col := func(file string, line, c int, roundUp bool) int {
		if l, ok := src.line(file, line); ok {
			return utf16Col(l, c, roundUp)
		}
		return c
	}
	for _, f := range r.Findings {
		cmd := "error"
		switch f.Severity {
		case SeverityWarning:
			cmd = "warning"
		case SeverityNote:
			cmd = "notice"
		}
		props := []string{"file=" + escapeGitHubProperty(paths.slashPath(f.Pos.File))}
		p := f.Pos
		if p.Line > 0 {
			props = append(props, "line="+strconv.Itoa(p.Line))
			if p.Col > 0 {
				props = append(props, "col="+strconv.Itoa(col(p.File, p.Line, p.Col, false)))
			}
			if p.EndLine >= p.Line {
				props = append(props, "endLine="+strconv.Itoa(p.EndLine))
				if p.EndLine == p.Line && p.Col > 0 && p.EndCol > 0 {
					props = append(props, "endColumn="+strconv.Itoa(col(p.File, p.EndLine, p.EndCol, true)))
				}
			}
		}
		props = append(props, "title="+escapeGitHubProperty("rmlint("+f.Rule+")"))
		msg := f.Message
		for _, rel := range f.Related {
			msg += "\nnote: " + (Position{File: paths.slashPath(rel.Pos.File), Line: rel.Pos.Line, Col: rel.Pos.Col}).String() + ": " + rel.Message
		}
		out.str("::" + cmd + " " + strings.Join(props, ",") + "::" + escapeGitHubData(msg) + "\n")
	}
	for _, e := range r.Errors {
		props := []string{"file=" + escapeGitHubProperty(paths.slashPath(e.Pos.File))}
		if e.Pos.Line > 0 {
			props = append(props, "line="+strconv.Itoa(e.Pos.Line))
			if e.Pos.Col > 0 {
				props = append(props, "col="+strconv.Itoa(col(e.Pos.File, e.Pos.Line, e.Pos.Col, false)))
			}
		}
		out.str("::error " + strings.Join(props, ",") + "::" + escapeGitHubData(e.Message) + "\n")
	}
	return out.flush()
}

var (
	githubDataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	githubPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// escapeGitHubData escapes a workflow command's message.
func escapeGitHubData(s string) string { return githubDataEscaper.Replace(s) }

// escapeGitHubProperty escapes a workflow command's property value.
func escapeGitHubProperty(s string) string { return githubPropertyEscaper.Replace(s) }
