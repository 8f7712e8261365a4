// Package badfree defines the badfree rule: releasing what the module does
// not own, releasing twice, using after release, or with the wrong function.
package badfree

import (
	"golang.org/x/tools/go/analysis"

	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/checks/ownership"
	"github.com/rmlint/rmlint/reports"
)

// Analyzer is the badfree rule.
var Analyzer = &analysis.Analyzer{
	Name:     "badfree",
	Doc:      doc,
	URL:      "https://github.com/rmlint/rmlint/blob/main/docs/rules/badfree.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer, ownership.Analyzer},
	Run:      run,
}

// Rule is badfree's metadata.
var Rule = &inspect.Rule{Analyzer: Analyzer, Severity: reports.SeverityError, Tags: []string{"memory", "crash"}, Precision: "high"}

func run(pass *analysis.Pass) (any, error) {
	m := inspect.Of(pass)
	res := pass.ResultOf[ownership.Analyzer].(*ownership.Result)
	for _, p := range res.Problems {
		label := "in " + p.Func.Name + "()"
		cmds := m.CommandOf(p.Func)
		if len(cmds) > 0 {
			label = inspect.Label(cmds[0])
		}
		var d analysis.Diagnostic
		switch p.Kind {
		case ownership.FreeArgv:
			d = m.Diagnostic(p.At, "%s: %s releases an argv string, which belongs to Redis: Redis frees it again after the command and the server crashes; do not free argv (use RedisModule_RetainString/HoldString and free that reference if you keep it)", label, p.Releaser)
		case ownership.FreeBorrowed:
			d = m.Diagnostic(p.At, "%s: %s releases the pointer %s returned, which the module does not own (it lives as long as its owner); do not free it", label, p.Releaser, p.Creator)
			d.Related = append(d.Related, m.Related(p.Created, "borrowed from here"))
		case ownership.DoubleFree:
			d = m.Diagnostic(p.At, "%s: %s releases the %s from %s a second time: a double free corrupts Redis's memory; release it once (set the variable to NULL after releasing it if paths join)", label, p.Releaser, p.Object, p.Creator)
			d.Related = append(d.Related, m.Related(p.Created, "first released here"))
		case ownership.UseAfterFree:
			d = m.Diagnostic(p.At, "%s: %s uses the %s from %s after it was released: use after free; release it after its last use", label, p.Releaser, p.Object, p.Creator)
			d.Related = append(d.Related, m.Related(p.Created, "released here"))
		case ownership.WrongRelease:
			d = m.Diagnostic(p.At, "%s: the %s from %s is released with %s, which does not release that kind of object (allocator mismatch); use the matching release function", label, p.Object, p.Creator, p.Releaser)
			d.Related = append(d.Related, m.Related(p.Created, "created here"))
		case ownership.FreeMaybeNull:
			d = m.Diagnostic(p.At, "%s: %s can receive NULL here (%s returns NULL on failure) and does not accept it: the server crashes; test the pointer first", label, p.Releaser, p.Creator)
			d.Related = append(d.Related, m.Related(p.Created, "may return NULL"))
		default:
			continue
		}
		if len(cmds) > 0 {
			d = m.ForCommand(d, cmds[0])
		}
		pass.Report(d)
	}
	return nil, nil
}
