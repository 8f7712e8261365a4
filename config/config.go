// Package config reads rmlint's configuration file, .rmlint.yaml:
//
//	# Rules to run (default: all). The names are those of `rmlint rules`,
//	# plus "suppression" (the findings about rmlint:ignore comments).
//	enable: [cmdflags, replycount]
//	disable: [leak]
//	# Severity of a rule's findings: error, warning or note.
//	severity:
//	  writeflag: warning
//	# Parsing, as -I, -D, -U and --compile-commands; relative paths are
//	# relative to the directory of this file.
//	include: [deps/redis/src]
//	define: [USE_JEMALLOC, "VERSION=2"]
//	undefine: [NDEBUG]
//	compile-commands: build/compile_commands.json
//	redis-version: "6.2"          # as --redis-version
//	smoke: false                  # as --smoke
//	report-unused-ignores: true   # as --report-unused-ignores
//	baseline: .rmlint-baseline.json  # as --baseline (relative to this file)
//	# Findings in these files are not reported (the files are still
//	# analysed as part of their module).
//	exclude: ["third_party/**"]
//	# Settings for some files, by glob; when several patterns match a file,
//	# the later ones win for severities, and every matching disable applies.
//	paths:
//	  "vendor/**":
//	    disable: [leak, badfree]
//	  "src/legacy/*.c":
//	    severity: {replycount: warning}
//
// Globs are matched against the file's path relative to the directory of the
// configuration file, with "/" separators: "*" and "?" match within one path
// element, "**" any number of elements, "[…]" a character class. A pattern
// also matches every file below a directory it matches, and a pattern without
// "/" is matched against each element of the path (as in .gitignore), so
// "vendor" matches "vendor/x.c" and "src/vendor/y.h".
//
// Every key is optional; an unknown key, a wrong type, an unknown rule name
// or severity is an error naming the file, line and column. Command-line
// flags override the file (see the rmlint command's documentation).
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rmlint/rmlint/reports"
)

// FileNames are the names Find looks for, in order.
var FileNames = []string{".rmlint.yaml", ".rmlint.yml"}

// Config is a parsed configuration file.
type Config struct {
	File string // the file it was read from
	Dir  string // its directory, absolute

	Enable, Disable     []string
	Severity            map[string]reports.Severity
	Include             []string // absolute
	Define, Undefine    []string
	CompileCommands     string // absolute; "" when not set
	RedisVersion        string
	Smoke               *bool
	ReportUnusedIgnores *bool
	Baseline            string // absolute; "" when not set
	Exclude             []string
	Paths               []PathSettings

	excludeRE []*regexp.Regexp
}

// PathSettings are the settings of the files a glob matches.
type PathSettings struct {
	Pattern  string
	Disable  []string
	Severity map[string]reports.Severity
	re       *regexp.Regexp
}

// Find returns the configuration file that applies to start (a file or a
// directory): the first of FileNames in start's directory or one above it.
// It returns "" when there is none.
func Find(start string) string {
	abs, err := filepath.Abs(start)
	if err != nil {
		return ""
	}
	dir := abs
	if st, err := os.Stat(abs); err != nil || !st.IsDir() {
		dir = filepath.Dir(abs)
	}
	for {
		for _, n := range FileNames {
			p := filepath.Join(dir, n)
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
				return p
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Load reads and checks a configuration file. known reports whether a rule
// name exists (nil accepts every name).
func Load(path string, known func(string) bool) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s: %v", path, pe.Err)
		}
		return nil, err
	}
	return Parse(path, data, known)
}

