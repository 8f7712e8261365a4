package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rmlint/rmlint/smoke"
)

// requireSmokeTools skips when redis-server or a C compiler is missing,
// except in CI (CI=true), where the test must run.
func requireSmokeTools(t *testing.T) {
	t.Helper()
	if _, err := smoke.FindTools(smoke.Config{}); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and --smoke cannot run: %v", err)
		}
		t.Skipf("--smoke needs its tools: %v", err)
	}
}

func TestSmokeHelloWorld(t *testing.T) {
	requireSmokeTools(t)
	t.Setenv("TMPDIR", t.TempDir())
	code, out, errs := rmlint(t, "--smoke", "../../testdata/examples/helloworld.c")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{
		`helloworld.c:12:5: error: command "hello.greet" sent 2 replies to one call`,
		`"+Hello, " then "$5 alice"`,
		"[smokereply]",
		"smoke test: redis-server ",
		"hello.greet   5 probes  smokereply",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	// The machine-readable formats get the smoke findings and rule metadata,
	// and the summary goes to standard error.
	code, out, errs = rmlint(t, "--smoke", "--format", "json", "../../testdata/examples/helloworld.c")
	if code != 1 {
		t.Fatalf("json: exit %d\n%s", code, errs)
	}
	var doc struct {
		Findings []struct{ Rule, Command string }
		Summary  struct{ ByRule map[string]int }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	found := false
	for _, f := range doc.Findings {
		if f.Rule == "smokereply" && f.Command == "hello.greet" {
			found = true
		}
	}
	_, ranRepl := doc.Summary.ByRule["smokerepl"]
	if !found || doc.Summary.ByRule["smokereply"] != 1 || !ranRepl {
		t.Errorf("JSON lacks the smoke finding or rules: %+v", doc)
	}
	if !strings.Contains(errs, "smoke test: redis-server") {
		t.Errorf("summary not on stderr: %q", errs)
	}
	// --disable drops a smoke rule's findings.
	code, out, _ = rmlint(t, "--smoke", "--disable", "smokereply,replycount,leak", "../../testdata/examples/helloworld.c")
	if strings.Contains(out, "[smokereply]") {
		t.Errorf("--disable smokereply: exit %d\n%s", code, out)
	}
}

// Without redis-server, --smoke says so (exit 2) and the static analysis
// still reports.
func TestSmokeWithoutRedisServer(t *testing.T) {
	code, out, errs := rmlint(t, "--smoke", "--redis-server", "/nonexistent/redis-server", "testdata/badflags.c")
	if code != 2 {
		t.Fatalf("exit %d, want 2\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "[cmdflags]") {
		t.Errorf("static findings missing:\n%s", out)
	}
	if !strings.Contains(errs, "/nonexistent/redis-server") || !strings.Contains(errs, "the smoke test did not") {
		t.Errorf("stderr does not say what is missing: %q", errs)
	}
	t.Setenv("PATH", t.TempDir())
	code, out, errs = rmlint(t, "--smoke", "testdata/badflags.c")
	if code != 2 || !strings.Contains(errs, "needs redis-server") || !strings.Contains(out, "[cmdflags]") {
		t.Errorf("no redis-server on PATH: exit %d\n%s\n%s", code, out, errs)
	}
}

func TestSmokeRulesAndExplain(t *testing.T) {
	code, out, _ := rmlint(t, "rules")
	for _, r := range smoke.Names() {
		if code != 0 || !strings.Contains(out, r+" ") {
			t.Errorf("rules lacks %s:\n%s", r, out)
		}
	}
	code, out, _ = rmlint(t, "explain", "smokerepl")
	if code != 0 || !strings.HasPrefix(out, "# smokerepl: ") || !strings.Contains(out, "## Fixed") {
		t.Errorf("explain smokerepl: exit %d\n%s", code, out)
	}
	if code, _, errs := rmlint(t, "--enable", "nosuch", "x.c"); code != 2 || !strings.Contains(errs, "smokereply") {
		t.Errorf("unknown rule: exit %d, %q", code, errs)
	}
}

// Acceptance (c): SIGINT in the middle of a probe kills every redis-server
// rmlint started and removes its temporary files; rmlint exits 2.
func TestSmokeInterrupted(t *testing.T) {
	requireSmokeTools(t)
	bin := filepath.Join(t.TempDir(), "rmlint")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	tmp := t.TempDir()
	cmd := exec.Command(bin, "--smoke", "--smoke-timeout", "60s", "../../smoke/testdata/slow")
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer cmd.Process.Kill()

	// Wait until the slow command is running in a server rmlint started.
	deadline := time.Now().Add(60 * time.Second)
	for !logSays(tmp, "slow.sleep started") {
		if time.Now().After(deadline) {
			t.Fatalf("the slow probe never started\n%s", stderr.String())
		}
		select {
		case err := <-done:
			t.Fatalf("rmlint exited early: %v\n%s\n%s", err, stdout.String(), stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	servers := childServers(cmd.Process.Pid)
	if len(servers) == 0 {
		t.Fatal("no redis-server child of rmlint found while probing")
	}
	cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("rmlint did not exit after SIGINT")
	}
	if code := cmd.ProcessState.ExitCode(); code != 2 {
		t.Errorf("exit %d, want 2\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr: %q", stderr.String())
	}
	for _, pid := range servers {
		if _, err := os.Stat(filepath.Join("/proc", pid)); err == nil {
			if b, _ := os.ReadFile(filepath.Join("/proc", pid, "cmdline")); strings.Contains(string(b), "redis-server") {
				t.Errorf("redis-server %s survived: %q", pid, b)
			}
		}
	}
	entries, _ := os.ReadDir(tmp)
	for _, e := range entries {
		t.Errorf("left behind: %s", e.Name())
	}
}

// logSays reports whether a redis.log under dir contains text.
func logSays(dir, text string) bool {
	found := false
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == "redis.log" {
			if b, _ := os.ReadFile(p); strings.Contains(string(b), text) {
				found = true
			}
		}
		return nil
	})
	return found
}

// childServers lists the redis-server processes whose parent is pid.
func childServers(pid int) []string {
	var r []string
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range stats {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 || !strings.Contains(s[:i], "(redis-server") {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) > 1 && f[1] == strconv.Itoa(pid) {
			r = append(r, filepath.Base(filepath.Dir(p)))
		}
	}
	return r
}

// A file that crashes an isolated worker (here: 100k nested parentheses
// overflow cc/v4's stack) is reported, and --smoke, which translates files
// in rmlint's own process, leaves it out instead of crashing with it; the
// other module is still smoke tested.
func TestSmokeSkipsFilesThatCrashedTheWorker(t *testing.T) {
	requireSmokeTools(t)
	t.Setenv("TMPDIR", t.TempDir())
	dir := t.TempDir()
	src, err := os.ReadFile("../../testdata/examples/helloworld.c")
	if err != nil {
		t.Fatal(err)
	}
	hello := filepath.Join(dir, "helloworld.c")
	deep := filepath.Join(dir, "deep.c")
	writeFile(t, hello, string(src))
	writeFile(t, deep, "int x = "+strings.Repeat("(", 100000)+"1"+strings.Repeat(")", 100000)+";\n")
	code, out, errs := rmlint(t, "--smoke", hello, deep)
	if code != 2 {
		t.Fatalf("exit %d, want 2\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out+errs, "deep.c: error: translating this file crashed") {
		t.Errorf("the crash is not reported:\n%s\n%s", out, errs)
	}
	if !strings.Contains(out, "[smokereply]") {
		t.Errorf("helloworld.c was not smoke tested:\n%s\n%s", out, errs)
	}
}
