package smoke

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/gomodule/redigo/redis"
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/reports"
)

// moduleRun smoke-tests one module: build, load, registration, probes.
type moduleRun struct {
	ctx      context.Context
	reg      *registry
	cfg      *Config
	tools    *Tools
	pm       parsedModule
	inc      string // the embedded header's include directory
	dir      string // this module's private directory
	so       string
	sum      *ModuleSummary
	findings []reports.Finding

	// The server under test (master, with an AOF) and the replica that
	// replays what it propagates (shadow), with a control connection each.
	master, shadow *server
	mc, sc         redis.Conn
	nserv          int
	aofPath        string
	aofOff         int64
	repl           bool   // the propagation check is available
	replWhyNot     string // why not
	dead           bool   // no server could be (re)started: stop

	static          []staticCommand
	setsCommandInfo bool
	cmds            []*probeCmd
	seq             int
	atKeys          bool // findings now are about the registration's key positions

	// The probe connection, reopened after anything that leaves it out of
	// step. redigo closes a connection on a read timeout; pcRaw keeps the
	// socket open until rmlint has looked at the client (blocked or not).
	pc    redis.Conn
	pcRaw *keepConn
	pcID  int64
}

// keepConn is a net.Conn whose Close does nothing; reallyClose closes it.
type keepConn struct{ net.Conn }

func (k *keepConn) Close() error       { return nil }
func (k *keepConn) reallyClose() error { return k.Conn.Close() }

func (r *moduleRun) openProbeConn() error {
	nc, err := net.DialTimeout("unix", r.master.sock, r.cfg.Timeout)
	if err != nil {
		return err
	}
	r.pcRaw = &keepConn{nc}
	r.pc = redis.NewConn(r.pcRaw, r.cfg.Timeout, r.cfg.Timeout)
	r.pcID, err = redis.Int64(r.pc.Do("CLIENT", "ID"))
	if err != nil {
		r.closeProbeConn()
	}
	return err
}

// closeProbeConn closes the probe connection; it is reopened by the next
// probe.
func (r *moduleRun) closeProbeConn() {
	if r.pcRaw != nil {
		r.pcRaw.reallyClose()
	}
	r.pc, r.pcRaw = nil, nil
}

// probeCmd is one command as loaded (COMMAND INFO) with its static side.
type probeCmd struct {
	name              string   // full name, lower case: "hello.greet", "x.parent|sub"
	argv0             []string // the words that call it: ["x.parent", "sub"]
	arity             int
	flags             []string
	first, last, step int
	container         bool
	sc                *staticCommand // nil when the static model did not see it
	sum               *CommandSummary
	reported          map[string]bool
}

const emptyDigest = "0000000000000000000000000000000000000000"

func (r *moduleRun) run() {
	m := r.pm.mod
	r.sum = &ModuleSummary{File: m.Name}
	if m.OnLoad == nil {
		r.sum.Problem = "no RedisModule_OnLoad: not a loadable module"
		return
	}
	if err := os.Mkdir(r.dir, 0o700); err != nil {
		r.sum.Problem = err.Error()
		return
	}
	b := build(r.ctx, r.tools.Compiler, r.pm, r.inc, r.dir)
	if r.ctx.Err() != nil {
		return
	}
	r.findings = append(r.findings, b.findings...)
	if b.so == "" {
		r.sum.Problem = "did not compile"
		if !hasError(b.findings) {
			r.findings = append(r.findings, reports.Finding{
				Rule: RuleBuild, Severity: reports.SeverityError, Pos: reports.Position{File: m.Name},
				Message: "the module could not be built as a shared object: " + strings.TrimSpace(b.log),
			})
		}
		return
	}
	// Name the shared object after the module so the server log reads well.
	base := strings.TrimSuffix(filepath.Base(m.Name), filepath.Ext(m.Name)) + ".so"
	r.so = filepath.Join(r.dir, base)
	if err := os.Rename(b.so, r.so); err != nil {
		r.so = b.so
	}
	r.sum.Built = true
	r.static = staticCommands(m)
	r.setsCommandInfo = callsAPI(m, "RedisModule_SetCommandInfo")

	if err := r.startPair(); err != nil {
		if r.ctx.Err() == nil {
			r.loadFailed(err)
		}
		return
	}
	r.sum.Loaded = true
	if !r.registration() {
		return
	}
	for _, c := range r.cmds {
		if r.ctx.Err() != nil || r.dead {
			return
		}
		r.probeCommand(c)
	}
	if !r.repl && r.replWhyNot != "" && r.sum.Problem == "" {
		r.sum.Problem = "propagation not checked: " + r.replWhyNot
	}
}

// callsAPI reports whether any function of the module calls the API name.
func callsAPI(m *cparse.Module, name string) bool {
	found := false
	for _, f := range m.Funcs() {
		cparse.Inspect(f.Body(), func(n cc.Node) bool {
			if call, ok := n.(*cc.PostfixExpression); ok && call.Case == cc.PostfixExpressionCall && cparse.CalleeName(call) == name {
				found = true
			}
			return !found
		})
	}
	return found
}

// --- servers ---------------------------------------------------------------

