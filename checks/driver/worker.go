package driver

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"time"

	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/reports"
)

// The worker protocol: the parent writes batch requests to the worker's
// standard input, one JSON document each; the worker answers on file
// descriptor 3 with a stream of JSON messages: progress (what it is
// translating or analysing now) and then the batch's result. Its standard
// output and error are only kept for crash messages. A worker serves
// requests until its standard input closes.

// WorkerEnv is set (to "1") in the environment of worker processes.
const WorkerEnv = "RMLINT_WORKER"

// ResultFD is the file descriptor a worker writes its messages to.
const ResultFD = 3

// exitMemory is a worker's exit status when it exceeds its memory limit.
const exitMemory = 86

type message struct {
	Progress *progress    `json:",omitempty"`
	Done     *batchResult `json:",omitempty"`
	Fatal    string       `json:",omitempty"`
}

// ServeWorker is the body of a worker process: it serves batch requests
// from in and writes messages to out until in is closed. lookup finds the
// rules by name. Limits (memory, stack) are applied as the first request
// says; a worker that exceeds its memory limit exits with a message on
// standard error.
func ServeWorker(in io.Reader, out io.Writer, lookup func(string) *inspect.Rule) error {
	dec := json.NewDecoder(bufio.NewReader(in))
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	send := func(m message) error {
		if err := enc.Encode(m); err != nil {
			return err
		}
		return w.Flush()
	}
	limited := false
	Trace("worker")
	for {
		var req batchRequest
		if err := dec.Decode(&req); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if !limited {
			applyLimits(req.MemoryLimit, req.MaxStack)
			limited = true
		}
		rules, err := lookupRules(req.Rules, lookup)
		if err != nil {
			if err := send(message{Fatal: err.Error()}); err != nil {
				return err
			}
			continue
		}
		res := runBatch(&req, rules, func(p progress) { send(message{Progress: &p}) })
		if err := send(message{Done: res}); err != nil {
			return err
		}
	}
}

// applyLimits bounds this (worker) process: the Go stack, a soft memory
// limit the garbage collector works towards, a watchdog that exits when the
// memory the runtime holds passes the limit, and (where available) a hard
// address-space limit as the last line.
func applyLimits(memLimit, maxStack int64) {
	if maxStack > 0 {
		debug.SetMaxStack(int(maxStack))
	}
	// cc/v4 allocates 30-50 MB of short-lived garbage per file and keeps
	// about 10 MB; at the default GOGC the collector took a third of the
	// CPU. Measured on Redis's 48 module files, 2 workers: GOGC=100 3.9 s,
	// 400 2.6 s (peak 223 MB for the whole run), 1000 2.3 s (437 MB).
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if memLimit <= 0 {
		return
	}
	debug.SetMemoryLimit(memLimit * 3 / 4)
	setAddressSpaceLimit(memLimit)
	go func() {
		samples := []metrics.Sample{
			{Name: "/memory/classes/total:bytes"},
			{Name: "/memory/classes/heap/released:bytes"},
		}
		for range time.Tick(10 * time.Millisecond) {
			metrics.Read(samples)
			used := int64(samples[0].Value.Uint64() - samples[1].Value.Uint64())
			if used > memLimit {
				fmt.Fprintf(os.Stderr, "rmlint worker: memory limit exceeded: %d MiB in use, limit %d MiB\n", used>>20, memLimit>>20)
				os.Exit(exitMemory)
			}
		}
	}()
}

// proc is a running worker process, seen from the parent.
type proc struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	enc    *json.Encoder
	msgs   chan message
	output *tailBuffer
	waited chan struct{}
	err    error // the Wait result, once waited is closed
}

