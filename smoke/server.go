package smoke

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/gomodule/redigo/redis"
)

// server is one throwaway redis-server: its own directory, a Unix socket in
// it, a log file, and the module loaded at start.
type server struct {
	dir, sock, logPath string
	so                 string
	cmd                *exec.Cmd
	exited             chan struct{} // closed when the process has been reaped
	killOnce           sync.Once
	reg                *registry
}

// registry holds the servers of one run that are not killed yet, so that
// cancellation and every exit path can kill them all.
type registry struct {
	mu     sync.Mutex
	m      map[*server]bool
	closed bool
}

func newRegistry() *registry { return &registry{m: map[*server]bool{}} }

// add registers s; false when the registry is closed (the run is over).
func (g *registry) add(s *server) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return false
	}
	g.m[s] = true
	s.reg = g
	return true
}

func (g *registry) remove(s *server) {
	g.mu.Lock()
	delete(g.m, s)
	g.mu.Unlock()
}

// killAll kills every registered server and refuses new ones.
func (g *registry) killAll() {
	g.mu.Lock()
	g.closed = true
	var list []*server
	for s := range g.m {
		list = append(list, s)
	}
	g.mu.Unlock()
	for _, s := range list {
		s.kill()
	}
}

type serverOptions struct {
	reg     *registry
	bin     string
	dir     string // created by startServer; must not exist
	so      string
	aof     bool
	timeout time.Duration // for the server to start and the module to load
}

// loadError says why a server did not come up with the module loaded.
type loadError struct {
	hung   bool     // alive but not answering within the time limit
	reason []string // the server log's reason lines
	crash  *crashInfo
	log    string
}

func (e *loadError) Error() string {
	if e.hung {
		return "no answer within the time limit"
	}
	return strings.Join(e.reason, "; ")
}

