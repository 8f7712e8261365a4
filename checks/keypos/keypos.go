// Package keypos defines the keypos rule: key positions of
// RedisModule_CreateCommand/CreateSubcommand that crash or mislead Redis,
// getkeys-api/getchannels-api handlers that do their work (and dereference
// the missing client) before testing for the position request, and handlers
// that read argv past what their own arity check allows.
//
// It also exports the per-command key model (KeyUses): which argv elements
// a handler opens as keys.
package keypos

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/checks/effects"
	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/reports"
)

// Analyzer is the keypos rule.
var Analyzer = &analysis.Analyzer{
	Name:     "keypos",
	Doc:      doc,
	URL:      "https://github.com/rmlint/rmlint/blob/main/docs/rules/keypos.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer, effects.Analyzer},
	Run:      run,
}

// Rule is keypos' metadata. The default severity is error (crashes and
// out-of-bounds reads); the findings about key ranges that are merely
// ignored or version-dependent are reported as warnings.
var Rule = &inspect.Rule{Analyzer: Analyzer, Severity: reports.SeverityError, Tags: []string{"correctness", "crash", "cluster", "acl", "registration"}, Precision: "high"}

func run(pass *analysis.Pass) (any, error) {
	m := inspect.Of(pass)
	idx := effects.Of(pass)
	for _, c := range m.Commands {
		checkTriple(pass, m, c)
		checkUsage(pass, m, idx, c)
	}
	checkPositionRequests(pass, m)
	checkArity(pass, m)
	return nil, nil
}

// checkTriple reports (firstkey, lastkey, keystep) shapes Redis accepts
// without validation but mishandles. Valid shapes: (0,0,0), and f ≥ 1,
// s ≥ 1 with l ≥ f or l < 0.
func checkTriple(pass *analysis.Pass, m *inspect.Module, c *cparse.Command) {
	if !c.KeysKnown {
		return // a key position computed at run time: nothing to judge
	}
	f, l, s := c.FirstKey, c.LastKey, c.KeyStep
	label := inspect.Label(c)
	triple := fmt.Sprintf("(%d, %d, %d)", f, l, s)

	if f < 0 {
		d := m.Diagnostic(c.KeyArgs[0], "%s: firstkey is %d %s: key positions are 1-based indexes into argv, so Redis reads argv[%d], before the command's arguments (an out-of-bounds read) whenever it extracts keys (COMMAND GETKEYS, ACL key patterns, cluster routing); use 1 for the first argument after the command name, or 0, 0, 0 for a command without keys", label, f, triple, f)
		d.Category = inspect.CategoryError
		pass.Report(d)
		return // the other two numbers are meaningless relative to a negative start
	}
	if f == 0 {
		if l != 0 {
			d := m.Diagnostic(c.KeyArgs[1], "%s: lastkey is %d but firstkey is 0 %s: firstkey 0 means the command has no keys and Redis ignores lastkey and keystep, so no key is declared (no cluster redirection, ACL key patterns not applied); write the position of the first key as firstkey (e.g. 1, %d, 1), or 0, 0, 0 if the command really has no keys", label, l, triple, l)
			d.Category = inspect.CategoryWarning
			pass.Report(d)
		}
		return
	}
	// f > 0
	if s <= 0 {
		var msg string
		if s == 0 {
			msg = fmt.Sprintf("%s: keystep is 0 with firstkey %d %s: Redis's key extraction never advances to the next key and the server crashes as soon as it extracts this command's keys (COMMAND GETKEYS, an ACL user with key patterns, cluster mode, client tracking); use keystep 1", label, f, triple)
		} else {
			msg = fmt.Sprintf("%s: keystep is %d with firstkey %d %s: key extraction steps backwards from firstkey and never reaches lastkey; keystep must be at least 1 (use 1 for consecutive keys, 2 for key/value pairs)", label, s, f, triple)
		}
		d := m.Diagnostic(c.KeyArgs[2], "%s", msg)
		d.Category = inspect.CategoryError
		if lit := c.KeyArgs[2]; s == 0 && isLiteral(c, lit) {
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   "Use keystep 1",
				TextEdits: []analysis.TextEdit{{Pos: m.Files.Pos(lit), End: m.Files.End(lit), NewText: []byte("1")}},
			}}
		}
		pass.Report(d)
	}
	if l >= 0 && l < f {
		what := "lastkey is 0"
		if l > 0 {
			what = fmt.Sprintf("lastkey %d is below firstkey %d", l, f)
		}
		d := m.Diagnostic(c.KeyArgs[1], "%s: %s %s: since Redis 7.0 this silently means \"every argument from %d to the last\", before 7.0 it meant \"no keys\"; write lastkey %d for a single key, the index of the last key for a fixed range, or -1 for \"up to the last argument\"", label, what, triple, f, f)
		d.Category = inspect.CategoryWarning
		pass.Report(d)
	}
}

// hasFlag reports whether the flag string contains word, split and compared
// the way Redis does (single spaces, case-insensitive).
func hasFlag(flags, word string) bool {
	for _, w := range strings.Split(flags, " ") {
		if strings.EqualFold(w, word) {
			return true
		}
	}
	return false
}

// line returns the 1-based line of a node for messages.
func line(m *inspect.Module, n cc.Node) int {
	p := m.Files.Pos(n)
	if !p.IsValid() {
		return 0
	}
	return m.Files.Fset.Position(p).Line
}

// isLiteral reports whether e is an integer literal written in the source
// of the registration (not a macro or a named constant), so a fix may
// replace it.
func isLiteral(c *cparse.Command, e cc.ExpressionNode) bool {
	if c.In == nil || e == nil {
		return false
	}
	p, ok := cparse.Unparen(e).(*cc.PrimaryExpression)
	return ok && p.Case == cc.PrimaryExpressionInt && c.In.Unit.FromSource(p)
}
