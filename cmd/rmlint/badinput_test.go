package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The bad-input corpus (testdata/badinput, plus inputs made here: a 10 MB
// file, deeply nested code, an unreadable file, a FIFO, a symlink loop):
// every input gives exit 2 with a message naming the file, or is clean, in
// bounded time, with rmlint's worker processes isolating cc/v4 and no
// process left behind.

const (
	badTimeout = 5 * time.Second
	badMemory  = "512MiB"
	// slack covers starting the worker processes and a retry after a
	// failure, on a loaded machine.
	badSlack = 20 * time.Second
)

type badCase struct {
	name string
	path string
	// exit is the status wanted; want must match the output. An empty
	// want with exit 0 means clean.
	exit int
	want string
}

func badInputCases(t *testing.T) []badCase {
	dir := "../../testdata/badinput"
	tmp := t.TempDir()
	os.Chmod(tmp, 0o755)

	big := filepath.Join(tmp, "big.c")
	var b bytes.Buffer
	b.WriteString("#include \"redismodule.h\"\n")
	for i := 0; b.Len() < 10<<20; i++ {
		fmt.Fprintf(&b, "static int f%d(int a) { return a + %d; }\n", i, i)
	}
	writeFile(t, big, b.String())

	deep := filepath.Join(tmp, "deep.c")
	writeFile(t, deep, "int x = "+strings.Repeat("(", 100000)+"1"+strings.Repeat(")", 100000)+";\n")

	fifo := filepath.Join(tmp, "fifo.c")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	loop := filepath.Join(tmp, "loop.c")
	if err := os.Symlink("loop.c", loop); err != nil {
		t.Fatal(err)
	}
	// A header that is a named pipe: its open(2) would block until a
	// writer came.
	fifoDir := filepath.Join(tmp, "fifoheader")
	os.Mkdir(fifoDir, 0o755)
	if err := syscall.Mkfifo(filepath.Join(fifoDir, "pipe.h"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifoUser := filepath.Join(fifoDir, "uses_pipe.c")
	writeFile(t, fifoUser, "#include \"pipe.h\"\nint x;\n")
	loopDir := filepath.Join(tmp, "loopdir")
	os.Mkdir(loopDir, 0o755)
	writeFile(t, filepath.Join(loopDir, "ok.c"), "int ok;\n")
	if err := os.Symlink(".", filepath.Join(loopDir, "self")); err != nil {
		t.Fatal(err)
	}

	d := func(f string) string { return filepath.Join(dir, f) }
	return []badCase{
		{"binary", d("binary.c"), 2, `binary\.c:1: error: binary file`},
		{"nul", d("nul.c"), 2, `nul\.c:4: error: binary file \(contains a NUL byte\)`},
		{"invalid-utf8", d("invalid_utf8.c"), 0, ``},
		{"unterminated-comment", d("unterminated_comment.c"), 2, `unterminated_comment\.c:\d+:\d+: error: comment not terminated`},
		{"unterminated-string", d("unterminated_string.c"), 2, `unterminated_string\.c:3:\d+: error: string literal not terminated`},
		{"unterminated-if", d("unterminated_if.c"), 2, `unterminated_if\.c:\d+:\d+: error: expected #endif`},
		{"missing-header", d("missing_header.c"), 2, `missing_header\.c:2:10: error: include file not found: "no_such_header.h"`},
		{"self-include", d("self_include.c"), 2, `self_include\.c:2:10: error: include cycle: \S*self_include\.c includes itself`},
		{"mutual-include", d("mutual.c"), 2, `mutual_b\.h:2:10: error: include cycle: .*mutual_a\.h includes .*mutual_b\.h includes .*mutual_a\.h.*\(in a header \S*mutual\.c includes\)`},
		{"enum-after-missing-header", d("enum_missing.c"), 2, `enum_missing\.c:1:10: error: include file not found: "missing.h"`},
		{"enum-at-eof", d("enum_end.c"), 2, `enum_end\.c:3:1: error: unexpected end of file after ` + "`enum`"},
		{"enum-at-eof-from-macro", d("enum_macro.c"), 2, `enum_macro\.c: error: translating this file (used more memory than the limit|took longer than the time limit)`},
		{"macro-bomb", d("macro_bomb.c"), 2, `macro_bomb\.c:\d+:\d+: error: macro expansion limit exceeded`},
		{"empty", d("empty.c"), 0, ``},
		{"no-c-files", d("nocfiles"), 2, `nocfiles: error: no \.c files in this directory`},
		{"10MB", big, 2, `big\.c: error: file too large \(10 MB`},
		{"deep-nesting", deep, 2, `deep\.c: error: translating this file crashed: the C frontend overflowed its stack`},
		{"fifo", fifo, 2, `fifo\.c: error: not a regular file \(a named pipe\)`},
		{"fifo-header", fifoUser, 2, `uses_pipe\.c:1:10: error: include file "pipe\.h" is not a regular file \(a named pipe\): not a header`},
		{"symlink-loop", loop, 2, `loop\.c: error: too many levels of symbolic links`},
		{"symlink-loop-in-dir", loopDir, 0, ``},
	}
}

func TestBadInputCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("starts worker processes for every input")
	}
	cases := badInputCases(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			code, out, errs := rmlint(t, "--no-cache", "--timeout", badTimeout.String(), "--memory-limit", badMemory, "--enable", "onload,cmdflags", c.path)
			elapsed := time.Since(start)
			if code != c.exit {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.exit, out, errs)
			}
			if c.want != "" && !regexp.MustCompile(c.want).MatchString(out) {
				t.Errorf("output does not match %s:\n%s", c.want, out)
			}
			if strings.Contains(out+errs, "panic") || strings.Contains(out+errs, "goroutine ") {
				t.Errorf("a crash leaked into the output:\n%s\n%s", out, errs)
			}
			if limit := badTimeout + badSlack; elapsed > limit {
				t.Errorf("took %v, more than the time limit %v plus slack", elapsed, badTimeout)
			}
			t.Logf("exit %d in %v", code, elapsed.Round(time.Millisecond))
			assertNoChildren(t)
		})
	}

	// All at once, with a good module among them: one broken file never
	// stops the others.
	t.Run("together", func(t *testing.T) {
		args := []string{"--no-cache", "--timeout", badTimeout.String(), "--memory-limit", badMemory, "--enable", "onload,cmdflags", "testdata/badflags.c"}
		for _, c := range cases {
			args = append(args, c.path)
		}
		start := time.Now()
		code, out, _ := rmlint(t, args...)
		if code != 2 {
			t.Errorf("exit %d, want 2", code)
		}
		if !strings.Contains(out, `testdata/badflags.c:14:56: error: command "bad.cmd"`) {
			t.Errorf("the good file's finding is missing:\n%s", out)
		}
		for _, c := range cases {
			if c.want != "" && !regexp.MustCompile(c.want).MatchString(out) {
				t.Errorf("%s: output does not match %s", c.name, c.want)
			}
		}
		t.Logf("all inputs in %v", time.Since(start).Round(time.Millisecond))
		assertNoChildren(t)
	})
}

