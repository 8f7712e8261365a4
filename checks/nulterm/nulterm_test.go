package nulterm_test

import (
	"strings"
	"testing"

	"github.com/rmlint/rmlint/checks/checktest"
	"github.com/rmlint/rmlint/checks/driver"
	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/checks/nulterm"
	"github.com/rmlint/rmlint/cparse"
)

func Test(t *testing.T) { checktest.Run(t, "testdata", nulterm.Rule) }

// TestModuleGuide: the guide's COUNTER.INCR parses a StringDMA buffer with
// sscanf; its Hello World has nothing to report.
func TestModuleGuide(t *testing.T) {
	run := func(file string) []string {
		res := driver.Run(driver.Config{
			Rules: []*inspect.Rule{nulterm.Rule},
			Parse: cparse.Options{NoCompileCommands: true},
		}, []string{"../../testdata/examples/" + file})
		for _, e := range res.Errors {
			t.Errorf("%s: %s", e.Pos, e.Message)
		}
		var msgs []string
		for _, f := range res.Findings {
			msgs = append(msgs, f.Message)
		}
		return msgs
	}
	counter := run("counter.c")
	if len(counter) != 1 || !strings.Contains(counter[0], "sscanf") || !strings.Contains(counter[0], "RedisModule_StringDMA") {
		t.Errorf("counter.c: want one finding about sscanf on the StringDMA buffer, got %q", counter)
	}
	if hello := run("helloworld.c"); len(hello) != 0 {
		t.Errorf("helloworld.c: want no finding, got %q", hello)
	}
}
