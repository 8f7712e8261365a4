// Command measure runs a command and reports its wall-clock time, CPU time
// and peak memory: the largest sum of the resident set sizes of the command
// and all its descendants (rmlint's worker processes included), sampled
// every 20 ms from /proc. Linux only; used by scripts/bench.sh.
//
//	go run ./scripts/measure [-label NAME] [-runs N] -- COMMAND [ARG...]
//
// With -runs N it runs the command N times and reports the fastest run
// (and the largest peak).
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	label := flag.String("label", "", "name printed before the numbers")
	runs := flag.Int("runs", 1, "run the command this many times; report the fastest")
	flag.Parse()
	args := flag.Args()
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: measure [-label NAME] [-runs N] -- COMMAND [ARG...]")
		os.Exit(2)
	}
	best := time.Duration(-1)
	var bestCPU time.Duration
	var peak int64
	code := 0
	for i := 0; i < *runs; i++ {
		wall, cpu, p, c := runOnce(args)
		if best < 0 || wall < best {
			best, bestCPU = wall, cpu
		}
		if p > peak {
			peak = p
		}
		code = c
	}
	fmt.Printf("%s wall=%.3fs cpu=%.3fs peak_rss=%dMB exit=%d\n", *label, best.Seconds(), bestCPU.Seconds(), peak>>20, code)
}

func runOnce(args []string) (wall, cpu time.Duration, peak int64, code int) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = nil, os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if r := treeRSS(cmd.Process.Pid); r > peak {
					peak = r
				}
			}
		}
	}()
	err := cmd.Wait()
	wall = time.Since(start)
	close(done)
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		// ru_maxrss (KB) covers the largest single process; the sampled
		// tree sum can miss a short peak, so take the larger.
		if m := ru.Maxrss << 10; m > peak {
			peak = m
		}
	}
	return
}

// treeRSS sums the resident memory of pid and its descendants.
func treeRSS(root int) int64 {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	parent := map[int]int{}
	rss := map[int]int64{}
	page := int64(os.Getpagesize())
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) < 22 {
			continue
		}
		pp, _ := strconv.Atoi(f[1])
		r, _ := strconv.ParseInt(f[21], 10, 64)
		parent[pid] = pp
		rss[pid] = r * page
	}
	var sum int64
	for pid := range rss {
		for p := pid; p > 1; p = parent[p] {
			if p == root {
				sum += rss[pid]
				break
			}
		}
	}
	return sum
}
