// Package inspect is the root of rmlint's analyzers. The driver provides the
// parsed module through Input; Analyzer turns it into the *Module every check
// requires (through Requires/ResultOf), with helpers to find API calls, map C
// positions to token.Pos and report findings.
package inspect

import (
	"errors"
	"fmt"
	"go/token"
	"os"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"modernc.org/cc/v4"
	mtoken "modernc.org/token"

	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/redisapi"
	"github.com/rmlint/rmlint/reports"
)

// Source is what the driver hands to the analyzers of one module.
type Source struct {
	Module *cparse.Module
	Target redisapi.Version // the oldest Redis the module must run on
	Files  *FileMap
	// Commands collects the Redis command each diagnostic is about (see
	// Module.ForCommand); the driver copies it into the findings.
	Commands *CommandTags
}

// CommandTags maps diagnostics (by position and message) to the command
// they concern.
type CommandTags struct {
	mu sync.Mutex
	m  map[string]string
}

func tagKey(pos token.Pos, msg string) string { return fmt.Sprintf("%d\x00%s", pos, msg) }

// Lookup returns the command tagged on a diagnostic.
func (t *CommandTags) Lookup(d analysis.Diagnostic) string {
	if t == nil {
		return ""
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.m[tagKey(d.Pos, d.Message)]
}

// Input is the analyzer whose result the driver supplies (it is never run).
var Input = &analysis.Analyzer{
	Name: "input",
	Doc:  "input provides the parsed module; the rmlint driver supplies its result.",
	Run: func(*analysis.Pass) (any, error) {
		return nil, errors.New("inspect.Input is provided by the rmlint driver")
	},
	ResultType: reflect.TypeOf((*Source)(nil)),
}

// Analyzer provides the *Module the checks work on.
var Analyzer = &analysis.Analyzer{
	Name:       "module",
	Doc:        "module indexes a parsed Redis module (API calls per function) for the checks.",
	Requires:   []*analysis.Analyzer{Input},
	Run:        run,
	ResultType: reflect.TypeOf((*Module)(nil)),
}

// Module is a parsed Redis module with indexes for the checks.
type Module struct {
	*cparse.Module
	Target redisapi.Version
	Files  *FileMap

	reach reachMemo
	tags  *CommandTags
}

// ForCommand records that d is about command c (for reports that group or
// link findings by command) and returns d.
func (m *Module) ForCommand(d analysis.Diagnostic, c *cparse.Command) analysis.Diagnostic {
	if m.tags == nil || c == nil || !c.NameKnown {
		return d
	}
	m.tags.mu.Lock()
	defer m.tags.mu.Unlock()
	if m.tags.m == nil {
		m.tags.m = map[string]string{}
	}
	m.tags.m[tagKey(d.Pos, d.Message)] = c.Name
	return d
}

func run(pass *analysis.Pass) (any, error) {
	src, ok := pass.ResultOf[Input].(*Source)
	if !ok || src == nil || src.Module == nil {
		return nil, errors.New("no module: inspect.Input was not provided")
	}
	return &Module{Module: src.Module, Target: src.Target, Files: src.Files, tags: src.Commands}, nil
}

// Of returns the module of a pass whose analyzer requires Analyzer.
func Of(pass *analysis.Pass) *Module { return pass.ResultOf[Analyzer].(*Module) }

// FileMap maps C file names to token.Files of one token.FileSet, adding
// files (read from disk, or given content) on first use.
type FileMap struct {
	Fset  *token.FileSet
	mu    sync.Mutex
	files map[string]*token.File
	src   map[string][]byte
}

// NewFileMap returns an empty FileMap on fset.
func NewFileMap(fset *token.FileSet) *FileMap {
	return &FileMap{Fset: fset, files: map[string]*token.File{}, src: map[string][]byte{}}
}

// Add registers a file with its content.
func (m *FileMap) Add(name string, content []byte) *token.File {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.addLocked(name, content)
}

func (m *FileMap) addLocked(name string, content []byte) *token.File {
	if f := m.files[name]; f != nil {
		return f
	}
	f := m.Fset.AddFile(name, -1, len(content)+1)
	f.SetLinesForContent(content)
	m.files[name] = f
	m.src[name] = content
	return f
}

// File returns the token.File for name, reading it from disk if needed; nil
// when it cannot be read.
func (m *FileMap) File(name string) *token.File {
	m.mu.Lock()
	defer m.mu.Unlock()
	if f := m.files[name]; f != nil {
		return f
	}
	content, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	return m.addLocked(name, content)
}

// Content returns the bytes of a registered file.
func (m *FileMap) Content(name string) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.src[name]
}

// TokenPos converts a cc/v4 token position to a token.Pos.
func (m *FileMap) TokenPos(p mtoken.Position) token.Pos {
	if !p.IsValid() {
		return token.NoPos
	}
	return m.OffsetPos(p.Filename, p.Offset)
}