func (r *moduleRun) startPair() error {
	r.stopPair()
	r.nserv++
	m, err := startServer(r.ctx, serverOptions{reg: r.reg, bin: r.tools.RedisServer, dir: filepath.Join(r.dir, fmt.Sprintf("s%d", r.nserv)), so: r.so, aof: true, timeout: r.cfg.LoadTimeout})
	if err != nil {
		return err
	}
	r.master = m
	if r.mc, err = m.dial(r.cfg.Timeout); err != nil {
		return err
	}
	r.repl = false
	if r.aofPath, err = incrAOF(m.dir); err != nil {
		r.replWhyNot = err.Error()
		return nil
	}
	if st, err := os.Stat(r.aofPath); err == nil {
		r.aofOff = st.Size()
	}
	if _, err := redis.String(r.mc.Do("DEBUG", "DIGEST")); err != nil {
		r.replWhyNot = "DEBUG DIGEST is not available: " + err.Error()
		return nil
	}
	r.nserv++
	sh, err := startServer(r.ctx, serverOptions{reg: r.reg, bin: r.tools.RedisServer, dir: filepath.Join(r.dir, fmt.Sprintf("s%d", r.nserv)), so: r.so, timeout: r.cfg.LoadTimeout})
	if err != nil {
		if r.ctx.Err() != nil {
			return r.ctx.Err()
		}
		r.replWhyNot = "the replica did not start: " + err.Error()
		return nil
	}
	r.shadow = sh
	if r.sc, err = sh.dial(r.cfg.Timeout); err != nil {
		r.replWhyNot = "cannot connect to the replica: " + err.Error()
		return nil
	}
	r.repl = true
	return nil
}

func (r *moduleRun) stopPair() {
	r.closeProbeConn()
	for _, c := range []redis.Conn{r.mc, r.sc} {
		if c != nil {
			c.Close()
		}
	}
	r.mc, r.sc = nil, nil
	for _, s := range []*server{r.master, r.shadow} {
		if s != nil {
			s.kill()
			os.RemoveAll(s.dir)
		}
	}
	r.master, r.shadow = nil, nil
}

// restart starts a new pair after a crash or hang; on failure the module's
// remaining commands are not probed.
func (r *moduleRun) restart() {
	if err := r.startPair(); err != nil {
		r.dead = true
		if r.ctx.Err() == nil {
			r.sum.Problem = "could not restart redis-server with the module: " + r.describeLoadError(err)
		}
	}
}

func (r *moduleRun) loadFailed(err error) {
	m := r.pm.mod
	msg := fmt.Sprintf("module %s failed to load into redis-server %s: %s", filepath.Base(m.Name), r.tools.RedisVersion, r.describeLoadError(err))
	r.sum.Problem = "did not load"
	r.findings = append(r.findings, reports.Finding{
		Rule: RuleLoad, Severity: reports.SeverityError, Pos: nodePos(m.OnLoad.Decl),
		Message: msg,
	})
}

func (r *moduleRun) describeLoadError(err error) string {
	var le *loadError
	if !errors.As(err, &le) {
		return err.Error()
	}
	var s string
	switch {
	case le.hung:
		s = fmt.Sprintf("RedisModule_OnLoad did not return within %v (the server never answered)", r.cfg.LoadTimeout)
	case le.crash != nil:
		s = "the server crashed in RedisModule_OnLoad: " + le.crash.String() + " (server log)"
		if len(le.reason) > 0 {
			s += "; the log also says: " + quoteAll(le.reason)
		}
	default:
		s = "the server log says " + quoteAll(le.reason)
		if strings.Contains(s, "failed to map segment") {
			s += " (is the temporary directory on a noexec file system? point TMPDIR elsewhere)"
		}
	}
	return r.scrub(s)
}

// scrub replaces the temporary path of the shared object by its base name.
func (r *moduleRun) scrub(s string) string {
	if r.so != "" {
		s = strings.ReplaceAll(s, r.so, filepath.Base(r.so))
	}
	return strings.ReplaceAll(s, r.dir+string(filepath.Separator), "")
}

func quoteAll(lines []string) string {
	var q []string
	for _, l := range lines {
		q = append(q, quote(l))
	}
	return strings.Join(q, ", ")
}

// --- registration ---------------------------------------------------------

// registration reads the module's commands from the server and compares
// them with the static model.
func (r *moduleRun) registration() bool {
	name, err := r.moduleName()
	if err != nil {
		r.sum.Problem = "cannot read MODULE LIST: " + err.Error()
		return false
	}
	r.sum.Name = name
	names, err := redis.Strings(r.mc.Do("COMMAND", "LIST", "FILTERBY", "MODULE", name))
	if err != nil {
		r.sum.Problem = "cannot read COMMAND LIST FILTERBY MODULE: " + err.Error()
		return false
	}
	byName := map[string]*probeCmd{}
	var all []*probeCmd
	if len(names) > 0 {
		args := redis.Args{"INFO"}.AddFlat(names)
		infos, err := redis.Values(r.mc.Do("COMMAND", args...))
		if err != nil {
			r.sum.Problem = "cannot read COMMAND INFO: " + err.Error()
			return false
		}
		for _, v := range infos {
			c := parseCommandInfo(v)
			if c == nil || byName[c.name] != nil {
				continue
			}
			byName[c.name] = c
			all = append(all, c)
		}
	}

	var ordered []*probeCmd
	var unknownRegs []reports.Related
	for i := range r.static {
		sc := &r.static[i]
		if !sc.c.NameKnown {
			unknownRegs = append(unknownRegs, reports.Related{Pos: nodePos(sc.c.Call), Message: "a registration whose command name the static analysis could not read"})
			continue
		}
		var rc *probeCmd
		if sc.c.Sub {
			for _, c := range all {
				if strings.HasSuffix(c.name, "|"+sc.name) {
					if rc != nil {
						rc = nil // ambiguous
						break
					}
					rc = c
				}
			}
		} else {
			rc = byName[sc.name]
		}
		if rc == nil {
			r.missing(sc)
			continue
		}
		if rc.sc != nil {
			continue // registered twice in the source: compare the first
		}
		rc.sc = sc
		ordered = append(ordered, rc)
		r.compare(rc)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].name < all[j].name })
	for _, c := range all {
		if c.sc != nil {
			continue
		}
		ordered = append(ordered, c)
		if c.container {
			continue
		}
		r.findings = append(r.findings, reports.Finding{
			Rule: RuleLoad, Severity: reports.SeverityNote, Pos: nodePos(r.pm.mod.OnLoad.Decl), Command: c.name,
			Message: fmt.Sprintf("command %q is registered at run time but the static analysis did not see its registration (a computed name?): it is smoke-tested, but no static check covered it", c.name),
			Related: unknownRegs,
		})
	}
	r.cmds = ordered
	for _, c := range r.cmds {
		c.sum = &CommandSummary{Name: c.name}
		c.reported = map[string]bool{}
		r.sum.Commands = append(r.sum.Commands, c.sum)
	}
	return true
}

