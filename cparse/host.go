package cparse

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"modernc.org/cc/v4"
)

// hostConfig is created once per process: the system C compiler's
// predefined macros and include paths.
var hostConfig = sync.OnceValues(func() (*cc.Config, error) {
	if c, ok := probeHost(); ok {
		return c, nil
	}
	return cc.NewConfig(runtime.GOOS, runtime.GOARCH)
})

// probeHost builds the Config cc.NewConfig would, from one run of the
// compiler instead of two: `cc -dM -E -v -` writes the predefined macros
// to standard output and the include search lists to standard error, which
// NewConfig asks for in two runs. Every worker process starts with this, so
// the second run was about 8 ms on each worker's critical path.
//
// It declines (false) wherever NewConfig does more than read those two
// lists: on systems other than Linux (NewConfig adds directories on some),
// for compilers that default to C23 (NewConfig then changes the keyword set,
// which only it can), and on any failure, where NewConfig tries the next
// compiler candidate. A test checks that both give equal Configs.
func probeHost() (*cc.Config, bool) {
	if runtime.GOOS != "linux" {
		return nil, false
	}
	var compiler string
	for _, c := range []string{os.Getenv("CC"), "cc", "gcc"} { // NewConfig's order
		if c == "" {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			compiler = p
			break
		}
	}
	if compiler == "" {
		return nil, false
	}
	cmd := exec.Command(compiler, "-dM", "-E", "-v", "-")
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, false
	}
	var macros []string
	for _, l := range strings.Split(stdout.String(), "\n") {
		if strings.HasPrefix(l, "#") {
			macros = append(macros, l)
		}
	}
	predefined := strings.Join(macros, "\n")
	if stdcVersion(predefined) >= 202000 {
		return nil, false
	}
	quote, sys, ok := searchLists(stderr.String())
	if !ok {
		return nil, false
	}
	abi, err := cc.NewABI(runtime.GOOS, runtime.GOARCH)
	if err != nil {
		return nil, false
	}
	for i, v := range quote {
		quote[i] = filepath.Clean(v)
	}
	for i, v := range sys {
		sys[i] = filepath.Clean(v)
	}
	return &cc.Config{
		ABI:                 abi,
		CC:                  compiler,
		HostIncludePaths:    quote,
		HostSysIncludePaths: sys,
		IncludePaths:        append([]string{""}, append(quote[:len(quote):len(quote)], sys...)...),
		Predefined:          predefined,
		SysIncludePaths:     sys,
	}, true
}

// searchLists reads gcc's (and clang's) `-v` report of the directories
// searched for "..." and <...> includes.
func searchLists(verbose string) (quote, sys []string, ok bool) {
	var cur *[]string
	for _, l := range strings.Split(verbose, "\n") {
		switch {
		case l == `#include "..." search starts here:`:
			cur = &quote
		case l == "#include <...> search starts here:":
			cur = &sys
		case l == "End of search list.":
			return quote, sys, cur == &sys
		case strings.HasPrefix(l, "#"):
			cur = nil
		case cur != nil:
			*cur = append(*cur, strings.TrimSpace(l))
		}
	}
	return nil, nil, false
}

// stdcVersion is the value of __STDC_VERSION__ in predefined, or 0.
func stdcVersion(predefined string) int64 {
	const prefix = "#define __STDC_VERSION__ "
	for _, l := range strings.Split(predefined, "\n") {
		if strings.HasPrefix(l, prefix) {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(l[len(prefix):]), "L"), 10, 64)
			return n
		}
	}
	return 0
}