// startServer starts redis-server and waits until it answers PING, which it
// does only once OnLoad has returned and the module is loaded.
func startServer(ctx context.Context, o serverOptions) (*server, error) {
	if err := os.Mkdir(o.dir, 0o700); err != nil {
		return nil, err
	}
	s := &server{dir: o.dir, sock: filepath.Join(o.dir, "redis.sock"), logPath: filepath.Join(o.dir, "redis.log"), so: o.so, exited: make(chan struct{})}
	args := []string{
		"--port", "0",
		"--bind", "127.0.0.1",
		"--unixsocket", s.sock,
		"--unixsocketperm", "700",
		"--dir", o.dir,
		"--logfile", s.logPath,
		"--daemonize", "no",
		"--save", "",
		"--enable-debug-command", "local",
		"--crash-memcheck-enabled", "no",
		"--loglevel", "notice",
	}
	if o.aof {
		args = append(args, "--appendonly", "yes", "--appendfsync", "always", "--auto-aof-rewrite-percentage", "0", "--aof-use-rdb-preamble", "no")
	} else {
		args = append(args, "--appendonly", "no")
	}
	args = append(args, "--loadmodule", o.so)
	s.cmd = exec.Command(o.bin, args...)
	s.cmd.Dir = o.dir
	s.cmd.Stdin = nil
	s.cmd.Stdout = nil
	s.cmd.Stderr = nil
	s.cmd.SysProcAttr = sysProcAttr()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	// Registered before it starts, so that a kill of the whole run cannot
	// miss it; kill before start is harmless.
	if !o.reg.add(s) {
		return nil, context.Canceled
	}
	if err := s.cmd.Start(); err != nil {
		o.reg.remove(s)
		return nil, err
	}
	go func() {
		s.cmd.Wait()
		close(s.exited)
	}()

	deadline := time.Now().Add(o.timeout)
	for {
		if ctx.Err() != nil {
			s.kill()
			return nil, ctx.Err()
		}
		select {
		case <-s.exited:
			s.kill()
			return nil, s.exitError()
		default:
		}
		left := time.Until(deadline)
		if left <= 0 {
			s.kill()
			return nil, &loadError{hung: true, log: s.readLog()}
		}
		if _, err := os.Stat(s.sock); err == nil {
			c, err := redis.Dial("unix", s.sock, redis.DialConnectTimeout(left), redis.DialReadTimeout(left), redis.DialWriteTimeout(left))
			if err == nil {
				r, err := redis.String(c.Do("PING"))
				c.Close()
				if err == nil && r == "PONG" {
					return s, nil
				}
				if errors.Is(err, os.ErrDeadlineExceeded) || isTimeout(err) {
					continue // the loop checks the deadline
				}
			}
		}
		select {
		case <-s.exited:
		case <-ctx.Done():
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// alive reports whether the process is still running.
func (s *server) alive() bool {
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

// kill kills the server's process group and reaps it. It is safe to call
// more than once and from several goroutines.
func (s *server) kill() {
	if s == nil {
		return
	}
	s.killOnce.Do(func() {
		if s.cmd != nil && s.cmd.Process != nil {
			killGroup(s.cmd.Process.Pid) // the group: children of the server too
			s.cmd.Process.Kill()
			select {
			case <-s.exited:
			case <-time.After(10 * time.Second):
			}
		}
		if s.reg != nil {
			s.reg.remove(s)
		}
	})
}

// wait waits up to d for the process to exit.
func (s *server) wait(d time.Duration) bool {
	select {
	case <-s.exited:
		return true
	case <-time.After(d):
		return false
	}
}

func (s *server) dial(timeout time.Duration) (redis.Conn, error) {
	return redis.Dial("unix", s.sock, redis.DialConnectTimeout(timeout), redis.DialReadTimeout(timeout), redis.DialWriteTimeout(timeout))
}

func (s *server) readLog() string {
	b, _ := os.ReadFile(s.logPath)
	return string(b)
}

// exitError describes why the server exited, from its log.
func (s *server) exitError() *loadError {
	log := s.readLog()
	e := &loadError{log: log}
	e.crash = parseCrash(log, s.so)
	e.reason = loadReasons(log)
	if len(e.reason) == 0 && e.crash == nil {
		e.reason = []string{fmt.Sprintf("redis-server exited (%v) without saying why in its log", s.cmd.ProcessState)}
	}
	return e
}

// logLine matches a redis-server log line: "pid:role date time level msg".
var logLine = regexp.MustCompile(`^\d+:[A-Z] \d+ \w+ \d+ [\d:.]+ [.\-*#] (.*)$`)

// logMessages returns the messages of a log, without pid and time stamp.
func logMessages(log string) []string {
	var r []string
	for _, line := range strings.Split(log, "\n") {
		if m := logLine.FindStringSubmatch(line); m != nil {
			r = append(r, m[1])
		} else if strings.TrimSpace(line) != "" {
			r = append(r, strings.TrimSpace(line))
		}
	}
	return r
}

var loadReasonRe = regexp.MustCompile(`^Module .*(failed to load|initialization failed|does not export|not loaded)|^Can't load module|FATAL CONFIG|Bad directive|^Fatal error|^Guru Meditation|^==> |ASSERTION FAILED`)

// loadReasons returns the log lines that say why loading failed, with the
// module's own messages ("<name> ...", what RedisModule_Log wrote) before
// them.
func loadReasons(log string) []string {
	var own, why []string
	for _, m := range logMessages(log) {
		switch {
		case moduleLogLine.MatchString(m):
			own = append(own, m)
		case loadReasonRe.MatchString(m):
			why = append(why, m)
		}
	}
	if len(why) == 0 {
		return nil
	}
	if len(own) > 3 {
		own = own[len(own)-3:]
	}
	return append(own, why...)
}

// moduleLogLine matches what RedisModule_Log writes: "<modulename> message".
var moduleLogLine = regexp.MustCompile(`^<[^>]+> `)

// crashInfo is what the crash report in a server log says.
type crashInfo struct {
	signal   string // "Redis 7.0.15 crashed by signal: 11, si_code: 1"
	address  string // "Accessing address: (nil)"
	function string // the topmost frame in the module, e.g. "Boom_RedisCommand+0x1f"
	assert   string // "==> t_string.c:12 'x' is not true"
}

func (c *crashInfo) String() string {
	var parts []string
	if c.assert != "" {
		parts = append(parts, "assertion failed: "+strings.TrimPrefix(c.assert, "==> "))
	}
	if c.signal != "" {
		parts = append(parts, quote(c.signal))
	}
	if c.address != "" {
		parts = append(parts, strings.ToLower(c.address[:1])+c.address[1:])
	}
	s := strings.Join(parts, ", ")
	if c.function != "" {
		s += " in " + c.function
	}
	return s
}

var frameRe = regexp.MustCompile(`\(([A-Za-z_][A-Za-z0-9_]*\+0x[0-9a-f]+)\)`)

// parseCrash reads the crash report of a server log; nil when there is none.
func parseCrash(log, so string) *crashInfo {
	if !strings.Contains(log, "crashed by signal") && !strings.Contains(log, "ASSERTION FAILED") && !strings.Contains(log, "Guru Meditation") {
		return nil
	}
	c := &crashInfo{}
	for _, m := range logMessages(log) {
		switch {
		case c.signal == "" && strings.Contains(m, "crashed by signal"):
			c.signal = m
		case c.address == "" && strings.HasPrefix(m, "Accessing address:"):
			c.address = m
		case c.assert == "" && (strings.HasPrefix(m, "==> ") || strings.HasPrefix(m, "Guru Meditation")):
			c.assert = m
		case c.function == "" && so != "" && strings.HasPrefix(m, so+"("):
			if f := frameRe.FindStringSubmatch(m); f != nil {
				c.function = f[1]
			}
		}
	}
	return c
}

func quote(s string) string { return fmt.Sprintf("%q", s) }