// Parse checks the content of a configuration file read from path.
func Parse(path string, data []byte, known func(string) bool) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	c := &Config{File: path, Dir: filepath.Dir(abs), Severity: map[string]reports.Severity{}}
	p := &parser{file: path, known: known}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return c, nil // an empty file
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return c, nil
	}
	p.mapping(root, "the configuration", map[string]func(k, v *yaml.Node){
		"enable":   func(k, v *yaml.Node) { c.Enable = p.rules(v) },
		"disable":  func(k, v *yaml.Node) { c.Disable = p.rules(v) },
		"severity": func(k, v *yaml.Node) { c.Severity = p.severities(v) },
		"include": func(k, v *yaml.Node) {
			for _, s := range p.strings(v) {
				c.Include = append(c.Include, c.abs(s))
			}
		},
		"define":           func(k, v *yaml.Node) { c.Define = p.strings(v) },
		"undefine":         func(k, v *yaml.Node) { c.Undefine = p.strings(v) },
		"compile-commands": func(k, v *yaml.Node) { c.CompileCommands = c.abs(p.str(v)) },
		"redis-version":    func(k, v *yaml.Node) { c.RedisVersion = p.str(v) },
		"smoke":            func(k, v *yaml.Node) { c.Smoke = p.boolean(v) },
		"report-unused-ignores": func(k, v *yaml.Node) {
			c.ReportUnusedIgnores = p.boolean(v)
		},
		"baseline": func(k, v *yaml.Node) { c.Baseline = c.abs(p.str(v)) },
		"exclude": func(k, v *yaml.Node) {
			for _, n := range p.seq(v) {
				s := p.str(n)
				if re := p.glob(n, s); re != nil {
					c.Exclude = append(c.Exclude, s)
					c.excludeRE = append(c.excludeRE, re)
				}
			}
		},
		"paths": func(k, v *yaml.Node) {
			if v.Kind != yaml.MappingNode {
				p.errorf(v, "paths must be a mapping from glob patterns to settings")
				return
			}
			for i := 0; i+1 < len(v.Content); i += 2 {
				pk, pv := v.Content[i], v.Content[i+1]
				ps := PathSettings{Pattern: p.str(pk)}
				ps.re = p.glob(pk, ps.Pattern)
				p.mapping(pv, fmt.Sprintf("paths %q", ps.Pattern), map[string]func(k, v *yaml.Node){
					"disable":  func(k, v *yaml.Node) { ps.Disable = p.rules(v) },
					"severity": func(k, v *yaml.Node) { ps.Severity = p.severities(v) },
				})
				if ps.re != nil {
					c.Paths = append(c.Paths, ps)
				}
			}
		},
	})
	if len(p.errs) > 0 {
		return nil, errors.New(strings.Join(p.errs, "\n"))
	}
	return c, nil
}

func (c *Config) abs(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.Dir, p)
}

// rel is file relative to the configuration's directory with "/", and false
// when the file is outside it.
func (c *Config) rel(file string) (string, bool) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return "", false
	}
	r, err := filepath.Rel(c.Dir, abs)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

// Excluded reports whether findings in file are not reported at all.
func (c *Config) Excluded(file string) bool {
	r, ok := c.rel(file)
	if !ok {
		return false
	}
	for _, re := range c.excludeRE {
		if matchPath(re, r) {
			return true
		}
	}
	return false
}

// RuleOn reports whether rule's findings in file are reported: the file is
// not excluded and no matching paths entry disables the rule.
func (c *Config) RuleOn(rule, file string) bool {
	if c == nil {
		return true
	}
	if c.Excluded(file) {
		return false
	}
	r, ok := c.rel(file)
	if !ok {
		return true
	}
	for _, ps := range c.Paths {
		if matchPath(ps.re, r) && contains(ps.Disable, rule) {
			return false
		}
	}
	return true
}

// SeverityOf returns the severity the configuration gives rule's findings in
// file: the last matching paths entry that sets one, else the top-level
// severity map.
func (c *Config) SeverityOf(rule, file string) (reports.Severity, bool) {
	if c == nil {
		return 0, false
	}
	if r, ok := c.rel(file); ok {
		for i := len(c.Paths) - 1; i >= 0; i-- {
			ps := c.Paths[i]
			if s, ok := ps.Severity[rule]; ok && matchPath(ps.re, r) {
				return s, true
			}
		}
	}
	s, ok := c.Severity[rule]
	return s, ok
}