func (r *moduleRun) moduleName() (string, error) {
	mods, err := redis.Values(r.mc.Do("MODULE", "LIST"))
	if err != nil {
		return "", err
	}
	var names []string
	for _, m := range mods {
		fields, _ := redis.Values(m, nil)
		kv := map[string]string{}
		for i := 0; i+1 < len(fields); i += 2 {
			k, _ := redis.String(fields[i], nil)
			v, _ := redis.String(fields[i+1], nil)
			kv[k] = v
		}
		if kv["path"] == r.so {
			return kv["name"], nil
		}
		names = append(names, kv["name"])
	}
	if len(names) == 1 {
		return names[0], nil
	}
	return "", fmt.Errorf("the module is not in MODULE LIST (%v)", names)
}

// parseCommandInfo reads one COMMAND INFO entry: name, arity, flags, first
// key, last key, step, ACL categories, tips, key specs, subcommands.
func parseCommandInfo(v interface{}) *probeCmd {
	e, err := redis.Values(v, nil)
	if err != nil || len(e) < 6 {
		return nil
	}
	name, _ := redis.String(e[0], nil)
	arity, _ := redis.Int(e[1], nil)
	flags, _ := redis.Strings(e[2], nil)
	first, _ := redis.Int(e[3], nil)
	last, _ := redis.Int(e[4], nil)
	step, _ := redis.Int(e[5], nil)
	c := &probeCmd{name: strings.ToLower(name), arity: arity, flags: flags, first: first, last: last, step: step}
	c.argv0 = strings.Split(name, "|")
	if len(e) >= 10 {
		if subs, _ := redis.Values(e[9], nil); len(subs) > 0 {
			c.container = true
		}
	}
	return c
}

func (r *moduleRun) missing(sc *staticCommand) {
	why := "RedisModule_CreateCommand failed or did not run, and OnLoad went on"
	if sc.c.Sub {
		why = "RedisModule_CreateSubcommand failed or did not run, and OnLoad went on"
	}
	if sc.c.FlagsKnown && !sc.flagsOK {
		why = fmt.Sprintf("Redis rejected its flag string %q (RedisModule_CreateCommand returned REDISMODULE_ERR) and OnLoad went on", sc.c.Flags)
	} else if !sc.c.Sub {
		if v, err := redis.Values(r.mc.Do("COMMAND", "INFO", sc.name)); err == nil && len(v) == 1 && v[0] != nil {
			why = "the name is taken by a Redis command, so RedisModule_CreateCommand returned REDISMODULE_ERR, and OnLoad went on"
		}
	}
	r.findings = append(r.findings, reports.Finding{
		Rule: RuleLoad, Severity: reports.SeverityWarning, Pos: nodePos(sc.c.NameArg), Command: sc.name,
		Message: fmt.Sprintf("command %q is registered in the source but is not registered after loading: %s", sc.name, why),
	})
}

// compare checks a loaded command's flags and key positions against the
// source.
func (r *moduleRun) compare(c *probeCmd) {
	sc := c.sc
	if sc.c.FlagsKnown && sc.flagsOK {
		want := map[string]bool{}
		for _, w := range sc.flags {
			if f := flagInfo[w]; f != "" {
				want[f] = true
			}
		}
		got := map[string]bool{}
		for _, f := range c.flags {
			if comparableFlags[f] {
				got[f] = true
			}
		}
		if !sameSet(want, got) {
			r.findings = append(r.findings, reports.Finding{
				Rule: RuleLoad, Severity: reports.SeverityWarning, Pos: nodePos(sc.c.FlagsArg), Command: c.name,
				Message: fmt.Sprintf("command %q: COMMAND INFO shows the flags %s, but the source registers %q (which Redis shows as %s): the loaded registration differs from the source", c.name, setString(got), sc.c.Flags, setString(want)),
			})
		}
	}
	if sc.keysKnown && !r.setsCommandInfo {
		wf, wl, ws := int(sc.first), int(sc.last), int(sc.step)
		if wf == 0 {
			wl, ws = 0, 0
		}
		if wf != c.first || wl != c.last || ws != c.step {
			why := ""
			if wf > 0 && wl >= 0 && wl < wf {
				why = fmt.Sprintf(": Redis 7 turns a last key before the first into a count from the end, so ACL key patterns, cluster redirection and tracking take arguments %d to the last as keys", wf)
			}
			r.findings = append(r.findings, reports.Finding{
				Rule: RuleLoad, Severity: reports.SeverityWarning, Pos: nodePos(sc.c.KeyArgs[0]), Command: c.name,
				Message: fmt.Sprintf("command %q is registered with key positions %d,%d,%d but COMMAND INFO shows first=%d last=%d step=%d%s", c.name, sc.first, sc.last, sc.step, c.first, c.last, c.step, why),
			})
		}
	}
}

