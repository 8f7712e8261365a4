// Package checktest runs a rule over C testdata and compares its findings
// with expectations written in the files, in the spirit of
// golang.org/x/tools/go/analysis/analysistest.
//
// Each .c file directly in the testdata directory is analysed on its own;
// each subdirectory is analysed as one set of files (a multi-file module).
// A comment
//
//	/* want "regexp" */   or   // want `regexp` "another"
//
// (Go string syntax: quoted or raw) on a line says that the rule must report a finding on that line whose
// message matches each regexp; every finding must be expected this way, so a
// line without a want comment must stay silent. A comment
//
//	// rmlint-test: redis-version=6.2
//
// anywhere in a file sets the target release for its set.
package checktest

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/rmlint/rmlint/checks/driver"
	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/redisapi"
	"github.com/rmlint/rmlint/reports"
)

// Run checks rule against every input set in dir and returns the findings of
// all sets (for further assertions).
func Run(t *testing.T, dir string, rule *inspect.Rule) []reports.Finding {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var all []reports.Finding
	sets := 0
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		switch {
		case e.IsDir():
			sets++
			all = append(all, runSet(t, p, rule)...)
		case strings.HasSuffix(e.Name(), ".c"):
			sets++
			all = append(all, runSet(t, p, rule)...)
		}
	}
	if sets == 0 {
		t.Fatalf("no testdata in %s", dir)
	}
	return all
}

type want struct {
	file string
	line int
	re   *regexp.Regexp
	hit  bool
}

var (
	wantRE   = regexp.MustCompile("(?://|/\\*)\\s*want((?:\\s+(?:\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`))+)")
	stringRE = regexp.MustCompile("\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`")
	targetRE = regexp.MustCompile(`rmlint-test:\s*redis-version=(\S+)`)
)

func runSet(t *testing.T, path string, rule *inspect.Rule) []reports.Finding {
	t.Helper()
	var files []string
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".c") || strings.HasSuffix(p, ".h")) {
				files = append(files, p)
			}
			return nil
		})
	} else {
		files = []string{path}
	}
	var wants []*want
	var target redisapi.Version
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			if m := targetRE.FindStringSubmatch(line); m != nil {
				v, err := redisapi.ParseVersion(strings.TrimSuffix(m[1], "*/"))
				if err != nil {
					t.Fatalf("%s:%d: %v", f, i+1, err)
				}
				target = v
			}
			for _, m := range wantRE.FindAllStringSubmatch(line, -1) {
				for _, q := range stringRE.FindAllString(m[1], -1) {
					s, err := strconv.Unquote(q)
					if err != nil {
						t.Fatalf("%s:%d: bad want string %s: %v", f, i+1, q, err)
					}
					re, err := regexp.Compile(s)
					if err != nil {
						t.Fatalf("%s:%d: bad want regexp %q: %v", f, i+1, s, err)
					}
					wants = append(wants, &want{file: filepath.Clean(f), line: i + 1, re: re})
				}
			}
		}
	}
	var inputs []string
	for _, f := range files {
		if strings.HasSuffix(f, ".c") {
			inputs = append(inputs, f)
		}
	}
	res := driver.Run(driver.Config{
		Rules:  []*inspect.Rule{rule},
		Target: target,
		Jobs:   2,
		Parse:  cparse.Options{NoCompileCommands: true},
	}, inputs)
	for _, e := range res.Errors {
		t.Errorf("%s: unexpected input error: %s", e.Pos, e.Message)
	}
	for _, f := range res.Findings {
		if f.Rule != rule.Name() {
			t.Errorf("%s: finding of rule %s while testing %s", f.Pos, f.Rule, rule.Name())
		}
		matched := false
		for _, w := range wants {
			if !w.hit && w.file == filepath.Clean(f.Pos.File) && w.line == f.Pos.Line && w.re.MatchString(f.Message) {
				w.hit, matched = true, true
				break
			}
		}
		if !matched {
			t.Errorf("%s:%d:%d: unexpected finding: %s", f.Pos.File, f.Pos.Line, f.Pos.Col, f.Message)
		}
	}
	sort.Slice(wants, func(i, j int) bool { return wants[i].line < wants[j].line })
	for _, w := range wants {
		if !w.hit {
			t.Errorf("%s:%d: no finding matched %q", w.file, w.line, w.re)
		}
	}
	return res.Findings
}
