package checks_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/rmlint/rmlint/checks"
	"github.com/rmlint/rmlint/checks/driver"
	"github.com/rmlint/rmlint/cparse"
)

// The module guide's own examples: every rule runs, and exactly these
// findings come out (rule@line).
func TestGuideExamples(t *testing.T) {
	want := map[string][]string{
		// HELLO.GREET replies twice and leaks a Strdup; HELLO.SIMPLE and
		// OnLoad are fine.
		"helloworld.c": {"leak@20", "replycount@21"},
		// COUNTER.INCR hands a StringDMA buffer to sscanf.
		"counter.c": {"nulterm@39"},
	}
	for file, exp := range want {
		res := driver.Run(driver.Config{Rules: checks.All, Parse: cparse.Options{NoCompileCommands: true}}, []string{"../testdata/examples/" + file})
		if len(res.Errors) > 0 {
			t.Fatalf("%s: %v", file, res.Errors)
		}
		var got []string
		for _, f := range res.Findings {
			got = append(got, fmt.Sprintf("%s@%d", f.Rule, f.Pos.Line))
		}
		sort.Strings(got)
		if strings.Join(got, " ") != strings.Join(exp, " ") {
			t.Errorf("%s: got %v, want %v", file, got, exp)
		}
	}
}
