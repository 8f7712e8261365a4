package driver

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
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
