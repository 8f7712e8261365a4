package driver

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/rmlint/rmlint/checks"
	"github.com/rmlint/rmlint/cparse"
)

// Slimming redismodule.h (cparse/slim.go) is only an optimisation: on every
// file of rmlint's testdata, every rule finds exactly what it finds with the
// whole header.
func TestSlimHeaderChangesNoFinding(t *testing.T) {
	dirs, err := filepath.Glob("../*/testdata")
	if err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, "../../testdata/examples")
	run := func(whole bool) (string, int) {
		st := &Stats{}
		res := Run(Config{Parse: cparse.Options{NoCompileCommands: true, WholeHeader: whole}, Rules: checks.All, Stats: st}, dirs)
		b, err := json.MarshalIndent(struct{ F, E any }{res.Findings, res.Errors}, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		return string(b), st.Files
	}
	slim, n := run(false)
	whole, _ := run(true)
	if n < 50 {
		t.Fatalf("only %d files", n)
	}
	if slim != whole {
		t.Errorf("findings differ with a slimmed header:\nslim:\n%s\nwhole:\n%s", slim, whole)
	}
	// And the comparison is not vacuous: nearly every file that translates
	// does so with the slimmed header (a fallback to the whole header
	// would hide a slimming bug).
	var ok, slimmed int
	for _, d := range dirs {
		files, _ := filepath.Glob(filepath.Join(d, "*.c"))
		for _, f := range files {
			u, err := cparse.ParseFile(f, &cparse.Options{NoCompileCommands: true})
			if err != nil {
				continue
			}
			ok++
			if u.SlimHeader {
				slimmed++
			} else {
				t.Logf("%s: translated with the whole header", f)
			}
		}
	}
	if slimmed*10 < ok*9 {
		t.Errorf("only %d of %d files translated with a slimmed header", slimmed, ok)
	}
}