func sameSet(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func setString(m map[string]bool) string {
	var l []string
	for k := range m {
		l = append(l, k)
	}
	sort.Strings(l)
	if len(l) == 0 {
		return "(none)"
	}
	return quote(strings.Join(l, " "))
}

// --- positions ------------------------------------------------------------

func nodePos(n cc.Node) reports.Position {
	if n == nil {
		return reports.Position{}
	}
	p := n.Position()
	return reports.Position{File: p.Filename, Line: p.Line, Col: p.Column, Offset: p.Offset}
}

// commandPos is where a dynamic finding about a command is shown: its
// handler, else its registration, else the module's OnLoad.
func (r *moduleRun) commandPos(c *probeCmd) (reports.Position, []reports.Related) {
	if c.sc != nil {
		reg := nodePos(c.sc.c.Call)
		if h := c.sc.c.Handler; h != nil {
			return nodePos(h.Decl), []reports.Related{{Pos: reg, Message: fmt.Sprintf("command %q registered here", c.name)}}
		}
		return reg, nil
	}
	return nodePos(r.pm.mod.OnLoad.Decl), nil
}

func (r *moduleRun) report(c *probeCmd, rule string, kind string, msg string) {
	if c.reported[kind] {
		return
	}
	c.reported[kind] = true
	pos, rel := r.commandPos(c)
	if r.atKeys && c.sc != nil && c.sc.c.KeyArgs[0] != nil {
		// The key positions of the registration are at fault, not the
		// handler.
		pos, rel = nodePos(c.sc.c.KeyArgs[0]), nil
	}
	r.findings = append(r.findings, reports.Finding{Rule: rule, Severity: reports.SeverityError, Pos: pos, Command: c.name, Message: msg, Related: rel})
	for _, x := range c.sum.Rules {
		if x == rule {
			return
		}
	}
	c.sum.Rules = append(c.sum.Rules, rule)
}

// --- probes ---------------------------------------------------------------

type probeSpec struct {
	argc    int
	strings bool   // non-key arguments are words rather than small integers
	seed    string // "", "string", "list" or "hash": the type of the values at the key positions
}

// maxProbes bounds the probes of one command.
const maxProbes = 48

// plan lists the probes of a command: the argument counts from its arity
// (COMMAND INFO) and from the argc comparisons of its handler, each with
// integer and word arguments, on an empty database and with string, list and
// hash values at the key positions.
func (c *probeCmd) plan() []probeSpec {
	base := len(c.argv0)
	set := map[int]bool{}
	if c.arity > 0 {
		set[c.arity] = true
	} else {
		min := base
		if c.arity < -1 && -c.arity > min {
			min = -c.arity
		}
		var hints []int
		if c.sc != nil {
			hints = arityHints(c.sc.c.Handler)
		}
		for _, h := range hints {
			if h >= min {
				set[h] = true
			}
		}
		set[min] = true
		if len(hints) == 0 {
			set[min+1] = true
			set[min+2] = true
		}
		if c.first > 0 {
			need := c.first + 1
			if c.last > 0 && c.last+1 > need {
				need = c.last + 1
			}
			if c.last < 0 && c.first-c.last > need {
				need = c.first - c.last
			}
			if need <= maxArgc {
				set[need] = true
			}
		}
	}
	var counts []int
	for n := range set {
		if n >= base && n <= maxArgc {
			counts = append(counts, n)
		}
	}
	sort.Ints(counts)
	if len(counts) > 6 {
		counts = counts[:6]
	}
	var specs []probeSpec
	for _, n := range counts {
		keys := c.keyPositions(n)
		variants := []bool{false}
		if n-base > len(keys) {
			variants = []bool{true, false} // words first, then small integers
		}
		seeds := []string{""}
		if len(keys) > 0 {
			seeds = append(seeds, "string", "list", "hash")
		}
		for _, v := range variants {
			for _, s := range seeds {
				specs = append(specs, probeSpec{argc: n, strings: v, seed: s})
			}
		}
	}
	if len(specs) > maxProbes {
		specs = specs[:maxProbes]
	}
	return specs
}

// keyPositions are the argument indexes COMMAND INFO declares as keys for a
// call with argc arguments (the command's own words excluded).
func (c *probeCmd) keyPositions(argc int) map[int]bool {
	keys := map[int]bool{}
	if c.first <= 0 {
		return keys
	}
	last := c.last
	if last < 0 {
		last = argc + last
	}
	step := c.step
	if step < 1 {
		step = 1
	}
	for i := c.first; i <= last && i < argc; i += step {
		if i >= len(c.argv0) {
			keys[i] = true
		}
	}
	return keys
}

var words = []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"}

// args builds the arguments of a probe: fresh key names at the key
// positions, small integers or words elsewhere.
func (r *moduleRun) args(c *probeCmd, p probeSpec) (args []string, keys []string) {
	r.seq++
	pos := c.keyPositions(p.argc)
	args = append(args, c.argv0...)
	for i := len(c.argv0); i < p.argc; i++ {
		switch {
		case pos[i]:
			k := fmt.Sprintf("smoke:%d:%d", r.seq, i)
			args = append(args, k)
			keys = append(keys, k)
		case p.strings:
			args = append(args, words[(i-len(c.argv0))%len(words)])
		default:
			args = append(args, fmt.Sprint(i-len(c.argv0)+1))
		}
	}
	return args, keys
}

func (r *moduleRun) probeCommand(c *probeCmd) {
	if c.container {
		c.sum.Container = true
		return
	}
	specs := c.plan()
	if len(specs) == 0 {
		c.sum.NotExercised = fmt.Sprintf("no argument count to probe (arity %d)", c.arity)
		return
	}
	for _, p := range specs {
		if r.ctx.Err() != nil || r.dead {
			return
		}
		if !r.probe(c, p) {
			return
		}
	}
	if r.ctx.Err() == nil && !r.dead {
		r.getkeysProbe(c, specs)
	}
}

// getkeysProbe asks the server for the command's keys (COMMAND GETKEYS),
// which Redis does by itself for ACL key patterns, cluster redirection and
// client tracking: with keystep 0 the extraction crashes the server, and a
// getkeys-api handler that does its work in a position request (replies,
// opens keys) crashes it too.
func (r *moduleRun) getkeysProbe(c *probeCmd, specs []probeSpec) {
	movable := hasFlag(c.flags, "movablekeys")
	if c.first <= 0 && !movable {
		return
	}
	argc := 0
	for _, p := range specs {
		if len(c.keyPositions(p.argc)) > 0 || movable && p.argc > len(c.argv0) {
			argc = p.argc
			break
		}
	}
	if argc == 0 {
		return
	}
	if r.master == nil || !r.master.alive() {
		r.restart()
		if r.dead {
			return
		}
	}
	args, _ := r.args(c, probeSpec{argc: argc, strings: true})
	call := "COMMAND GETKEYS " + strings.Join(args, " ")
	if r.pc == nil {
		if err := r.openProbeConn(); err != nil {
			r.controlFailed(c, call, "before", err)
			return
		}
	}
	c.sum.Probes++
	marker := fmt.Sprintf("rmlint-smoke-sync-%d", r.seq)
	sendArgs := []interface{}{"GETKEYS"}
	for _, a := range args {
		sendArgs = append(sendArgs, a)
	}
	sent := time.Now()
	r.pc.Send("COMMAND", sendArgs...)
	r.pc.Send("PING", marker)
	when := fmt.Sprintf("when Redis extracted its keys (%q, as for ACL key patterns, cluster redirection and client tracking)", call)
	// Without getkeys-api Redis extracts the keys itself, from the
	// registration's key positions: a crash is theirs.
	r.atKeys = !movable
	defer func() { r.atKeys = false }()
	if err := r.pc.Flush(); err != nil {
		r.lost(c, call, when, true, sent, err)
		return
	}
	if rr := readUntil(r.pc, marker, r.cfg.Timeout); rr.err != nil {
		r.lost(c, call, when, true, sent, rr.err)
		return
	}
	c.sum.Exercised++
}

// outcome of reading a probe's replies.
type readResult struct {
	replies   []interface{} // the top-level replies before the marker
	synced    bool          // the marker (the PING's answer) arrived at top level
	swallowed interface{}   // the aggregate the marker arrived inside
	err       error
}

// probe runs one probe; false stops probing the command.
func (r *moduleRun) probe(c *probeCmd, p probeSpec) bool {
	if r.master == nil || !r.master.alive() {
		r.restart()
		if r.dead {
			return false
		}
	}
	args, keys := r.args(c, p)
	call := strings.Join(args, " ")
	if err := r.seed(keys, p.seed); err != nil {
		return r.controlFailed(c, call, "while seeding the database before", err)
	}
	if err := r.syncShadow(c, call); err != nil {
		return r.controlFailed(c, call, "while syncing the replica before", err)
	}
	before, err := redis.String(r.mc.Do("DEBUG", "DIGEST"))
	if err != nil {
		return r.controlFailed(c, call, "before", err)
	}
	if r.pc == nil {
		if err := r.openProbeConn(); err != nil {
			return r.controlFailed(c, call, "before", err)
		}
	}
	c.sum.Probes++
	marker := fmt.Sprintf("rmlint-smoke-sync-%d", r.seq)
	sendArgs := make([]interface{}, 0, len(args)-1)
	for _, a := range args[1:] {
		sendArgs = append(sendArgs, a)
	}
	sent := time.Now()
	r.pc.Send(args[0], sendArgs...)
	r.pc.Send("PING", marker)
	if err := r.pc.Flush(); err != nil {
		return r.lostClient(c, call, sent, err)
	}
	rr := readUntil(r.pc, marker, r.cfg.Timeout)
	if rr.err != nil {
		return r.lostClient(c, call, sent, rr.err)
	}
	c.sum.Exercised++
	shown := fmt.Sprintf("%q", call)
	switch {
	case rr.swallowed != nil:
		r.report(c, RuleReply, "aggregate", fmt.Sprintf("command %q sent an aggregate reply with fewer elements than it announced: after %s and a PING the client read %q, whose last element is the answer to the PING; every later reply on the connection is misread", c.name, shown, render(rr.swallowed)))
	case len(rr.replies) == 0:
		r.report(c, RuleReply, "none", fmt.Sprintf("command %q sent no reply: after %s and a PING the client read the answer to the PING first; a client waiting for the command's reply waits forever, and a pipelining client takes each later reply for the previous command's", c.name, shown))
	case len(rr.replies) > 1:
		var rs []string
		for _, v := range rr.replies {
			rs = append(rs, fmt.Sprintf("%q", render(v)))
		}
		r.report(c, RuleReply, "multi", fmt.Sprintf("command %q sent %d replies to one call: after %s and a PING the client read %s, the extra reply arriving where the answer to the PING was due; every later reply on the connection goes to the wrong command", c.name, len(rr.replies), shown, strings.Join(rs, " then ")))
	}
	if r.repl {
		if ok := r.checkPropagation(c, call, before); !ok {
			return false
		}
	}
	if err := r.cleanup(); err != nil {
		return r.controlFailed(c, call, "while deleting the keys left after", err)
	}
	return true
}

func readUntil(c redis.Conn, marker string, timeout time.Duration) readResult {
	var rr readResult
	deadline := time.Now().Add(timeout)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			rr.err = os.ErrDeadlineExceeded
			return rr
		}
		v, err := redis.ReceiveWithTimeout(c, left)
		if e, ok := err.(redis.Error); ok {
			v, err = e, nil
		}
		if err != nil {
			rr.err = err
			return rr
		}
		if b, ok := v.([]byte); ok && string(b) == marker {
			rr.synced = true
			return rr
		}
		if containsMarker(v, marker) {
			rr.swallowed = v
			return rr
		}
		rr.replies = append(rr.replies, v)
		if len(rr.replies) >= 16 {
			rr.synced = true // enough to say there were too many
			return rr
		}
	}
}

