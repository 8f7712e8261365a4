package driver

import (
	"os"
	"testing"

	"github.com/rmlint/rmlint/checks"
)

// TestMain lets the test binary serve as a worker process: tests and fuzz
// targets that isolate cc/v4 start os.Executable() with WorkerEnv set.
func TestMain(m *testing.M) {
	if os.Getenv(WorkerEnv) == "1" {
		out := os.NewFile(ResultFD, "results")
		if err := ServeWorker(os.Stdin, out, checks.Lookup); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}
