// Package driver runs rmlint's analyzers: it expands the paths it is given
// into C files, groups them into batches of files that may form modules
// together, translates and analyses each batch (in parallel, each in an
// isolated worker process when Config.Worker is set), checks the grouping
// against what translation found, and collects the diagnostics as findings.
//
// Isolation: cc/v4 can overflow the Go stack, loop forever or allocate
// without end on some inputs (shared/CC_V4_NOTES.md §5). Such failures
// cannot be recovered in-process, so the command line runs each batch in a
// worker process (rmlint itself, re-executed) with a wall-clock limit per
// file and per module (Config.Timeout) and a memory limit
// (Config.MemoryLimit). A file that makes a worker crash, time out or run
// out of memory is reported as an input error and the batch is run again
// without it; every other file is still analysed.
//
// Caching: with Config.CacheDir set, a batch's results are stored under a
// key of rmlint's binary, the rules and target, and each file's path, flags
// and content; the entry lists every header the translation read (and every
// path it probed in vain), and is used only while all of them are
// unchanged. A warm run over an unchanged tree translates nothing.
package driver

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/internal/par"
	"github.com/rmlint/rmlint/redisapi"
	"github.com/rmlint/rmlint/reports"
)

// Defaults of the worker limits.
const (
	DefaultTimeout     = 30 * time.Second
	DefaultMemoryLimit = 2 << 30
	// MaxFileSize is the largest C file rmlint reads; real module sources
	// are well below a megabyte.
	MaxFileSize = 4 << 20
)

// Config configures one run.
type Config struct {
	Parse  cparse.Options
	Rules  []*inspect.Rule  // the rules to run
	Target redisapi.Version // zero: the newest release the API table knows
	Jobs   int              // batches analysed in parallel; 0: the number of CPUs

	// Worker is the command line that starts a worker process (one that
	// calls ServeWorker). Empty: batches run in this process, without
	// isolation or limits. A worker finds the rules by name, so with a
	// worker every rule must be one the worker's lookup knows.
	Worker []string
	// Timeout limits, in a worker, the translation of each file and the
	// analysis of each module; 0: DefaultTimeout.
	Timeout time.Duration
	// MemoryLimit limits a worker process's memory in bytes; 0:
	// DefaultMemoryLimit.
	MemoryLimit int64

	// CacheDir is the result cache's directory; empty: no cache.
	CacheDir string
	// CacheSalt is mixed into every cache key (rmlint's version); the
	// driver adds a hash of the running executable itself.
	CacheSalt string

	// Stats, when not nil, receives counters of the run (for benchmarks
	// and tests).
	Stats *Stats
}

// Stats counts what a run did.
type Stats struct {
	Files         int // C files analysed
	Batches       int // batches after the final grouping
	CacheHits     int // batches taken from the cache
	Translated    int // translations run (files, counting reruns)
	Rerun         int // batches run again because the predicted grouping was wrong
	WorkerFailure int // worker crashes, timeouts and memory overruns
}

