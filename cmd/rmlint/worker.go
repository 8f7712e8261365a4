package main

// Isolation and caching: the flags --timeout, --memory-limit, --no-cache
// and --cache-dir, and the hidden `__worker` subcommand that the driver
// starts (rmlint re-executing itself) to translate and analyse files in a
// process of their own. See checks/driver for the design.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/rmlint/rmlint/cache"
	"github.com/rmlint/rmlint/checks"
	"github.com/rmlint/rmlint/checks/driver"
)

// workerCommand is the hidden subcommand a worker process runs.
const workerCommand = "__worker"

var isolation struct {
	timeout     time.Duration
	memoryLimit string
	noCache     bool
	cacheDir    string
	inProcess   bool
}

func init() {
	flagHooks = append(flagHooks, func(f *pflag.FlagSet) {
		f.DurationVar(&isolation.timeout, "timeout", driver.DefaultTimeout, "time limit for translating one file and for analysing one module; a file that takes longer is reported (exit 2) and the others are still analysed")
		f.StringVar(&isolation.memoryLimit, "memory-limit", formatBytes(driver.DefaultMemoryLimit), "memory limit of each worker process (e.g. 512MiB, 2GiB)")
		f.BoolVar(&isolation.noCache, "no-cache", false, "do not read or write the result cache")
		f.StringVar(&isolation.cacheDir, "cache-dir", "", "the result cache's directory (default: rmlint under the user cache directory, e.g. ~/.cache/rmlint)")
		f.BoolVar(&isolation.inProcess, "no-isolation", false, "translate and analyse in rmlint's own process, without worker processes or limits (for debugging)")
		f.MarkHidden("no-isolation")
	})
	configHooks = append(configHooks, configureIsolation)
	commandHooks = append(commandHooks, workerCmd)
}

func configureIsolation(cfg *driver.Config) error {
	if isolation.timeout <= 0 {
		return errors.New("--timeout must be positive")
	}
	mem, err := parseBytes(isolation.memoryLimit)
	if err != nil {
		return fmt.Errorf("--memory-limit: %v", err)
	}
	if mem < 64<<20 {
		return errors.New("--memory-limit must be at least 64MiB")
	}
	cfg.Timeout = isolation.timeout
	cfg.MemoryLimit = mem
	if !isolation.inProcess {
		exe, err := os.Executable()
		if err != nil {
			return fmt.Errorf("cannot find rmlint's own executable to start worker processes: %v", err)
		}
		cfg.Worker = []string{exe, workerCommand}
	}
	if !isolation.noCache {
		dir := isolation.cacheDir
		if dir == "" {
			if dir, err = cache.DefaultDir(); err != nil {
				// No home directory: run without a cache.
				return nil
			}
		}
		cfg.CacheDir = dir
		cfg.CacheSalt = "rmlint " + version
	}
	return nil
}

func workerCmd(stdout, stderr io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:    workerCommand,
		Short:  "Serve translation and analysis requests (started by rmlint itself)",
		Hidden: true,
		Args:   usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			if os.Getenv(driver.WorkerEnv) != "1" {
				return usageError{errors.New("rmlint starts " + workerCommand + " itself; it is not for use by hand")}
			}
			out := os.NewFile(driver.ResultFD, "results")
			if out == nil {
				return errors.New("worker: no result descriptor")
			}
			return driver.ServeWorker(os.Stdin, out, checks.Lookup)
		},
	}
}

// parseBytes reads a size: a number of bytes, or a number with a unit
// (KiB, MiB, GiB, or K, M, G, KB, MB, GB, all powers of 1024).
func parseBytes(s string) (int64, error) {
	t := strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(strings.ToUpper(t), strings.ToUpper(u.suffix)) {
			t = strings.TrimSpace(t[:len(t)-len(u.suffix)])
			mult = u.mult
			break
		}
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("not a size: %q (want e.g. 512MiB or 2GiB)", s)
	}
	return int64(n * float64(mult)), nil
}

func formatBytes(n int64) string {
	switch {
	case n%(1<<30) == 0:
		return fmt.Sprintf("%dGiB", n>>30)
	case n%(1<<20) == 0:
		return fmt.Sprintf("%dMiB", n>>20)
	}
	return strconv.FormatInt(n, 10)
}
