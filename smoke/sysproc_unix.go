//go:build unix && !linux

package smoke

import "syscall"

// sysProcAttr puts a server in its own process group, so that it and any
// child it forks are killed together.
func sysProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

func killGroup(pid int) { syscall.Kill(-pid, syscall.SIGKILL) }
