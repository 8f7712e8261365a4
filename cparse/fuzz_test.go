package cparse

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// seedFiles adds C files from the repository's testdata as fuzz seeds.
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

// FuzzPrecheck: the include pre-check (a hand-written scanner that sees
// every input before cc/v4 does) never panics or hangs, and every error it
// reports has a position in a file.
func FuzzPrecheck(f *testing.F) {
	seedFiles(f, "../testdata/badinput/*.c", "../testdata/examples/*.c", "testdata/*/*.c", "../checks/*/testdata/*.c")
	f.Add([]byte("#include \"fuzz.c\"\n"))
	f.Add([]byte("#if 1\n#include <nope.h>\n#endif\n#include \"a\\\n.h\"\n/* #include \"x.h\" */ \"#include\"\n"))
	dir := f.TempDir()
	opts := &Options{NoCompileCommands: true}
	f.Fuzz(func(t *testing.T, src []byte) {
		path := filepath.Join(dir, "fuzz.c")
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, ff, err := opts.config(path)
		if err != nil {
			t.Skip(err)
		}
		done := make(chan ErrorList, 1)
		go func() { done <- checkIncludes(path, src, cfg, ff, ff.deps) }()
		select {
		case errs := <-done:
			for _, e := range errs {
				if e.File == "" || e.Line <= 0 || e.Col <= 0 || e.Msg == "" {
					t.Fatalf("error without a position: %+v", e)
				}
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the include pre-check hangs")
		}
		if len(src) < 4096 {
			scanDirectives(src)
		}
	})
}

// FuzzSlimHeader: slimming and compacting a header (done to every
// redismodule.h and system header before cc/v4 reads it) never panics and
// never adds lines.
func FuzzSlimHeader(f *testing.F) {
	seedFiles(f, "../testdata/badinput/*.c", "../testdata/examples/*.c", "testdata/*/*.c")
	f.Add([]byte(slimSample))
	f.Add([]byte(slimSystemSample))
	f.Add([]byte("extern int f(int /* unterminated\n"))
	f.Add([]byte("#define X \"unterminated\nextern int g(void);\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		used := map[string]bool{"used": true}
		out := slimHeader("fuzz/redismodule.h", src, used, true)
		if len(out) > len(src) || bytes.Count(out, []byte("\n")) > bytes.Count(src, []byte("\n")) {
			t.Fatalf("redismodule.h slimmed to %d bytes from %d, or more lines", len(out), len(src))
		}
		sys := slimHeader("fuzz/sys.h", src, used, false)
		if bytes.Count(sys, []byte("\n")) > bytes.Count(src, []byte("\n")) {
			t.Fatal("a compacted header has more lines")
		}
		text, offs := compactHeader(src)
		if len(offs) != len(src)+1 || offs[len(src)] != len(text) {
			t.Fatal("bad offsets")
		}
		for i := 1; i < len(offs); i++ {
			if offs[i] < offs[i-1] || offs[i] > len(text) {
				t.Fatalf("offsets not increasing at %d", i)
			}
		}
	})
}