func containsMarker(v interface{}, marker string) bool {
	switch x := v.(type) {
	case []byte:
		return string(x) == marker
	case []interface{}:
		for _, e := range x {
			if containsMarker(e, marker) {
				return true
			}
		}
	}
	return false
}

// render shows a reply the way it travels (RESP2), shortened.
func render(v interface{}) string {
	switch x := v.(type) {
	case string:
		return "+" + x
	case redis.Error:
		return "-" + string(x)
	case int64:
		return fmt.Sprintf(":%d", x)
	case []byte:
		s := string(x)
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		return fmt.Sprintf("$%d %s", len(x), s)
	case nil:
		return "$-1"
	case []interface{}:
		var parts []string
		for i, e := range x {
			if i == 5 {
				parts = append(parts, "…")
				break
			}
			parts = append(parts, render(e))
		}
		return fmt.Sprintf("*%d [%s]", len(x), strings.Join(parts, ", "))
	}
	return fmt.Sprint(v)
}

// lostClient handles a probe whose replies did not come: a crash, a hang, a
// blocked client, or a truncated reply.
func (r *moduleRun) lostClient(c *probeCmd, call string, sent time.Time, err error) bool {
	return r.lost(c, call, fmt.Sprintf("when called as %q", call), false, sent, err)
}

