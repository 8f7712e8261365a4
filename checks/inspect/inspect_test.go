package inspect

import (
	"path/filepath"
	"testing"

	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/cparse"
)

// endTokens' shortcut for function definitions finds the tokens listing
// all of a definition's tokens finds, on every definition in testdata.
func TestEndTokensOfDefinitions(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/examples/*.c")
	more, _ := filepath.Glob("../*/testdata/*.c")
	files = append(files, more...)
	defs := 0
	for _, f := range files {
		u, err := cparse.ParseFile(f, &cparse.Options{NoCompileCommands: true})
		if err != nil {
			continue // the bad-input cases
		}
		for _, fn := range u.Funcs {
			first, last, ok := endTokens(fn.Def)
			toks := cc.NodeTokens(fn.Def)
			if !ok || len(toks) == 0 {
				t.Fatalf("%s: %s: no tokens", f, fn.Name)
			}
			if first != toks[0].Position() || last.Position() != toks[len(toks)-1].Position() || last.SrcStr() != toks[len(toks)-1].SrcStr() {
				t.Errorf("%s: %s: endTokens %v..%v %q, all tokens %v..%v %q", f, fn.Name, first, last.Position(), last.SrcStr(),
					toks[0].Position(), toks[len(toks)-1].Position(), toks[len(toks)-1].SrcStr())
			}
			defs++
		}
	}
	if defs < 100 {
		t.Fatalf("only %d definitions checked", defs)
	}
}
