package smoke

import "syscall"

// sysProcAttr puts a server in its own process group (so that it and any
// child it forks are killed together, and a Ctrl-C on rmlint's terminal
// reaches rmlint, which cleans up, rather than the server) and has the
// kernel kill it if rmlint dies without cleaning up (SIGKILL, OOM).
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

func killGroup(pid int) { syscall.Kill(-pid, syscall.SIGKILL) }
