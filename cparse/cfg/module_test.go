package cfg

import (
	"testing"

	"modernc.org/cc/v4"
)

// findLabel returns the block of label name in g.
func findLabel(g *CFG, name string) *Block {
	for _, b := range g.Blocks {
		if ls, ok := b.Stmt.(*cc.LabeledStatement); ok && b.Kind == KindLabel && ls.Token.SrcStr() == name {
			return b
		}
	}
	return nil
}

// TestModuleFile builds the CFG of every function of a realistic module-like
// file and checks the invariants plus a few properties of specific functions.
func TestModuleFile(t *testing.T) {
	funcs := parseFuncs(t, readTestdata(t, "module.c"))
	if len(funcs) < 15 {
		t.Fatalf("only %d functions parsed", len(funcs))
	}
	graphs := map[string]*CFG{}
	for _, f := range funcs {
		g := New(f.body, DefaultMayReturn)
		checkInvariants(t, f.name, f.body, g)
		graphs[f.name] = g
		if testing.Verbose() {
			t.Logf("%s: %d blocks, %d exits", f.name, len(g.Blocks), len(g.Exits()))
		}
	}

	// The cleanup label is reached from the two error paths and the success
	// path, and ends with the only reachable return besides the arity check.
	g := graphs["HelloPushNative_RedisCommand"]
	if b := findLabel(g, "cleanup"); b == nil || len(b.Preds) != 3 || b.Return == nil {
		t.Errorf("HelloPushNative cleanup block %v:\n%s", b, g.Format())
	}
	if n := len(g.ReturnBlocks()); n != 2 {
		t.Errorf("HelloPushNative: %d return blocks", n)
	}

	// exit(1) ends a block; the assertions do not.
	g = graphs["HelloAssert_RedisCommand"]
	var noret int
	for _, b := range g.Blocks {
		if b.NoReturn {
			noret++
		}
	}
	if noret != 1 || len(g.Entry().Nodes) != 3 {
		t.Errorf("HelloAssert: %d NoReturn blocks:\n%s", noret, g.Format())
	}

	// Void functions fall off; the infinite loop does not.
	for name, want := range map[string]bool{"freeArray": true, "free_cb": true, "copyStrings": true, "waitFor": false, "parseFlags": false, "HelloType_RedisCommand": false} {
		if got := graphs[name].FallOffBlock() != nil; got != want {
			t.Errorf("%s: falls off = %v, want %v", name, got, want)
		}
	}

	// Computed goto dispatch reaches all three labels.
	g = graphs["interp"]
	for _, l := range []string{"op_inc", "op_dec", "op_halt"} {
		if b := findLabel(g, l); b == nil || !b.Live || len(b.Preds) != 3 {
			t.Errorf("interp: label %s block %v", l, b)
		}
	}

	// parseFlags has dead code after a return.
	g = graphs["parseFlags"]
	var dead int
	for _, b := range g.Blocks {
		if !b.Live {
			dead++
		}
	}
	if dead != 1 {
		t.Errorf("parseFlags: %d dead blocks:\n%s", dead, g.Format())
	}

	// The statement expression of MAX stays in its declaration.
	g = graphs["HelloMax_RedisCommand"]
	for _, b := range g.Blocks {
		for _, n := range b.Nodes {
			if d, ok := n.(*cc.Declaration); ok && d.InitDeclaratorList.InitDeclarator.Declarator.Name() == "_a" {
				t.Errorf("statement expression expanded into %v", b)
			}
		}
	}
}

func BenchmarkNew(b *testing.B) {
	funcs := parseFuncs(b, readTestdata(b, "module.c"))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, f := range funcs {
			New(f.body, DefaultMayReturn)
		}
	}
	b.ReportMetric(float64(len(funcs)), "funcs/op")
}
