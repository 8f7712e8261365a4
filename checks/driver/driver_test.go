package driver

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/rmlint/rmlint/checks/cmdflags"
	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/reports"
)

var boom = &analysis.Analyzer{
	Name:     "boom",
	Doc:      "boom: always panics",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      func(*analysis.Pass) (any, error) { panic("kaboom") },
}

var afterBoom = &analysis.Analyzer{
	Name:     "afterboom",
	Doc:      "afterboom: needs boom",
	Requires: []*analysis.Analyzer{boom},
	Run:      func(*analysis.Pass) (any, error) { return nil, nil },
}

func TestPanickingRuleIsReportedAndOthersRun(t *testing.T) {
	res := Run(Config{
		Rules: []*inspect.Rule{
			{Analyzer: boom, Severity: reports.SeverityError},
			{Analyzer: afterBoom, Severity: reports.SeverityError},
			cmdflags.Rule,
		},
		Parse: cparse.Options{NoCompileCommands: true},
	}, []string{"../cmdflags/testdata/bad.c"})
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, "internal error in rule boom: panic: kaboom") || res.Errors[0].Pos.File != "../cmdflags/testdata/bad.c" {
		t.Fatalf("errors: %+v", res.Errors)
	}
	n := 0
	for _, f := range res.Findings {
		if f.Rule == "cmdflags" {
			n++
		}
	}
	if n == 0 {
		t.Fatal("cmdflags did not run after another rule panicked")
	}
}

// A file that two modules share is analysed twice; its findings are
// reported once.
func TestSharedFileFindingsReportedOnce(t *testing.T) {
	res := Run(Config{Rules: []*inspect.Rule{cmdflags.Rule}, Parse: cparse.Options{NoCompileCommands: true}},
		[]string{"testdata/shared"})
	if len(res.Errors) != 0 {
		t.Fatalf("errors: %+v", res.Errors)
	}
	if len(res.Findings) != 1 || !strings.Contains(res.Findings[0].Message, `"shared.cmd"`) {
		t.Fatalf("findings: %+v", res.Findings)
	}
}

func TestExpandPaths(t *testing.T) {
	files, errs := expand([]string{"testdata/shared", "testdata/shared/a.c", "testdata/nope"}, &cparse.Options{})
	if len(files) != 3 {
		t.Errorf("files: %+v (a.c must not be listed twice)", files)
	}
	if len(errs) != 1 || errs[0].Pos.File != "testdata/nope" {
		t.Errorf("errs: %+v", errs)
	}
}
