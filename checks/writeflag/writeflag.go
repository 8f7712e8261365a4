// Package writeflag defines the writeflag rule: command flags that do not
// match what the command does to the dataset.
package writeflag

import (
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/rmlint/rmlint/checks/effects"
	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/reports"
)

// Analyzer is the writeflag rule.
var Analyzer = &analysis.Analyzer{
	Name:     "writeflag",
	Doc:      doc,
	URL:      "https://github.com/rmlint/rmlint/blob/main/docs/rules/writeflag.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer, effects.Analyzer},
	Run:      run,
}

// Rule is writeflag's metadata.
var Rule = &inspect.Rule{Analyzer: Analyzer, Severity: reports.SeverityError, Tags: []string{"replication", "correctness"}, Precision: "high"}

func run(pass *analysis.Pass) (any, error) {
	m := inspect.Of(pass)
	idx := effects.Of(pass)
	for _, c := range m.Commands {
		if c.Handler == nil || !c.FlagsKnown {
			continue
		}
		flags := map[string]bool{}
		for _, w := range strings.Fields(strings.ToLower(c.Flags)) {
			flags[w] = true
		}
		e := idx.For(c.Handler)
		label := inspect.Label(c)
		switch {
		case len(e.Writes)+len(e.BangCalls) > 0 && !flags["write"]:
			w := first(e.Writes, e.BangCalls)
			d := m.Diagnostic(c.FlagsArg, "%s modifies the dataset (%s) but is not flagged \"write\": Redis then runs it on read-only replicas (which diverge from their master), inside EVAL_RO/FCALL_RO and during CLIENT PAUSE WRITE; add \"write\" to its flags", label, w.What)
			d.Related = append(d.Related, m.Related(w.Node, "writes here (in %s)", w.In.Name))
			pass.Report(m.ForCommand(d, c))
		case len(e.Replicates) > 0 && !flags["write"] && !flags["may-replicate"]:
			r := e.Replicates[0]
			d := m.Diagnostic(c.FlagsArg, "%s replicates (%s) but is flagged neither \"write\" nor \"may-replicate\": Redis runs it on read-only replicas and during CLIENT PAUSE WRITE; add \"write\" (or \"may-replicate\" if it does not touch keys)", label, r.What)
			d.Related = append(d.Related, m.Related(r.Node, "replicates here"))
			d.Category = inspect.CategoryWarning
			pass.Report(m.ForCommand(d, c))
		}
		if flags["write"] && len(e.Writes)+len(e.BangCalls)+len(e.Replicates) == 0 && !e.MayWrite && !e.Opaque {
			d := m.Diagnostic(c.FlagsArg, "%s is flagged \"write\" but never writes: no key is opened for writing, no write command is called and nothing is replicated; flag it \"readonly\" so it runs on replicas and in scripts' read-only mode", label)
			d.Category = inspect.CategoryNote
			pass.Report(m.ForCommand(d, c))
		}
		if flags["write"] && !flags["deny-oom"] && len(e.Grows) > 0 {
			g := e.Grows[0]
			d := m.Diagnostic(c.FlagsArg, "%s adds data (%s) but is not flagged \"deny-oom\": it keeps growing memory past maxmemory; add \"deny-oom\"", label, g.What)
			d.Related = append(d.Related, m.Related(g.Node, "adds data here"))
			d.Category = inspect.CategoryNote
			pass.Report(m.ForCommand(d, c))
		}
	}
	return nil, nil
}

func first(lists ...[]effects.Site) effects.Site {
	for _, l := range lists {
		if len(l) > 0 {
			return l[0]
		}
	}
	return effects.Site{}
}