// Run analyses paths: files, directories (searched recursively for .c files)
// and compile_commands.json files. Problems with inputs are returned in
// Result.Errors; the other inputs are still analysed.
func Run(cfg Config, paths []string) *reports.Result {
	res := &reports.Result{}
	if cfg.Target.IsZero() {
		cfg.Target = redisapi.Newest()
	}
	if cfg.Jobs <= 0 {
		cfg.Jobs = runtime.NumCPU()
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MemoryLimit <= 0 {
		cfg.MemoryLimit = DefaultMemoryLimit
	}
	if cfg.Stats == nil {
		cfg.Stats = &Stats{}
	}
	Trace("run")
	files, errs := expand(paths, &cfg.Parse)
	res.Errors = append(res.Errors, errs...)

	// Read every file and scan it lexically (cheap: no cc/v4).
	type read struct {
		src []byte
		lex lexSummary
		err *reports.InputError
	}
	reads := make([]read, len(files))
	par.Do(len(files), cfg.Jobs, func(i int) {
		src, err := readSource(files[i].path)
		if err != nil {
			reads[i].err = err
			return
		}
		reads[i].src = src
		reads[i].lex = scanLexical(src)
	})
	var inputs []*input
	var lex []lexSummary
	contents := map[string][]byte{}
	for i, f := range files {
		if reads[i].err != nil {
			res.Errors = append(res.Errors, *reads[i].err)
			continue
		}
		inputs = append(inputs, &input{path: f.path, opts: f.opts, src: reads[i].src})
		lex = append(lex, reads[i].lex)
		contents[f.path] = reads[i].src
	}
	cfg.Stats.Files = len(inputs)

	r := newRunner(&cfg, inputs)
	defer r.close()
	if cfg.CacheDir != "" {
		if err := r.openCache(); err != nil {
			fmt.Fprintf(os.Stderr, "rmlint: warning: result cache disabled: %v\n", err)
		}
	}
	Trace("batches")
	results := r.run(predictBatches(lex))

	seen := map[string]bool{}
	for _, br := range results {
		for _, f := range br.Files {
			res.Errors = append(res.Errors, f.Errors...)
		}
		for _, m := range br.Modules {
			for _, f := range m.Findings {
				key := fmt.Sprintf("%s\x00%s\x00%d\x00%d\x00%s", f.Rule, f.Pos.File, f.Pos.Line, f.Pos.Col, f.Message)
				if !seen[key] {
					seen[key] = true
					res.Findings = append(res.Findings, f)
				}
			}
			res.Errors = append(res.Errors, m.Errors...)
		}
	}
	for _, r := range cfg.Rules {
		res.Rules = append(res.Rules, RuleInfo(r))
	}
	res.ReadFile = func(name string) ([]byte, error) {
		if b := contents[name]; b != nil {
			return b, nil
		}
		// Never block on a FIFO or read a device for a source excerpt.
		b, ierr := readSource(name)
		if ierr != nil {
			return nil, errors.New(ierr.Message)
		}
		return b, nil
	}
	res.Sort()
	return res
}

// input is one C file to analyse.
type input struct {
	path string
	opts *cparse.Options
	src  []byte
}

// readSource reads a C file named on the command line or found in a
// directory, refusing what is no regular file (a FIFO would block the read
// forever) or too large.
func readSource(path string) ([]byte, *reports.InputError) {
	fail := func(msg string) *reports.InputError {
		return &reports.InputError{Pos: reports.Position{File: path}, Message: msg}
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fail(describeStatErr(err))
	}
	if !st.Mode().IsRegular() {
		return nil, fail(fmt.Sprintf("not a regular file (%s): not C source", cparse.FileKind(st.Mode())))
	}
	if st.Size() > MaxFileSize {
		return nil, fail(fmt.Sprintf("file too large (%d MB; rmlint reads C files up to %d MB)", st.Size()>>20, MaxFileSize>>20))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fail("cannot read file: " + describeStatErr(err))
	}
	defer f.Close()
	buf := make([]byte, 0, st.Size()+1)
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err != nil {
			break
		}
		if len(buf) == cap(buf) {
			if len(buf) > MaxFileSize {
				return nil, fail(fmt.Sprintf("file too large (over %d MB)", MaxFileSize>>20))
			}
			buf = append(buf, 0)[:len(buf)]
		}
	}
	return buf, nil
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

type inputFile struct {
	path string
	opts *cparse.Options
}

// expand turns the command-line paths into the list of C files to analyse
// (see cparse.ExpandPaths).
func expand(paths []string, opts *cparse.Options) ([]inputFile, []reports.InputError) {
	ins, errs := cparse.ExpandPaths(paths, opts)
	files := make([]inputFile, len(ins))
	for i, in := range ins {
		files[i] = inputFile{in.Path, in.Opts}
	}
	var r []reports.InputError
	for _, e := range errs {
		r = append(r, reports.InputError{Pos: reports.Position{File: e.File, Line: e.Line, Col: e.Col}, Message: e.Msg})
	}
	return files, r
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