// lost handles a probe whose replies did not come. when says what the
// probe did, for messages; getkeys marks a COMMAND GETKEYS probe.
func (r *moduleRun) lost(c *probeCmd, call, when string, getkeys bool, sent time.Time, err error) bool {
	id := r.pcID
	defer r.closeProbeConn() // after the client has been looked at
	shown := fmt.Sprintf("%q", call)
	// A crashing server takes a moment to write its crash report and exit.
	crashWait := r.cfg.LoadTimeout
	if crashWait > 5*time.Second {
		crashWait = 5 * time.Second
	}
	if !isTimeout(err) && !errors.Is(err, os.ErrDeadlineExceeded) {
		// The connection broke: the server died, or closed it.
		if r.master.wait(crashWait) {
			return r.crashed(c, when)
		}
		c.sum.NotExercised = fmt.Sprintf("the server closed the connection after %s (%v)", shown, err)
		r.cleanup()
		return false
	}
	if !r.master.alive() {
		r.master.wait(crashWait)
		return r.crashed(c, when)
	}
	probe, derr := r.master.dial(r.cfg.Timeout)
	if derr == nil {
		defer probe.Close()
		_, derr = probe.Do("PING")
	}
	if derr != nil {
		if !r.master.alive() || r.master.wait(200*time.Millisecond) {
			return r.crashed(c, when)
		}
		r.report(c, RuleCrash, "hang", fmt.Sprintf("command %q hung the server %s: it answered no client for %v (a loop that does not end, or a deadlock? a command that is only slow needs a longer --smoke-timeout)", c.name, when, time.Since(sent).Round(100*time.Millisecond)))
		c.sum.NotExercised = "hung the server"
		r.restart()
		return false
	}
	info, _ := redis.String(probe.Do("CLIENT", "LIST", "ID", id))
	if getkeys {
		c.sum.NotExercised = fmt.Sprintf("%s got no answer within %v", shown, r.cfg.Timeout)
		probe.Do("CLIENT", "KILL", "ID", id)
		r.cleanup()
		return false
	}
	if clientFlags(info, "b") {
		c.sum.NotExercised = fmt.Sprintf("%s blocked the client for more than %v (blocking by design?)", shown, r.cfg.Timeout)
		probe.Do("CLIENT", "KILL", "ID", id)
		r.cleanup()
		return false
	}
	c.sum.Exercised++
	r.report(c, RuleReply, "incomplete", fmt.Sprintf("command %q sent an incomplete reply: after %s and a PING the client got no complete answer within %v, although the server still answered other clients and the client was not blocked (an aggregate announcing more elements than it sent?)", c.name, shown, r.cfg.Timeout))
	probe.Do("CLIENT", "KILL", "ID", id)
	r.cleanup()
	return true
}

