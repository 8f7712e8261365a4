package driver

import (
	"fmt"
	"go/token"
	"go/types"
	"os"
	"runtime/debug"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/redisapi"
	"github.com/rmlint/rmlint/reports"
)

// analyse runs the enabled analyzers (and what they require) over one module.
func analyse(rules []*inspect.Rule, target redisapi.Version, m *cparse.Module, files *inspect.FileMap) (out []reports.Finding, errs []reports.InputError) {
	src := &inspect.Source{Module: m, Target: target, Files: files, Commands: &inspect.CommandTags{}}
	results := map[*analysis.Analyzer]any{inspect.Input: src}
	failed := map[*analysis.Analyzer]string{}
	severity := map[*analysis.Analyzer]reports.Severity{}
	for _, r := range rules {
		severity[r.Analyzer] = r.Severity
	}
	var order []*analysis.Analyzer
	visited := map[*analysis.Analyzer]bool{inspect.Input: true}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if visited[a] {
			return
		}
		visited[a] = true
		for _, req := range a.Requires {
			visit(req)
		}
		order = append(order, a)
	}
	for _, r := range rules {
		visit(r.Analyzer)
	}
	for _, a := range order {
		var missing string
		for _, req := range a.Requires {
			if why, bad := failed[req]; bad {
				missing = fmt.Sprintf("%s (needed by %s) failed: %s", req.Name, a.Name, why)
			}
		}
		if missing != "" {
			failed[a] = missing
			continue
		}
		var diags []analysis.Diagnostic
		pass := &analysis.Pass{
			Analyzer:          a,
			Fset:              files.Fset,
			OtherFiles:        unitPaths(m),
			ResultOf:          map[*analysis.Analyzer]any{},
			Report:            func(d analysis.Diagnostic) { diags = append(diags, d) },
			ReadFile:          os.ReadFile,
			ImportObjectFact:  func(types.Object, analysis.Fact) bool { return false },
			ExportObjectFact:  func(types.Object, analysis.Fact) {},
			ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
			ExportPackageFact: func(analysis.Fact) {},
			AllObjectFacts:    func() []analysis.ObjectFact { return nil },
			AllPackageFacts:   func() []analysis.PackageFact { return nil },
		}
		for _, req := range a.Requires {
			pass.ResultOf[req] = results[req]
		}
		res, err := runOne(pass)
		if err != nil {
			failed[a] = err.Error()
			errs = append(errs, reports.InputError{Pos: reports.Position{File: m.Name}, Message: fmt.Sprintf("internal error in rule %s: %v", a.Name, err)})
			continue
		}
		results[a] = res
		sev, isRule := severity[a]
		if !isRule {
			continue
		}
		for _, d := range diags {
			f := toFinding(files.Fset, a.Name, sev, d)
			f.Command = src.Commands.Lookup(d)
			out = append(out, f)
		}
	}
	return out, errs
}

func unitPaths(m *cparse.Module) []string {
	var r []string
	for _, u := range m.Units {
		r = append(r, u.Path)
	}
	sort.Strings(r)
	return r
}

// runOne runs one analyzer, turning a panic into an error so that the other
// analyzers and modules still run.
func runOne(pass *analysis.Pass) (res any, err error) {
	defer func() {
		if r := recover(); r != nil {
			stack := strings.Split(string(debug.Stack()), "\n")
			if len(stack) > 16 {
				stack = stack[:16]
			}
			err = fmt.Errorf("panic: %v\n%s", r, strings.Join(stack, "\n"))
		}
	}()
	return pass.Analyzer.Run(pass)
}

func toFinding(fset *token.FileSet, rule string, sev reports.Severity, d analysis.Diagnostic) reports.Finding {
	f := reports.Finding{Rule: rule, Severity: sev, Message: d.Message, Pos: position(fset, d.Pos, d.End)}
	switch d.Category {
	case inspect.CategoryError:
		f.Severity = reports.SeverityError
	case inspect.CategoryWarning:
		f.Severity = reports.SeverityWarning
	case inspect.CategoryNote:
		f.Severity = reports.SeverityNote
	}
	for _, r := range d.Related {
		f.Related = append(f.Related, reports.Related{Pos: position(fset, r.Pos, r.End), Message: r.Message})
	}
	for _, fx := range d.SuggestedFixes {
		fix := reports.Fix{Message: fx.Message}
		for _, e := range fx.TextEdits {
			fix.Edits = append(fix.Edits, reports.Edit{Pos: position(fset, e.Pos, e.End), NewText: string(e.NewText)})
		}
		f.Fixes = append(f.Fixes, fix)
	}
	return f
}

func position(fset *token.FileSet, pos, end token.Pos) reports.Position {
	if !pos.IsValid() {
		return reports.Position{}
	}
	p := fset.PositionFor(pos, false)
	r := reports.Position{File: p.Filename, Line: p.Line, Col: p.Column, Offset: p.Offset}
	if end.IsValid() && end >= pos {
		e := fset.PositionFor(end, false)
		r.EndLine, r.EndCol, r.EndOffset = e.Line, e.Column, e.Offset
	}
	return r
}
