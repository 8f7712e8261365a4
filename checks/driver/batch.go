package driver

import (
	"fmt"
	"go/token"

	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/redisapi"
	"github.com/rmlint/rmlint/reports"
)

// A batch is a set of files that is translated and analysed together, in one
// worker process (or in-process): the files that may form modules together.
// Everything that crosses a process boundary is plain data (JSON).

// batchFile is one file of a batch, with the content the parent read.
type batchFile struct {
	Path string
	Src  []byte
	Opts cparse.Options
}

// batchRequest asks for the findings of a batch.
type batchRequest struct {
	Files  []batchFile
	Rules  []string // rule names (a worker looks them up)
	Target redisapi.Version
	// SkipFiles and SkipModules are files and modules that made an earlier
	// attempt crash or time out; they are left out.
	SkipFiles   []string
	SkipModules []string
	// Limits applied by a worker process (bytes; 0: none).
	MemoryLimit int64
	MaxStack    int64
}

// fileResult is what translating one file gave: errors, or the summary
// BuildModules links files by.
type fileResult struct {
	Path   string
	Errors []reports.InputError `json:",omitempty"`
	OK     bool
	OnLoad bool     `json:",omitempty"` // defines RedisModule_OnLoad
	Defs   []string `json:",omitempty"` // functions with external linkage it defines
	Refs   []string `json:",omitempty"` // functions it references and does not define
	Deps   cparse.Deps
}

// moduleResult is what the analysers found in one module.
type moduleResult struct {
	Name     string
	Files    []string
	Findings []reports.Finding    `json:",omitempty"`
	Errors   []reports.InputError `json:",omitempty"`
}

type batchResult struct {
	Files   []fileResult
	Modules []moduleResult
}

// progress is told what a batch is working on, so that the parent knows
// which file or module to blame when a worker dies or runs out of time.
type progress struct {
	Parse   string `json:",omitempty"` // translating this file
	Analyse string `json:",omitempty"` // analysing the module of this name
}

// runBatch translates and analyses a batch in this process. Translation
// results other than the module's analysis results are dropped when it
// returns: no AST outlives its batch.
func runBatch(req *batchRequest, rules []*inspect.Rule, report func(progress)) *batchResult {
	skipFile := map[string]bool{}
	for _, p := range req.SkipFiles {
		skipFile[p] = true
	}
	skipMod := map[string]bool{}
	for _, m := range req.SkipModules {
		skipMod[m] = true
	}
	res := &batchResult{}
	var units []*cparse.Unit
	fset := token.NewFileSet()
	files := inspect.NewFileMap(fset)
	for i := range req.Files {
		f := &req.Files[i]
		if skipFile[f.Path] {
			continue
		}
		report(progress{Parse: f.Path})
		Trace("parse", f.Path)
		u, deps, err := cparse.ParseSourceDeps(f.Path, f.Src, &f.Opts)
		fr := fileResult{Path: f.Path, Deps: deps}
		if err != nil {
			fr.Errors = inputErrors(err, f.Path)
		} else {
			fr.OK = true
			for _, fn := range u.Funcs {
				if fn.Name == cparse.OnLoadName {
					fr.OnLoad = true
				}
				if !fn.Static {
					fr.Defs = append(fr.Defs, fn.Name)
				}
			}
			fr.Refs = u.ExternalRefs()
			units = append(units, u)
			files.Add(u.Path, u.Src)
		}
		res.Files = append(res.Files, fr)
	}
	for _, m := range cparse.BuildModules(units) {
		mr := moduleResult{Name: m.Name}
		for _, u := range m.Units {
			mr.Files = append(mr.Files, u.Path)
		}
		if skipMod[m.Name] {
			continue
		}
		report(progress{Analyse: m.Name})
		Trace("analyse", m.Name)
		mr.Findings, mr.Errors = analyse(rules, req.Target, m, files)
		res.Modules = append(res.Modules, mr)
	}
	Trace("batch-done")
	return res
}

// ruleNames lists the names of rules for a worker.
func ruleNames(rules []*inspect.Rule) []string {
	var r []string
	for _, x := range rules {
		r = append(r, x.Name())
	}
	return r
}

// lookupRules finds rules by name.
func lookupRules(names []string, lookup func(string) *inspect.Rule) ([]*inspect.Rule, error) {
	var r []*inspect.Rule
	for _, n := range names {
		x := lookup(n)
		if x == nil {
			return nil, fmt.Errorf("unknown rule %q", n)
		}
		r = append(r, x)
	}
	return r, nil
}
