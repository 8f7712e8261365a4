package smoke

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/reports"
)

// Relating dynamic findings to static ones. A dynamic finding confirms a
// static one when both are about the same thing, as far as positions and
// rule meanings tell:
//
//   - smokebuild: a static format-string finding on the same line;
//   - smokeload, a load failure: static onload, initorder, cmdflags and
//     datatype findings of the module (the usual reasons OnLoad fails);
//   - smokeload about one registration (missing command, other flags or key
//     positions): static cmdflags and keypos findings on that registration;
//   - smokereply, smokerepl, smokecrash: static findings about the same
//     command (Finding.Command) or inside its handler (for a crash, also
//     inside the module function the crash report names; for a crash in
//     COMMAND GETKEYS, on the registration), whose rule is
//     about replies (smokereply), replication (smokerepl), or anything else
//     that can crash (smokecrash: not replies, replication, flags or the
//     API version).

// span is a range of lines of one file.
type span struct {
	file       string
	start, end int
}

func (s span) contains(p reports.Position) bool {
	return s.file != "" && samePath(s.file, p.File) && p.Line >= s.start && p.Line <= s.end
}

func funcSpan(f *cparse.Func) span {
	if f == nil || f.Def == nil {
		return span{}
	}
	start := f.Def.Position()
	end := f.Body().Token2.Position()
	return span{file: start.Filename, start: start.Line, end: end.Line}
}

func samePath(a, b string) bool {
	if a == b {
		return true
	}
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

// moduleFiles are the files of a module: its units and the project headers
// its functions are defined in.
func moduleFiles(m *cparse.Module) []string {
	var r []string
	for _, u := range m.Units {
		r = append(r, u.Path)
	}
	for _, f := range m.Funcs() {
		r = append(r, f.File)
	}
	return r
}

func inFiles(files []string, p string) bool {
	for _, f := range files {
		if samePath(f, p) {
			return true
		}
	}
	return false
}

func ruleAbout(rule string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(rule, w) {
			return true
		}
	}
	return false
}

func isReplyRule(rule string) bool { return ruleAbout(rule, "reply") }
func isReplRule(rule string) bool {
	return !isReplyRule(rule) && ruleAbout(rule, "repl", "propag")
}

var loadRules = map[string]bool{"onload": true, "initorder": true, "cmdflags": true, "datatype": true}
var registrationRules = map[string]bool{"cmdflags": true, "keypos": true}
var notCrashRules = map[string]bool{"cmdflags": true, "apiversion": true, "onload": true}

// confirms reports whether dynamic finding d (of module run r) confirms
// static finding s.
func (r *moduleRun) confirms(d, s *reports.Finding) bool {
	switch d.Rule {
	case RuleBuild:
		// Only format checks: gcc checks printf-style formats too.
		return ruleAbout(s.Rule, "fmt", "format") && samePath(d.Pos.File, s.Pos.File) && d.Pos.Line == s.Pos.Line
	case RuleLoad:
		if d.Severity == reports.SeverityNote {
			return false
		}
		if d.Command == "" {
			return loadRules[s.Rule]
		}
		if !registrationRules[s.Rule] {
			return false
		}
		if s.Command != "" {
			return strings.EqualFold(s.Command, d.Command)
		}
		for _, sc := range r.static {
			if sc.name == d.Command && callSpan(sc.c).contains(s.Pos) {
				return true
			}
		}
		return false
	}
	// smokereply, smokerepl, smokecrash
	switch d.Rule {
	case RuleReply:
		if !isReplyRule(s.Rule) {
			return false
		}
	case RuleRepl:
		if !isReplRule(s.Rule) {
			return false
		}
	case RuleCrash:
		if isReplyRule(s.Rule) || isReplRule(s.Rule) || notCrashRules[s.Rule] {
			return false
		}
	}
	if s.Command != "" {
		return strings.EqualFold(s.Command, d.Command)
	}
	c := r.cmd(d.Command)
	if c == nil || c.sc == nil {
		return false
	}
	if funcSpan(c.sc.c.Handler).contains(s.Pos) {
		return true
	}
	// A crash while Redis extracted the keys confirms what the static
	// analysis says about the registration's key positions.
	if d.Rule == RuleCrash && strings.Contains(d.Message, "COMMAND GETKEYS") && callSpan(c.sc.c).contains(s.Pos) {
		return true
	}
	if d.Rule == RuleCrash {
		if m := frameRe.FindStringSubmatch(d.Message); m != nil {
			name, _, _ := strings.Cut(m[1], "+")
			if f := r.pm.mod.Func(nil, name); f != nil && funcSpan(f).contains(s.Pos) {
				return true
			}
		}
	}
	return false
}

