package driver

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A header that is a named pipe neither blocks the worker (the include
// pre-check reports it) nor the parent when it records the file's
// dependencies in the result cache, on the first run or the next.
func TestNamedPipeHeaderWithCache(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.h"), 0o644); err != nil {
		t.Skip(err)
	}
	src := filepath.Join(dir, "m.c")
	if err := os.WriteFile(src, []byte("#include \"pipe.h\"\nint x;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := workerConfig(t)
	cfg.CacheDir = filepath.Join(dir, "cache")
	for run := 1; run <= 2; run++ {
		done := make(chan []string, 1)
		go func() {
			res := Run(cfg, []string{src})
			var msgs []string
			for _, e := range res.Errors {
				msgs = append(msgs, e.Message)
			}
			done <- msgs
		}()
		select {
		case msgs := <-done:
			if len(msgs) != 1 || !strings.Contains(msgs[0], `include file "pipe.h" is not a regular file (a named pipe)`) {
				t.Errorf("run %d: errors %q", run, msgs)
			}
		case <-time.After(cfg.Timeout + 10*time.Second):
			t.Fatalf("run %d blocked on the named pipe", run)
		}
	}
}