// OffsetPos converts a byte offset in a file to a token.Pos.
func (m *FileMap) OffsetPos(filename string, offset int) token.Pos {
	f := m.File(filename)
	if f == nil || offset < 0 || offset > f.Size() {
		return token.NoPos
	}
	return f.Pos(offset)
}

// Pos is the position of the first token of n.
func (m *FileMap) Pos(n cc.Node) token.Pos {
	if n == nil {
		return token.NoPos
	}
	if t, ok := n.(cc.Token); ok {
		return m.TokenPos(t.Position())
	}
	// A node's Position is its first token's: much cheaper than listing all
	// its tokens.
	if p := n.Position(); p.IsValid() {
		return m.TokenPos(p)
	}
	toks := cc.NodeTokens(n)
	if len(toks) == 0 {
		return m.TokenPos(n.Position())
	}
	return m.TokenPos(toks[0].Position())
}

// End is the position just after the last token of n. Tokens produced by a
// macro carry the position of the macro's name; their extent is then the
// name's length in the file.
func (m *FileMap) End(n cc.Node) token.Pos {
	if n == nil {
		return token.NoPos
	}
	first, lastTok, ok := endTokens(n)
	if !ok {
		return token.NoPos
	}
	last := lastTok.Position()
	if last.Filename != first.Filename || last.Offset < first.Offset {
		last = first
	}
	src := m.Content(last.Filename)
	if src == nil {
		m.File(last.Filename)
		src = m.Content(last.Filename)
	}
	text := lastTok.SrcStr()
	end := last.Offset + len(text)
	if src == nil || end > len(src) || string(src[last.Offset:end]) != text {
		// From a macro (or a spliced line): cover the identifier at Offset.
		end = last.Offset
		for end < len(src) && isIdentByte(src[end]) {
			end++
		}
		if end == last.Offset {
			end++
		}
	}
	return m.OffsetPos(last.Filename, end)
}

// endTokens returns the position of n's first token and n's last token. A
// function definition's last token is its body's closing brace: listing all
// its tokens (reflection over the whole body) to find it cost more than some
// rules' whole analysis.
func endTokens(n cc.Node) (first mtoken.Position, last cc.Token, ok bool) {
	switch x := n.(type) {
	case cc.Token:
		return x.Position(), x, true
	case *cc.FunctionDefinition:
		if p := x.Position(); x.CompoundStatement != nil && p.Line > 0 {
			return p, x.CompoundStatement.Token2, true
		}
	}
	toks := cc.NodeTokens(n)
	if len(toks) == 0 {
		return mtoken.Position{}, cc.Token{}, false
	}
	return toks[0].Position(), toks[len(toks)-1], true
}

func isIdentByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// Related builds a related location for a diagnostic.
func (m *Module) Related(n cc.Node, format string, args ...any) analysis.RelatedInformation {
	return analysis.RelatedInformation{Pos: m.Files.Pos(n), End: m.Files.End(n), Message: fmt.Sprintf(format, args...)}
}

// Report reports a finding spanning node n.
func (m *Module) Report(pass *analysis.Pass, n cc.Node, format string, args ...any) {
	pass.Report(analysis.Diagnostic{Pos: m.Files.Pos(n), End: m.Files.End(n), Message: fmt.Sprintf(format, args...)})
}

// Diagnostic returns a diagnostic spanning node n, for callers that add
// Related positions, fixes or a severity (Category) before reporting it.
func (m *Module) Diagnostic(n cc.Node, format string, args ...any) analysis.Diagnostic {
	return analysis.Diagnostic{Pos: m.Files.Pos(n), End: m.Files.End(n), Message: fmt.Sprintf(format, args...)}
}

// Rule is the metadata of one rule: its analyzer (whose Doc is the rule's
// documentation), default severity, tags and SARIF precision.
type Rule struct {
	Analyzer  *analysis.Analyzer
	Severity  reports.Severity
	Tags      []string
	Precision string // "very-high", "high", "medium" or "low"
}

// Name is the rule name (the analyzer's name).
func (r *Rule) Name() string { return r.Analyzer.Name }

// Severity categories: a diagnostic whose Category is one of these names is
// reported with that severity instead of the rule's default.
const (
	CategoryError   = "error"
	CategoryWarning = "warning"
	CategoryNote    = "note"
)

// APICalls calls fn for every call of an API function (RedisModule_*) in
// function f's body, in source order, with the table entry (nil for names
// the table does not know).
func APICalls(f *cparse.Func, fn func(call *cc.PostfixExpression, name string, api *redisapi.Func)) {
	cparse.Inspect(f.Body(), func(n cc.Node) bool {
		call, ok := n.(*cc.PostfixExpression)
		if !ok || call.Case != cc.PostfixExpressionCall {
			return true
		}
		name := cparse.CalleeName(call)
		if len(name) > len(redisapi.Prefix) && name[:len(redisapi.Prefix)] == redisapi.Prefix {
			fn(call, name, redisapi.Lookup(name))
		}
		return true
	})
}
