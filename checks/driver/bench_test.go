package driver

import (
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rmlint/rmlint/checks"
	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/redisapi"
)

// The benchmarks measure the pipeline's stages on the module guide's
// examples, or on the files RMLINT_BENCH_FILES names (a space-separated
// list of globs) with the include directories of RMLINT_BENCH_INCLUDE
// (colon-separated), e.g. Redis's own modules:
//
//	RMLINT_BENCH_FILES='/src/redis/src/modules/*.c /src/redis/tests/modules/*.c' \
//	RMLINT_BENCH_INCLUDE=/src/redis/src go test -run '^$' -bench . ./checks/driver
//
// scripts/bench.sh times the whole command against gcc.

func benchInputs(b *testing.B) ([]string, cparse.Options) {
	b.Helper()
	globs := strings.Fields(os.Getenv("RMLINT_BENCH_FILES"))
	if len(globs) == 0 {
		globs = []string{"../../testdata/examples/*.c"}
	}
	var files []string
	for _, g := range globs {
		m, err := filepath.Glob(g)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		b.Skip("no files")
	}
	opts := cparse.Options{NoCompileCommands: true}
	if inc := os.Getenv("RMLINT_BENCH_INCLUDE"); inc != "" {
		opts.IncludePaths = filepath.SplitList(inc)
	}
	return files, opts
}

func parseAll(b *testing.B, files []string, opts cparse.Options) []*cparse.Unit {
	var units []*cparse.Unit
	for _, f := range files {
		u, err := cparse.ParseFile(f, &opts)
		if err != nil {
			b.Fatalf("%s: %v", f, err)
		}
		units = append(units, u)
	}
	return units
}

// BenchmarkParse: cc/v4 translation and the unit index, one file after
// another.
func BenchmarkParse(b *testing.B) {
	files, opts := benchInputs(b)
	parseAll(b, files[:1], opts) // the host configuration, once
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		parseAll(b, files, opts)
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*len(files)), "ms/file")
}

// BenchmarkModel: grouping translated files into modules.
func BenchmarkModel(b *testing.B) {
	files, opts := benchInputs(b)
	units := parseAll(b, files, opts)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cparse.BuildModules(units)
	}
}

// BenchmarkAnalysis: every rule over every module (fresh units each time,
// since analyzers cache per-function data on the model).
func BenchmarkAnalysis(b *testing.B) {
	files, opts := benchInputs(b)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		units := parseAll(b, files, opts)
		mods := cparse.BuildModules(units)
		fm := inspect.NewFileMap(tokenFileSet())
		for _, u := range units {
			fm.Add(u.Path, u.Src)
		}
		b.StartTimer()
		for _, m := range mods {
			analyse(checks.All, latest(), m, fm)
		}
	}
}

// BenchmarkRun: the whole driver in-process, without and with the cache.
func BenchmarkRun(b *testing.B) {
	files, opts := benchInputs(b)
	b.Run("cold", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			Run(Config{Parse: opts, Rules: checks.All}, files)
		}
	})
	b.Run("warm", func(b *testing.B) {
		dir := b.TempDir()
		Run(Config{Parse: opts, Rules: checks.All, CacheDir: dir}, files)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			st := &Stats{}
			Run(Config{Parse: opts, Rules: checks.All, CacheDir: dir, Stats: st}, files)
			if st.Translated != 0 {
				b.Fatalf("warm run translated %d files", st.Translated)
			}
		}
	})
}

func tokenFileSet() *token.FileSet { return token.NewFileSet() }

func latest() redisapi.Version { return redisapi.Newest() }
