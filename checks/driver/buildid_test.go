package driver

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The cache names rmlint's binary by its Go build ID, which must be the
// one the go command reports.
func TestGoBuildID(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("ELF only")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	id := goBuildID(exe)
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Fatalf("go tool buildid: %v", err)
	}
	if want := strings.TrimSpace(string(out)); id != want {
		t.Fatalf("build ID %q, go tool buildid says %q", id, want)
	}
	h, err := executableHash(t.TempDir())
	if err != nil || h != "go-build-id:"+id {
		t.Fatalf("executableHash = %q, %v", h, err)
	}
	notELF := filepath.Join(t.TempDir(), "x")
	os.WriteFile(notELF, []byte("#!/bin/sh\n"), 0o755)
	if id := goBuildID(notELF); id != "" {
		t.Fatalf("build ID of a script: %q", id)
	}
}