func startProc(argv []string) (*proc, error) {
	if len(argv) == 0 {
		return nil, errors.New("no worker command")
	}
	rd, wr, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	p := &proc{msgs: make(chan message, 16), output: &tailBuffer{max: 8 << 10}, waited: make(chan struct{})}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), WorkerEnv+"=1", "GOTRACEBACK=single")
	if cc := hostCC(); cc != "" {
		cmd.Env = append(cmd.Env, "CC="+cc)
	}
	cmd.ExtraFiles = []*os.File{wr}
	cmd.Stdout = p.output
	cmd.Stderr = p.output
	cmd.SysProcAttr = workerProcAttr()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		rd.Close()
		wr.Close()
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		rd.Close()
		wr.Close()
		return nil, err
	}
	wr.Close()
	p.cmd, p.stdin, p.enc = cmd, stdin, json.NewEncoder(stdin)
	go func() {
		dec := json.NewDecoder(bufio.NewReaderSize(rd, 64<<10))
		for {
			var m message
			if err := dec.Decode(&m); err != nil {
				break
			}
			p.msgs <- m
		}
		rd.Close()
		close(p.msgs)
	}()
	go func() {
		p.err = cmd.Wait()
		close(p.waited)
	}()
	return p, nil
}

// hostCC is the C compiler cc/v4 would ask for its configuration, resolved
// once per process: workers get its absolute path, so that they find it
// whatever PATH says later (cc/v4 honours $CC).
var hostCC = sync.OnceValue(func() string {
	for _, c := range []string{os.Getenv("CC"), "cc", "gcc"} {
		if c == "" || strings.ContainsAny(c, " \t") {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			if abs, err := filepath.Abs(p); err == nil {
				return abs
			}
		}
	}
	return ""
})

// failure says why a worker did not finish a batch, and what it was doing.
type failure struct {
	at      progress
	reason  string
	timeout bool
	fatal   bool // the worker refused the request
}

// do runs a batch on the worker, enforcing the time limit per file and per
// module and (from outside, as a backstop) the memory limit.
func (p *proc) do(req *batchRequest, timeout time.Duration, memLimit int64) (*batchResult, *failure) {
	var at progress
	if err := p.enc.Encode(req); err != nil {
		p.kill()
		return nil, &failure{reason: p.describeExit()}
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case m, ok := <-p.msgs:
			if !ok {
				p.kill()
				return nil, &failure{at: at, reason: p.describeExit()}
			}
			switch {
			case m.Progress != nil:
				at = *m.Progress
				timer.Reset(timeout)
			case m.Done != nil:
				return m.Done, nil
			case m.Fatal != "":
				return nil, &failure{at: at, reason: m.Fatal, fatal: true}
			}
		case <-timer.C:
			p.kill()
			return nil, &failure{at: at, reason: fmt.Sprintf("took longer than the time limit (%v; set with --timeout)", timeout), timeout: true}
		case <-tick.C:
			if rss := processRSS(p.cmd.Process.Pid); rss > memLimit+memLimit/4 {
				p.kill()
				return nil, &failure{at: at, reason: fmt.Sprintf("used more memory than the limit (%d MiB; set with --memory-limit)", memLimit>>20)}
			}
		}
	}
}

// describeExit waits for the killed or dead worker and explains its end.
func (p *proc) describeExit() string {
	select {
	case <-p.waited:
	case <-time.After(5 * time.Second):
		return "the worker process stopped answering"
	}
	out := p.output.String()
	var ee *exec.ExitError
	status := ""
	if errors.As(p.err, &ee) {
		if ee.ExitCode() == exitMemory {
			return fmt.Sprintf("used more memory than the limit (%s; set with --memory-limit)", strings.TrimSpace(lastLine(out, "memory limit exceeded")))
		}
		status = ee.String()
	} else if p.err != nil {
		status = p.err.Error()
	}
	switch {
	case strings.Contains(out, "stack overflow") || strings.Contains(out, "stack exceeds"):
		return "crashed: the C frontend overflowed its stack (code nested too deeply)"
	case strings.Contains(out, "out of memory") || strings.Contains(out, "cannot allocate memory"):
		return "ran out of memory (the limit is set with --memory-limit)"
	}
	first := firstMatching(out, "panic:", "fatal error:")
	if first == "" {
		first = status
	}
	if first == "" {
		first = "the worker process exited early"
	}
	return "crashed: " + first
}

