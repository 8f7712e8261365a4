//go:build !unix

package smoke

import "syscall"

func sysProcAttr() *syscall.SysProcAttr { return nil }

func killGroup(pid int) {}