// An unreadable file. As root (who reads any file) the test runs rmlint as
// the unprivileged user nobody, through a copy of the test binary acting as
// rmlint's main; if that is not possible either, it is skipped.
func TestUnreadableFile(t *testing.T) {
	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	os.Chmod(filepath.Dir(dir), 0o755) // t.TempDir's parent is private
	p := filepath.Join(dir, "secret.c")
	writeFile(t, p, "int x;\n")
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	want := regexp.MustCompile(`secret\.c: error: cannot read file: permission denied`)
	if os.Geteuid() != 0 {
		code, out, _ := rmlint(t, "--no-cache", p)
		if code != 2 || !want.MatchString(out) {
			t.Fatalf("exit %d, want 2 and %s:\n%s", code, want, out)
		}
		return
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	bin := filepath.Join(dir, "rmlint")
	copyFile(t, exe, bin, 0o755)
	cmd := exec.Command(bin, "--no-cache", "--enable", "onload", p)
	cmd.Env = append(os.Environ(), "RMLINT_TEST_MAIN=1", "HOME="+dir)
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	if err != nil && cmd.ProcessState == nil {
		t.Skipf("cannot run as nobody: %v", err)
	}
	if code := cmd.ProcessState.ExitCode(); code != 2 || !want.MatchString(out.String()) {
		t.Fatalf("as nobody: exit %d, want 2 and %s:\n%s", code, want, out.String())
	}
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// assertNoChildren fails when a process started by this one (a worker, or
// anything a worker started) is still alive.
func assertNoChildren(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		kids := children(os.Getpid())
		if len(kids) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("processes left behind: %v", kids)
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// children lists the live (not zombie) descendants of pid.
func children(pid int) []string {
	ents, _ := os.ReadDir("/proc")
	parent := map[int]int{}
	desc := map[int]string{}
	for _, e := range ents {
		p, err := strconv.Atoi(e.Name())
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
		if len(f) < 2 || f[0] == "Z" {
			continue
		}
		pp, _ := strconv.Atoi(f[1])
		parent[p] = pp
		desc[p] = s[:i+1]
	}
	var r []string
	for p := range parent {
		for q := parent[p]; q > 1; q = parent[q] {
			if q == pid {
				r = append(r, desc[p])
				break
			}
		}
	}
	return r
}
