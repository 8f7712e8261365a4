package main

import (
	"os"
	"testing"

	"github.com/rmlint/rmlint/checks/driver"
)

// TestMain lets the test binary serve as rmlint's worker: the driver
// re-executes os.Executable() (here, the test binary) with the worker
// subcommand and WorkerEnv set; with RMLINT_TEST_MAIN=1 it is rmlint's
// main (TestUnreadableFile runs a copy as another user). The tests' result cache lives in a
// temporary directory.
func TestMain(m *testing.M) {
	if os.Getenv(driver.WorkerEnv) == "1" || os.Getenv("RMLINT_TEST_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	dir, err := os.MkdirTemp("", "rmlint-test-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
