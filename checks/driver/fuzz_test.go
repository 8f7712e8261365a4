package driver

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rmlint/rmlint/checks"
	"github.com/rmlint/rmlint/cparse"
)

func seedFiles(f *testing.F, globs ...string) {
	for _, g := range globs {
		m, _ := filepath.Glob(g)
		for _, p := range m {
			if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
				f.Add(b)
			}
		}
	}
}

var fuzzSeeds = []string{"../../testdata/badinput/*.c", "../../testdata/examples/*.c", "../*/testdata/*.c", "testdata/*/*.c"}

// FuzzScanLexical: the lexical scan the batching predicts modules with
// never panics.
func FuzzScanLexical(f *testing.F) {
	seedFiles(f, fuzzSeeds...)
	f.Fuzz(func(t *testing.T, src []byte) {
		s := scanLexical(src)
		predictBatches([]lexSummary{s, s})
	})
}

// FuzzRun: the whole driver, with cc/v4 isolated in worker processes (this
// test binary, see TestMain) under tight limits, on arbitrary file content
// next to a good module. Whatever the input, the run ends in bounded time,
// every input error names a file, the good module is still analysed, and
// nothing is left running.
func FuzzRun(f *testing.F) {
	// Each input starts worker processes: few seeds keep `go test` quick.
	seedFiles(f, "../../testdata/badinput/*.c", "../../testdata/examples/*.c")
	exe, err := os.Executable()
	if err != nil {
		f.Skip(err)
	}
	dir := f.TempDir()
	good := filepath.Join(dir, "good.c")
	goodSrc, err := os.ReadFile("../cmdflags/testdata/bad.c")
	if err != nil {
		f.Fatal(err)
	}
	if err := os.WriteFile(good, goodSrc, 0o644); err != nil {
		f.Fatal(err)
	}
	const timeout = 3 * time.Second
	f.Fuzz(func(t *testing.T, src []byte) {
		path := filepath.Join(dir, "fuzz.c")
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		cfg := Config{
			Parse:       cparse.Options{NoCompileCommands: true},
			Rules:       checks.All,
			Worker:      []string{exe},
			Timeout:     timeout,
			MemoryLimit: 256 << 20,
			Jobs:        2,
		}
		start := time.Now()
		res := Run(cfg, []string{good, path})
		if d := time.Since(start); d > 4*timeout+20*time.Second {
			t.Fatalf("run took %v", d)
		}
		for _, e := range res.Errors {
			if e.Pos.File == "" || e.Message == "" {
				t.Fatalf("input error without a file or message: %+v", e)
			}
			if e.Pos.File == good && !strings.Contains(e.Message, "internal error") {
				t.Fatalf("the good file failed: %v", e)
			}
			if strings.Contains(e.Message, "internal error in rule") || strings.Contains(e.Message, "analysing the module") {
				t.Fatalf("an analyzer failed on this input: %v", e)
			}
		}
		n := 0
		for _, x := range res.Findings {
			if x.Pos.File == good {
				n++
			}
		}
		if n == 0 {
			t.Fatalf("the good module was not analysed; errors: %v", res.Errors)
		}
	})
}
