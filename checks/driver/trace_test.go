package driver

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// RMLINT_TRACE: the parent and its workers write one timeline, with every
// file's translation and every module's analysis in it.
func TestTraceTimeline(t *testing.T) {
	name := filepath.Join(t.TempDir(), "trace")
	t.Setenv(TraceEnv, name)
	traceOut = sync.OnceValue(openTrace)
	defer func() {
		if f := traceOut(); f != nil {
			f.Close()
		}
		traceOut = sync.OnceValue(openTrace)
	}()

	cfg := workerConfig(t)
	cfg.Jobs = 2
	files := []string{"../../testdata/examples/helloworld.c", "../../testdata/examples/counter.c"}
	Run(cfg, files)

	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	events := map[string]map[string]bool{} // event -> pids
	parse := map[string]bool{}
	last := map[string]int64{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 {
			t.Fatalf("line %q: want time, pid, event", line)
		}
		us, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		if us < last[f[1]] {
			t.Errorf("line %q: time goes back in process %s", line, f[1])
		}
		last[f[1]] = us
		if events[f[2]] == nil {
			events[f[2]] = map[string]bool{}
		}
		events[f[2]][f[1]] = true
		if f[2] == "parse" && len(f) > 3 {
			parse[filepath.Base(f[3])] = true
		}
	}
	self := strconv.Itoa(os.Getpid())
	for _, ev := range []string{"run", "batches", "closed"} {
		if !events[ev][self] {
			t.Errorf("no %q event from the parent:\n%s", ev, data)
		}
	}
	for _, ev := range []string{"worker", "parse", "analyse", "batch-done"} {
		if len(events[ev]) == 0 || events[ev][self] {
			t.Errorf("want %q events from the workers only, got pids %v:\n%s", ev, events[ev], data)
		}
	}
	if !parse["helloworld.c"] || !parse["counter.c"] {
		t.Errorf("files translated: %v, want both:\n%s", parse, data)
	}
}
