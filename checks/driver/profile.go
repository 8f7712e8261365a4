package driver

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"sync"
	"time"
)

// ProfileEnv names a directory; when set, rmlint and each of its worker
// processes write a CPU profile there (<pid>.prof), for performance work:
//
//	RMLINT_CPUPROFILE=/tmp/prof rmlint ... && go tool pprof -top rmlint /tmp/prof/*.prof
const ProfileEnv = "RMLINT_CPUPROFILE"

// StartProfile starts this process's CPU profile if ProfileEnv asks for one
// and returns the function that ends it.
func StartProfile() (stop func()) {
	dir := os.Getenv(ProfileEnv)
	if dir == "" {
		return func() {}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(os.Stderr, "rmlint: %s: %v\n", ProfileEnv, err)
		return func() {}
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("%d.prof", os.Getpid())))
	if err != nil {
		fmt.Fprintf(os.Stderr, "rmlint: %s: %v\n", ProfileEnv, err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		fmt.Fprintf(os.Stderr, "rmlint: %s: %v\n", ProfileEnv, err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// TraceEnv names a file; when set, rmlint and each of its worker processes
// append a timeline to it, a line per event: microseconds since the epoch,
// process id, event (run, batches, worker, parse FILE, analyse MODULE,
// batch-done, closed, exit). It shows where a run's wall time goes, which a
// CPU profile does not: waiting, start-up, an unbalanced last batch.
//
//	RMLINT_TRACE=/tmp/trace rmlint ... && sort -n /tmp/trace
const TraceEnv = "RMLINT_TRACE"

var traceOut = sync.OnceValue(openTrace)

func openTrace() *os.File {
	name := os.Getenv(TraceEnv)
	if name == "" {
		return nil
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		fmt.Fprintf(os.Stderr, "rmlint: %s: %v\n", TraceEnv, err)
		return nil
	}
	return f
}

// Trace records an event in the TraceEnv timeline, if one is asked for.
// One write per line (O_APPEND), so the processes' lines do not mix.
func Trace(event string, detail ...string) {
	f := traceOut()
	if f == nil {
		return
	}
	line := strconv.FormatInt(time.Now().UnixMicro(), 10) + " " + strconv.Itoa(os.Getpid()) + " " + event
	for _, d := range detail {
		line += " " + d
	}
	f.WriteString(line + "\n")
}