// clientFlags reports whether a CLIENT LIST line has flag f.
func clientFlags(info, f string) bool {
	for _, field := range strings.Fields(info) {
		if v, ok := strings.CutPrefix(field, "flags="); ok {
			return strings.Contains(v, f)
		}
	}
	return false
}

// crashed reports a crash of the master during a probe and restarts.
func (r *moduleRun) crashed(c *probeCmd, when string) bool {
	log := r.master.readLog()
	ci := parseCrash(log, r.so)
	why := "the server exited"
	if ci != nil {
		why = ci.String() + " (server log)"
	} else if reasons := loadReasons(log); len(reasons) > 0 {
		why = "the server log says " + quoteAll(reasons)
	}
	r.report(c, RuleCrash, "crash", r.scrub(fmt.Sprintf("command %q crashed the server %s: %s", c.name, when, why)))
	c.sum.NotExercised = "crashed the server"
	r.restart()
	return false
}

// controlFailed handles a failed control request around a probe.
func (r *moduleRun) controlFailed(c *probeCmd, call, when string, err error) bool {
	if r.master != nil && (!r.master.alive() || r.master.wait(200*time.Millisecond)) {
		log := r.master.readLog()
		why := "the server exited"
		if ci := parseCrash(log, r.so); ci != nil {
			why = ci.String() + " (server log)"
		}
		r.report(c, RuleCrash, "crash", r.scrub(fmt.Sprintf("command %q: the server crashed %s %q: %s", c.name, when, call, why)))
		c.sum.NotExercised = "crashed the server"
	} else if r.shadow != nil && !r.shadow.alive() {
		// Reported by syncShadow.
		c.sum.NotExercised = "replaying what it propagated crashed the replica"
	} else if c.sum.NotExercised == "" {
		c.sum.NotExercised = fmt.Sprintf("a control request failed %s %q: %v", when, call, err)
	}
	r.restart()
	return false
}