// callSpan is the lines of a registration call.
func callSpan(c *cparse.Command) span {
	if c == nil || c.Call == nil {
		return span{}
	}
	start := c.Call.Position()
	end := start.Line
	if c.Call.Token2.Position().Line > end { // the closing parenthesis
		end = c.Call.Token2.Position().Line
	}
	return span{file: start.Filename, start: start.Line, end: end}
}

func (r *moduleRun) cmd(name string) *probeCmd {
	for _, c := range r.cmds {
		if c.name == name {
			return c
		}
	}
	return nil
}

// commandOf returns the command a static finding is about: its Command, or
// the command whose handler or registration holds its position.
func (r *moduleRun) commandOf(s *reports.Finding) (name string, ok bool) {
	if s.Command != "" {
		return strings.ToLower(s.Command), true
	}
	for _, sc := range r.static {
		if !sc.c.NameKnown {
			continue
		}
		if callSpan(sc.c).contains(s.Pos) || funcSpan(sc.c.Handler).contains(s.Pos) {
			return sc.name, true
		}
	}
	return "", false
}

// relate adds Related entries to the dynamic findings for the static
// findings they confirm, and computes the status of each static finding of a
// smoke-tested module.
func relate(res *Result, runs []*moduleRun, static []reports.Finding) {
	var out []reports.Finding
	for _, r := range runs {
		files := moduleFiles(r.pm.mod)
		for i := range r.findings {
			d := &r.findings[i]
			for j := range static {
				s := &static[j]
				if !inFiles(files, s.Pos.File) {
					continue
				}
				if r.confirms(d, s) {
					d.Related = append(d.Related, reports.Related{Pos: s.Pos, Message: fmt.Sprintf("confirms the static finding [%s]: %s", s.Rule, s.Message)})
				}
			}
			out = append(out, *d)
		}
		for j := range static {
			s := &static[j]
			if !inFiles(files, s.Pos.File) || r.pm.mod.OnLoad == nil {
				continue
			}
			st := StaticStatus{Finding: *s}
			for i := range r.findings {
				if r.confirms(&r.findings[i], s) && !contains(st.By, r.findings[i].Rule) {
					st.By = append(st.By, r.findings[i].Rule)
				}
			}
			switch {
			case len(st.By) > 0:
				st.State = "confirmed"
			case !r.sum.Built:
				st.State, st.Why = "not exercised", "the module did not compile"
			case !r.sum.Loaded:
				st.State, st.Why = "not exercised", "the module did not load"
			default:
				st.State = "not confirmed"
				if name, ok := r.commandOf(s); ok {
					c := r.cmd(name)
					switch {
					case c == nil:
						st.State, st.Why = "not exercised", fmt.Sprintf("command %q is not registered after loading", name)
					case c.sum.Container:
						st.State, st.Why = "not exercised", fmt.Sprintf("command %q is a container of subcommands", name)
					case c.sum.Exercised == 0:
						st.State, st.Why = "not exercised", fmt.Sprintf("command %q: %s", name, c.sum.NotExercised)
					case c.sum.NotExercised != "":
						st.Why = fmt.Sprintf("command %q was exercised by %d probes, then: %s", name, c.sum.Exercised, c.sum.NotExercised)
					default:
						st.Why = fmt.Sprintf("command %q was exercised by %d probes and nothing smoke testing observes went wrong", name, c.sum.Exercised)
					}
				}
			}
			res.Static = append(res.Static, st)
		}
	}
	res.Findings = out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// WriteSummary writes the smoke run's summary block: what happened to each
// module and command, and which static findings were confirmed, not
// confirmed, or could not be exercised. root is the directory paths are
// shown relative to ("" for the current directory).
func (res *Result) WriteSummary(w io.Writer, root string) error {
	show := func(p string) string {
		if p == "" {
			return p
		}
		base := root
		if base == "" {
			base = "."
		}
		ab, err1 := filepath.Abs(base)
		ap, err2 := filepath.Abs(p)
		if err1 == nil && err2 == nil {
			if rel, err := filepath.Rel(ab, ap); err == nil && !strings.HasPrefix(rel, "..") {
				return rel
			}
		}
		return p
	}
	var b strings.Builder
	loaded := 0
	for _, m := range res.Modules {
		if m.Loaded {
			loaded++
		}
	}
	fmt.Fprintf(&b, "smoke test: redis-server %s, %s: %s, %d loaded, in %v\n", res.Tools.RedisVersion, strings.Join(res.Tools.Compiler, " "),
		plural(len(res.Modules), "module", "modules"), loaded, res.Elapsed.Round(10*time.Millisecond))
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	for _, m := range res.Modules {
		state := "loaded"
		switch {
		case !m.Built && m.Problem != "":
			state = m.Problem
		case !m.Built:
			state = "not built"
		case !m.Loaded:
			state = "built; " + m.Problem
		}
		name := ""
		if m.Name != "" {
			name = fmt.Sprintf(" (module %q)", m.Name)
		}
		fmt.Fprintf(tw, "  %s%s: %s", show(m.File), name, state)
		if m.Loaded && m.Problem != "" {
			fmt.Fprintf(tw, "; %s", m.Problem)
		}
		fmt.Fprintln(tw)
		for _, c := range m.Commands {
			verdict := "ok"
			if len(c.Rules) > 0 {
				verdict = strings.Join(c.Rules, ", ")
			}
			switch {
			case c.Container:
				verdict = "a container of subcommands (they are probed one by one)"
			case c.NotExercised == "" || contains(c.Rules, RuleCrash):
			case len(c.Rules) == 0 && c.Exercised == 0:
				verdict = "could not be exercised: " + c.NotExercised
			case c.Exercised == 0:
				verdict += "; could not be exercised: " + c.NotExercised
			default:
				verdict += "; then " + c.NotExercised
			}
			fmt.Fprintf(tw, "    %s\t%s\t%s\n", c.Name, plural(c.Probes, "probe", "probes"), verdict)
		}
	}
	for _, s := range res.Skipped {
		fmt.Fprintf(tw, "  %s: not smoke-tested (the file could not be translated)\n", show(s))
	}
	tw.Flush()
	var conf, notConf, notEx int
	for _, s := range res.Static {
		switch s.State {
		case "confirmed":
			conf++
		case "not confirmed":
			notConf++
		default:
			notEx++
		}
	}
	if len(res.Static) > 0 {
		fmt.Fprintf(&b, "static findings: %d confirmed, %d not confirmed, %d could not be exercised\n", conf, notConf, notEx)
		for _, s := range res.Static {
			f := s.Finding
			loc := show(f.Pos.File)
			if f.Pos.Line > 0 {
				loc += fmt.Sprintf(":%d:%d", f.Pos.Line, f.Pos.Col)
			}
			msg := f.Message
			if len(msg) > 100 {
				msg = msg[:100] + "…"
			}
			detail := s.Why
			if s.State == "confirmed" {
				detail = "by " + strings.Join(s.By, ", ")
			}
			line := fmt.Sprintf("  %s: %s: [%s] %s", s.State, loc, f.Rule, msg)
			if detail != "" {
				line += " — " + detail
			}
			b.WriteString(line + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
