//go:build !linux

package driver

import (
	"os/exec"
	"syscall"
)

func workerProcAttr() *syscall.SysProcAttr { return nil }

func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		cmd.Process.Kill()
	}
}

func processRSS(pid int) int64 { return 0 }

func setAddressSpaceLimit(memLimit int64) {}
