// Package driver runs rmlint's analyzers: it expands the paths it is given
// into C files, translates them (in parallel), groups them into modules,
// runs every enabled go/analysis Analyzer over each module and collects the
// diagnostics as findings.
package driver

import (
	"fmt"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/redisapi"
	"github.com/rmlint/rmlint/reports"
)

// Config configures one run.
type Config struct {
	Parse  cparse.Options
	Rules  []*inspect.Rule  // the rules to run
	Target redisapi.Version // zero: the newest release the API table knows
	Jobs   int              // files translated in parallel; 0: the number of CPUs
}

// Run analyses paths: files, directories (searched recursively for .c files)
// and compile_commands.json files. Problems with inputs are returned in
// Result.Errors; the other inputs are still analysed.
func Run(cfg Config, paths []string) *reports.Result {
	res := &reports.Result{}
	if cfg.Target.IsZero() {
		cfg.Target = redisapi.Newest()
	}
	jobs := cfg.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	files, errs := expand(paths, &cfg.Parse)
	res.Errors = append(res.Errors, errs...)

	// Translate.
	units := make([]*cparse.Unit, len(files))
	perr := make([]error, len(files))
	parallel(len(files), jobs, func(i int) {
		units[i], perr[i] = cparse.ParseFile(files[i].path, files[i].opts)
	})
	var ok []*cparse.Unit
	for i, u := range units {
		if perr[i] != nil {
			res.Errors = append(res.Errors, inputErrors(perr[i], files[i].path)...)
			continue
		}
		ok = append(ok, u)
	}

	// Analyse each module.
	mods := cparse.BuildModules(ok)
	fset := token.NewFileSet()
	files2 := inspect.NewFileMap(fset)
	for _, u := range ok {
		files2.Add(u.Path, u.Src)
	}
	findings := make([][]reports.Finding, len(mods))
	merrs := make([][]reports.InputError, len(mods))
	parallel(len(mods), jobs, func(i int) {
		findings[i], merrs[i] = analyse(cfg, mods[i], files2)
	})
	seen := map[string]bool{}
	for i := range mods {
		for _, f := range findings[i] {
			key := fmt.Sprintf("%s\x00%s\x00%d\x00%d\x00%s", f.Rule, f.Pos.File, f.Pos.Line, f.Pos.Col, f.Message)
			if !seen[key] {
				seen[key] = true
				res.Findings = append(res.Findings, f)
			}
		}
		res.Errors = append(res.Errors, merrs[i]...)
	}
	for _, r := range cfg.Rules {
		res.Rules = append(res.Rules, RuleInfo(r))
	}
	res.ReadFile = func(name string) ([]byte, error) {
		if b := files2.Content(name); b != nil {
			return b, nil
		}
		return os.ReadFile(name)
	}
	res.Sort()
	return res
}

// RuleInfo converts a rule's metadata for the writers.
func RuleInfo(r *inspect.Rule) reports.Rule {
	doc := r.Analyzer.Doc
	summary, rest, _ := strings.Cut(doc, "\n")
	summary = strings.TrimPrefix(strings.TrimSpace(summary), r.Name()+": ")
	return reports.Rule{
		Name:      r.Name(),
		Summary:   summary,
		Doc:       strings.TrimSpace(rest),
		Severity:  r.Severity,
		HelpURI:   r.Analyzer.URL,
		Tags:      r.Tags,
		Precision: r.Precision,
	}
}

func parallel(n, jobs int, fn func(i int)) {
	if jobs > n {
		jobs = n
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

type inputFile struct {
	path string
	opts *cparse.Options
}

// expand turns the command-line paths into the list of C files to analyse.
func expand(paths []string, opts *cparse.Options) ([]inputFile, []reports.InputError) {
	var files []inputFile
	var errs []reports.InputError
	seen := map[string]bool{}
	add := func(p string, o *cparse.Options) {
		p = filepath.Clean(p)
		key := p
		if a, err := filepath.Abs(p); err == nil {
			key = a
		}
		if !seen[key] {
			seen[key] = true
			files = append(files, inputFile{p, o})
		}
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, reports.InputError{Pos: reports.Position{File: p}, Message: describeStatErr(err)})
			continue
		}
		switch {
		case st.IsDir():
			var found int
			werr := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
				if err != nil {
					errs = append(errs, reports.InputError{Pos: reports.Position{File: path}, Message: describeStatErr(err)})
					if d != nil && d.IsDir() {
						return filepath.SkipDir
					}
					return nil
				}
				if d.IsDir() {
					if path != p && strings.HasPrefix(d.Name(), ".") {
						return filepath.SkipDir
					}
					return nil
				}
				if strings.HasSuffix(d.Name(), ".c") && d.Type().IsRegular() {
					found++
					add(path, opts)
				}
				return nil
			})
			if werr != nil {
				errs = append(errs, reports.InputError{Pos: reports.Position{File: p}, Message: werr.Error()})
			}
			if found == 0 {
				errs = append(errs, reports.InputError{Pos: reports.Position{File: p}, Message: "no .c files in this directory"})
			}
		case filepath.Base(p) == "compile_commands.json":
			list, err := cparse.CompileDBFiles(p)
			if err != nil {
				errs = append(errs, reports.InputError{Pos: reports.Position{File: p}, Message: strings.TrimPrefix(err.Error(), p+": error: ")})
				continue
			}
			o := *opts
			o.CompileCommands = p
			for _, f := range list {
				if strings.HasSuffix(f, ".c") {
					add(relIfPossible(f), &o)
				}
			}
		default:
			add(p, opts)
		}
	}
	return files, errs
}

func relIfPossible(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	if r, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return p
}

func describeStatErr(err error) string {
	var pe *fs.PathError
	if e, ok := err.(*fs.PathError); ok {
		pe = e
		return pe.Err.Error()
	}
	return err.Error()
}

func inputErrors(err error, path string) []reports.InputError {
	if list, ok := err.(cparse.ErrorList); ok {
		var r []reports.InputError
		for _, e := range list {
			r = append(r, reports.InputError{Pos: reports.Position{File: e.File, Line: e.Line, Col: e.Col}, Message: e.Msg})
		}
		return r
	}
	return []reports.InputError{{Pos: reports.Position{File: path}, Message: err.Error()}}
}

// analyse runs the enabled analyzers (and what they require) over one module.
func analyse(cfg Config, m *cparse.Module, files *inspect.FileMap) (out []reports.Finding, errs []reports.InputError) {
	src := &inspect.Source{Module: m, Target: cfg.Target, Files: files, Commands: &inspect.CommandTags{}}
	results := map[*analysis.Analyzer]any{inspect.Input: src}
	failed := map[*analysis.Analyzer]string{}
	severity := map[*analysis.Analyzer]reports.Severity{}
	for _, r := range cfg.Rules {
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
	for _, r := range cfg.Rules {
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
