package driver

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
)

// workerProcAttr puts a worker in its own process group (so that killing it
// also kills anything it started, such as the C compiler cc/v4 asks for its
// configuration) and has the kernel kill it when rmlint dies.
func workerProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

func killGroup(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	cmd.Process.Kill()
}

// processRSS is a process's resident memory in bytes (0 when unknown).
func processRSS(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

// setAddressSpaceLimit caps this process's virtual memory: the hard stop
// if the watchdog cannot run. The Go runtime reserves about 1.2 GB of
// address space it never touches, hence the slack.
func setAddressSpaceLimit(memLimit int64) {
	lim := uint64(memLimit) + 3<<30
	syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: lim, Max: lim})
}