// kill ends the worker process (and anything it started) at once.
func (p *proc) kill() {
	killGroup(p.cmd)
	select {
	case <-p.waited:
	case <-time.After(5 * time.Second):
	}
}

// stop ends an idle worker: closing its input makes it exit; if it does not,
// it is killed.
func (p *proc) stop() {
	p.stdin.Close()
	select {
	case <-p.waited:
	case <-time.After(2 * time.Second):
		p.kill()
	}
}

// isolated runs a batch in the slot's worker. A file or module that makes
// the worker crash, time out or exceed its memory is reported as an input
// error and left out of a new attempt. clean is false when anything failed
// (such a result is not cached).
func (r *runner) isolated(s *slot, req *batchRequest) (res *batchResult, clean bool) {
	var failedFiles []fileResult
	var failedMods []moduleResult
	clean = true
	for attempt := 0; ; attempt++ {
		if s.proc == nil {
			p, err := startProc(r.cfg.Worker)
			if err != nil {
				return allFailed(req, "cannot start a worker process: "+err.Error()), false
			}
			s.proc = p
		}
		res, f := s.proc.do(req, r.cfg.Timeout, r.cfg.MemoryLimit)
		if f == nil {
			res.Files = append(res.Files, failedFiles...)
			res.Modules = append(res.Modules, failedMods...)
			return res, clean
		}
		clean = false
		if f.fatal {
			return allFailed(req, "internal error: "+f.reason), false
		}
		s.proc = nil
		r.count(func(st *Stats) { st.WorkerFailure++ })
		switch {
		case f.at.Parse != "":
			failedFiles = append(failedFiles, fileResult{Path: f.at.Parse, Errors: []reports.InputError{{
				Pos: reports.Position{File: f.at.Parse}, Message: "translating this file " + f.reason}}})
			req.SkipFiles = append(req.SkipFiles, f.at.Parse)
		case f.at.Analyse != "":
			failedMods = append(failedMods, moduleResult{Name: f.at.Analyse, Errors: []reports.InputError{{
				Pos: reports.Position{File: f.at.Analyse}, Message: "analysing the module of this file " + f.reason}}})
			req.SkipModules = append(req.SkipModules, f.at.Analyse)
		default:
			// It failed before starting on any file: once more, then give up.
			if attempt > 0 {
				return allFailed(req, "the worker process failed: "+f.reason), false
			}
		}
	}
}

func allFailed(req *batchRequest, msg string) *batchResult {
	res := &batchResult{}
	for _, f := range req.Files {
		res.Files = append(res.Files, fileResult{Path: f.Path, Errors: []reports.InputError{{Pos: reports.Position{File: f.Path}, Message: msg}}})
	}
	return res
}

// tailBuffer keeps the first and the last max bytes written to it (a Go
// crash names its cause at the top, then prints a long trace).
type tailBuffer struct {
	mu   sync.Mutex
	max  int
	head []byte
	b    []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if n := t.max - len(t.head); n > 0 {
		if n > len(p) {
			n = len(p)
		}
		t.head = append(t.head, p[:n]...)
	}
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = append([]byte(nil), t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.head) + "\n" + string(t.b)
}

func firstMatching(s string, prefixes ...string) string {
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		for _, p := range prefixes {
			if strings.HasPrefix(l, p) {
				if len(l) > 200 {
					l = l[:200] + "..."
				}
				return l
			}
		}
	}
	return ""
}

func lastLine(s, contains string) string {
	lines := strings.Split(s, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.Contains(lines[i], contains) {
			_, after, _ := strings.Cut(lines[i], contains+": ")
			return after
		}
	}
	return ""
}