// Apply drops the findings of res that the configuration turns off for their
// file and sets the configured severities (also on res.Rules' defaults).
func (c *Config) Apply(res *reports.Result) {
	if c == nil {
		return
	}
	var kept []reports.Finding
	for _, f := range res.Findings {
		if !c.RuleOn(f.Rule, f.Pos.File) {
			continue
		}
		if s, ok := c.SeverityOf(f.Rule, f.Pos.File); ok {
			f.Severity = s
		}
		kept = append(kept, f)
	}
	res.Findings = kept
	for i, r := range res.Rules {
		if s, ok := c.Severity[r.Name]; ok {
			res.Rules[i].Severity = s
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// matchPath reports whether the glob matches rel or one of its parent
// directories; a pattern without "/" is tried on every path element.
func matchPath(re *regexp.Regexp, rel string) bool {
	if re == nil {
		return false
	}
	parts := strings.Split(rel, "/")
	for i := len(parts); i > 0; i-- {
		if re.MatchString(strings.Join(parts[:i], "/")) {
			return true
		}
	}
	return false
}

// globRE compiles a glob (see the package documentation).
func globRE(pat string) (*regexp.Regexp, error) {
	pat = strings.TrimPrefix(pat, "./")
	pat = strings.TrimSuffix(pat, "/")
	if pat == "" {
		return nil, errors.New("empty pattern")
	}
	var b strings.Builder
	b.WriteString("^")
	if !strings.Contains(pat, "/") {
		b.WriteString("(?:.*/)?") // any directory
	}
	for i := 0; i < len(pat); i++ {
		ch := pat[i]
		switch {
		case strings.HasPrefix(pat[i:], "**/"):
			b.WriteString("(?:.*/)?")
			i += 2
		case strings.HasPrefix(pat[i:], "**"):
			b.WriteString(".*")
			i++
		case ch == '*':
			b.WriteString("[^/]*")
		case ch == '?':
			b.WriteString("[^/]")
		case ch == '[':
			j := strings.IndexByte(pat[i+1:], ']')
			if j < 0 {
				return nil, errors.New("unterminated [")
			}
			class := pat[i+1 : i+1+j]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i += j + 1
		default:
			b.WriteString(regexp.QuoteMeta(string(ch)))
		}
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}

// parser collects errors with positions while walking the YAML tree.
type parser struct {
	file  string
	known func(string) bool
	errs  []string
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.errs = append(p.errs, fmt.Sprintf("%s:%d:%d: %s", p.file, n.Line, n.Column, fmt.Sprintf(format, args...)))
}

func (p *parser) mapping(n *yaml.Node, what string, keys map[string]func(k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping of keys to values", what)
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		fn, ok := keys[k.Value]
		if !ok {
			var names []string
			for name := range keys {
				names = append(names, name)
			}
			sort.Strings(names)
			p.errorf(k, "unknown key %q in %s (known keys: %s)", k.Value, what, strings.Join(names, ", "))
			continue
		}
		if seen[k.Value] {
			p.errorf(k, "key %q appears twice in %s", k.Value, what)
			continue
		}
		seen[k.Value] = true
		fn(k, v)
	}
}

func (p *parser) str(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.errorf(n, "want a string")
		return ""
	}
	return n.Value
}

func (p *parser) boolean(n *yaml.Node) *bool {
	var b bool
	if n.Kind != yaml.ScalarNode || n.Decode(&b) != nil || n.Tag != "!!bool" {
		p.errorf(n, "want true or false")
		return nil
	}
	return &b
}

// seq accepts a list, or a single scalar as a list of one.
func (p *parser) seq(n *yaml.Node) []*yaml.Node {
	switch n.Kind {
	case yaml.SequenceNode:
		return n.Content
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil
		}
		return []*yaml.Node{n}
	}
	p.errorf(n, "want a list")
	return nil
}

func (p *parser) strings(n *yaml.Node) []string {
	var out []string
	for _, x := range p.seq(n) {
		if s := p.str(x); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (p *parser) rules(n *yaml.Node) []string {
	var out []string
	for _, x := range p.seq(n) {
		s := p.str(x)
		for _, r := range strings.Split(s, ",") {
			r = strings.TrimSpace(r)
			if r == "" {
				continue
			}
			if p.known != nil && !p.known(r) {
				p.errorf(x, "unknown rule %q", r)
				continue
			}
			out = append(out, r)
		}
	}
	return out
}

func (p *parser) severities(n *yaml.Node) map[string]reports.Severity {
	out := map[string]reports.Severity{}
	p.mappingAny(n, "severity", func(k, v *yaml.Node) {
		if p.known != nil && !p.known(k.Value) {
			p.errorf(k, "unknown rule %q", k.Value)
			return
		}
		s, err := reports.ParseSeverity(p.str(v))
		if err != nil {
			p.errorf(v, "%v", err)
			return
		}
		out[k.Value] = s
	})
	return out
}

func (p *parser) mappingAny(n *yaml.Node, what string, fn func(k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping", what)
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		fn(n.Content[i], n.Content[i+1])
	}
}

func (p *parser) glob(n *yaml.Node, pat string) *regexp.Regexp {
	re, err := globRE(pat)
	if err != nil {
		p.errorf(n, "bad pattern %q: %v", pat, err)
		return nil
	}
	return re
}