// seed stores a value of the given type at each key.
func (r *moduleRun) seed(keys []string, kind string) error {
	for _, k := range keys {
		var err error
		switch kind {
		case "string":
			_, err = r.mc.Do("SET", k, "1")
		case "list":
			_, err = r.mc.Do("RPUSH", k, "1", "2")
		case "hash":
			_, err = r.mc.Do("HSET", k, "f", "1")
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// cleanup deletes every key of database 0 on the master, replays that on the
// replica, and empties the replica's database 0 if it still differs.
func (r *moduleRun) cleanup() error {
	if r.mc == nil {
		return nil
	}
	if err := deleteAll(r.mc); err != nil {
		return err
	}
	if !r.repl {
		return nil
	}
	cmds, next, err := aofTail(r.aofPath, r.aofOff)
	if err != nil {
		return err
	}
	r.aofOff = next
	if _, err := apply(r.sc, cmds); err != nil {
		return err
	}
	md, err1 := redis.String(r.mc.Do("DEBUG", "DIGEST"))
	sd, err2 := redis.String(r.sc.Do("DEBUG", "DIGEST"))
	if err1 != nil {
		return err1
	}
	if err2 != nil {
		return err2
	}
	if md != sd {
		return deleteAll(r.sc)
	}
	return nil
}

func deleteAll(c redis.Conn) error {
	cursor := "0"
	for {
		v, err := redis.Values(c.Do("SCAN", cursor, "COUNT", 1000))
		if err != nil {
			return err
		}
		if len(v) != 2 {
			return errors.New("unexpected SCAN reply")
		}
		cursor, _ = redis.String(v[0], nil)
		keys, _ := redis.Strings(v[1], nil)
		if len(keys) > 0 {
			if _, err := c.Do("DEL", redis.Args{}.AddFlat(keys)...); err != nil {
				return err
			}
		}
		if cursor == "0" {
			return nil
		}
	}
}

// apply sends commands to the replica and returns their error replies.
func apply(c redis.Conn, cmds [][]string) ([]string, error) {
	if len(cmds) == 0 {
		return nil, nil
	}
	for _, cmd := range cmds {
		args := make([]interface{}, 0, len(cmd)-1)
		for _, a := range cmd[1:] {
			args = append(args, a)
		}
		if err := c.Send(cmd[0], args...); err != nil {
			return nil, err
		}
	}
	if err := c.Flush(); err != nil {
		return nil, err
	}
	var errs []string
	for range cmds {
		v, err := c.Receive()
		if e, ok := err.(redis.Error); ok {
			errs = append(errs, string(e))
			continue
		}
		if err != nil {
			return errs, err
		}
		if list, ok := v.([]interface{}); ok { // EXEC
			for _, x := range list {
				if e, ok := x.(redis.Error); ok {
					errs = append(errs, string(e))
				}
			}
		}
	}
	return errs, nil
}

// syncShadow replays on the replica what the master propagated since the
// last call. A replica that dies replaying it is a smokerepl finding.
func (r *moduleRun) syncShadow(c *probeCmd, call string) error {
	if !r.repl {
		return nil
	}
	cmds, next, err := aofTail(r.aofPath, r.aofOff)
	if err != nil {
		return err
	}
	r.aofOff = next
	if _, err := apply(r.sc, cmds); err != nil {
		r.shadowFailed(c, call, cmds, err)
		return err
	}
	return nil
}

func (r *moduleRun) shadowFailed(c *probeCmd, call string, cmds [][]string, err error) {
	if r.shadow.alive() && !r.shadow.wait(200*time.Millisecond) {
		return
	}
	why := "it exited"
	if ci := parseCrash(r.shadow.readLog(), r.so); ci != nil {
		why = ci.String() + " (replica's log)"
	}
	r.report(c, RuleRepl, "repl", r.scrub(fmt.Sprintf("replaying what %q propagated (%s) crashed the replica: %s", call, renderCmds(cmds), why)))
}

// checkPropagation compares the master and the replica after a probe.
func (r *moduleRun) checkPropagation(c *probeCmd, call, before string) bool {
	after, err := redis.String(r.mc.Do("DEBUG", "DIGEST"))
	if err != nil {
		return r.controlFailed(c, call, "after", err)
	}
	cmds, next, err := aofTail(r.aofPath, r.aofOff)
	if err != nil {
		c.sum.NotExercised = "cannot read the AOF: " + err.Error()
		return true
	}
	r.aofOff = next
	errs, err := apply(r.sc, cmds)
	if err != nil {
		r.shadowFailed(c, call, cmds, err)
		r.restart()
		return false
	}
	sd, err := redis.String(r.sc.Do("DEBUG", "DIGEST"))
	if err != nil {
		r.shadowFailed(c, call, cmds, err)
		r.restart()
		return false
	}
	if sd == after {
		return true
	}
	// The master may have propagated more since (a key the command gave a
	// short TTL expired): catch up once and compare with its dataset now.
	if more, next, err := aofTail(r.aofPath, r.aofOff); err == nil && len(more) > 0 {
		r.aofOff = next
		cmds = append(cmds, more...)
		if _, err := apply(r.sc, more); err == nil {
			now, err1 := redis.String(r.mc.Do("DEBUG", "DIGEST"))
			sd, err2 := redis.String(r.sc.Do("DEBUG", "DIGEST"))
			if err1 == nil && err2 == nil && now == sd {
				return true
			}
		}
	}
	diff := r.diffKeys()
	var msg string
	switch {
	case len(cmds) == 0 && after != before:
		msg = fmt.Sprintf("command %q changed the dataset but propagated nothing: after %q, %s; replicas and the AOF never see the change", c.name, call, diff)
	case len(cmds) == 0:
		msg = fmt.Sprintf("after %q the master and the replica differ (%s) although nothing was propagated", call, diff)
	default:
		msg = fmt.Sprintf("what command %q propagated does not reproduce its effect: after %q the master propagated %s, and replaying that leaves a different dataset (%s)", c.name, call, renderCmds(cmds), diff)
		if len(errs) > 0 {
			msg += fmt.Sprintf("; the replica answered %s", quoteAll(errs))
		}
	}
	if !hasFlag(c.flags, "write") {
		msg += "; the command is not even flagged \"write\""
	}
	r.report(c, RuleRepl, "repl", msg)
	return true
}

func hasFlag(flags []string, f string) bool {
	for _, x := range flags {
		if x == f {
			return true
		}
	}
	return false
}

// diffKeys names up to three keys of database 0 that differ between the
// master and the replica.
func (r *moduleRun) diffKeys() string {
	keys := map[string]bool{}
	for _, c := range []redis.Conn{r.mc, r.sc} {
		if ks, err := redis.Strings(c.Do("KEYS", "*")); err == nil {
			for _, k := range ks {
				keys[k] = true
			}
		}
	}
	var sorted []string
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	var parts []string
	for _, k := range sorted {
		mt, _ := redis.String(r.mc.Do("TYPE", k))
		st, _ := redis.String(r.sc.Do("TYPE", k))
		md, _ := redis.Strings(r.mc.Do("DEBUG", "DIGEST-VALUE", k))
		sd, _ := redis.Strings(r.sc.Do("DEBUG", "DIGEST-VALUE", k))
		switch {
		case mt != st:
			parts = append(parts, fmt.Sprintf("key %q is %s on the master but %s on the replica", k, typeName(mt), typeName(st)))
		case strings.Join(md, "") != strings.Join(sd, ""):
			parts = append(parts, fmt.Sprintf("key %q (%s) has a different value on the replica", k, mt))
		}
		if len(parts) == 3 {
			break
		}
	}
	if len(parts) == 0 {
		return "the difference is outside database 0"
	}
	return strings.Join(parts, ", ")
}

func typeName(t string) string {
	if t == "none" || t == "" {
		return "missing"
	}
	return "a " + t
}

func renderCmds(cmds [][]string) string {
	if len(cmds) == 0 {
		return "nothing"
	}
	var parts []string
	for i, c := range cmds {
		if i == 4 {
			parts = append(parts, fmt.Sprintf("and %d more", len(cmds)-4))
			break
		}
		parts = append(parts, quote(strings.Join(c, " ")))
	}
	return strings.Join(parts, ", ")
}
