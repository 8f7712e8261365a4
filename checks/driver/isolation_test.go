package driver

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rmlint/rmlint/checks"
	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/checks/replycount"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/reports"
)

func workerConfig(t testing.TB, rules ...*inspect.Rule) Config {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	if len(rules) == 0 {
		rules = checks.All
	}
	return Config{
		Parse:       cparse.Options{NoCompileCommands: true},
		Rules:       rules,
		Worker:      []string{exe},
		Timeout:     5 * time.Second,
		MemoryLimit: 512 << 20,
	}
}

func findingKeys(fs []reports.Finding) []string {
	var r []string
	for _, f := range fs {
		r = append(r, f.Pos.String()+" "+f.Rule+" "+f.Message)
	}
	return r
}

// A file that makes cc/v4 allocate without end costs its worker; the other
// files of the run, and of the same batch, are still analysed.
func TestWorkerFailureIsReportedAndOthersRun(t *testing.T) {
	dir := t.TempDir()
	// Both files in one directory and linked by name, so that they share a
	// batch: the retry without the bad file must still analyse the good one.
	bad := filepath.Join(dir, "bad.c")
	os.WriteFile(bad, []byte("#define E enum\nint helper(void) { return 1; }\nE"), 0o644)
	good := filepath.Join(dir, "good.c")
	src, err := os.ReadFile("../cmdflags/testdata/bad.c")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(good, append(src, []byte("\nint helper(void);\nint use(void) { return helper(); }\n")...), 0o644)

	cfg := workerConfig(t)
	cfg.MemoryLimit = 256 << 20
	st := &Stats{}
	cfg.Stats = st
	start := time.Now()
	res := Run(cfg, []string{bad, good})
	if d := time.Since(start); d > cfg.Timeout+20*time.Second {
		t.Errorf("took %v", d)
	}
	if len(res.Errors) != 1 || res.Errors[0].Pos.File != bad || !strings.Contains(res.Errors[0].Message, "translating this file") {
		t.Fatalf("errors: %+v", res.Errors)
	}
	n := 0
	for _, f := range res.Findings {
		if f.Pos.File == good && f.Rule == "cmdflags" {
			n++
		}
	}
	if n == 0 {
		t.Fatalf("good.c was not analysed: %+v", res.Findings)
	}
	if st.WorkerFailure != 1 {
		t.Errorf("stats: %+v", st)
	}
}

// The lexical prediction misses a function defined through a macro; the
// driver notices after translation and analyses the two files as one
// module, in-process and in workers alike.
func TestMispredictedModuleIsRegrouped(t *testing.T) {
	for _, isolated := range []bool{false, true} {
		cfg := Config{Rules: []*inspect.Rule{replycount.Rule}, Parse: cparse.Options{NoCompileCommands: true}}
		if isolated {
			cfg = workerConfig(t, replycount.Rule)
		}
		st := &Stats{}
		cfg.Stats = st
		res := Run(cfg, []string{"testdata/macrodef"})
		if len(res.Errors) != 0 {
			t.Fatalf("errors: %+v", res.Errors)
		}
		if len(res.Findings) != 1 || res.Findings[0].Pos.File != "testdata/macrodef/lib.c" || res.Findings[0].Pos.Line != 12 {
			t.Fatalf("isolated=%v: findings %+v", isolated, findingKeys(res.Findings))
		}
		if st.Rerun != 1 || st.Batches != 1 {
			t.Errorf("isolated=%v: stats %+v, want one rerun into one batch", isolated, st)
		}
	}
}

// Workers give the same findings as the in-process driver.
func TestWorkersMatchInProcess(t *testing.T) {
	paths := []string{"../../testdata/examples", "../../cparse/testdata/twomods", "../../cparse/testdata/multi", "testdata/shared"}
	in := Run(Config{Rules: checks.All, Parse: cparse.Options{NoCompileCommands: true}}, paths)
	cfg := workerConfig(t)
	cfg.Jobs = 2
	out := Run(cfg, paths)
	if !reflect.DeepEqual(findingKeys(in.Findings), findingKeys(out.Findings)) || len(in.Errors) != len(out.Errors) {
		t.Fatalf("in-process:\n%s\nworkers:\n%s\nerrors %v / %v", strings.Join(findingKeys(in.Findings), "\n"), strings.Join(findingKeys(out.Findings), "\n"), in.Errors, out.Errors)
	}
	if len(in.Findings) == 0 {
		t.Fatal("no findings at all")
	}
}

func TestCache(t *testing.T) {
	dir := t.TempDir()
	cacheDir := filepath.Join(dir, "cache")
	src := filepath.Join(dir, "src")
	os.MkdirAll(filepath.Join(src, "inc"), 0o755)
	mod, err := os.ReadFile("../cmdflags/testdata/bad.c")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(src, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("mod.c", "#include \"extra.h\"\n"+string(mod))
	write("inc/extra.h", "#define EXTRA 1\n")
	write("other.c", "int other(void) { return 2; }\n")

	run := func() (*reports.Result, *Stats) {
		st := &Stats{}
		cfg := Config{Rules: checks.All, Parse: cparse.Options{NoCompileCommands: true, IncludePaths: []string{filepath.Join(src, "inc")}}, CacheDir: cacheDir, Stats: st}
		return Run(cfg, []string{src}), st
	}
	cold, st := run()
	if st.Translated != 2 || st.CacheHits != 0 {
		t.Fatalf("cold: %+v", st)
	}
	warm, st := run()
	if st.Translated != 0 || st.CacheHits != 2 {
		t.Fatalf("warm: %+v", st)
	}
	if !reflect.DeepEqual(findingKeys(cold.Findings), findingKeys(warm.Findings)) || len(cold.Findings) == 0 {
		t.Fatalf("cold %v\nwarm %v", findingKeys(cold.Findings), findingKeys(warm.Findings))
	}

	// A header changes: only the file that includes it is translated again.
	write("inc/extra.h", "#define EXTRA 2\n")
	_, st = run()
	if st.Translated != 1 || st.CacheHits != 1 {
		t.Fatalf("after a header change: %+v", st)
	}
	// A header appears earlier on the search path (the file's own
	// directory comes first for "..." includes): the include now resolves
	// elsewhere, so the entry is stale.
	write("extra.h", "#define EXTRA 3\n")
	_, st = run()
	if st.Translated != 1 {
		t.Fatalf("after a header was created earlier on the path: %+v", st)
	}
	// The file itself changes.
	write("other.c", "int other(void) { return 3; }\n")
	_, st = run()
	if st.Translated != 1 || st.CacheHits != 1 {
		t.Fatalf("after a source change: %+v", st)
	}
	// Different rules: a different key.
	st2 := &Stats{}
	Run(Config{Rules: []*inspect.Rule{replycount.Rule}, Parse: cparse.Options{NoCompileCommands: true, IncludePaths: []string{filepath.Join(src, "inc")}}, CacheDir: cacheDir, Stats: st2}, []string{src})
	if st2.CacheHits != 0 {
		t.Fatalf("other rules hit the cache: %+v", st2)
	}
}
