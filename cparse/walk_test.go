package cparse

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/cparse/internal/genwalk"
)

func TestWalkGenCurrent(t *testing.T) {
	want, err := genwalk.Generate(".")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("walk_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("walk_gen.go is stale: run go generate ./cparse")
	}
}

// The generated walk visits exactly the nodes of the reflective one, in the
// same order, and skips the same subtrees when f says so: over whole
// translation units (system headers included) of the guide's examples.
func TestWalkMatchesReflection(t *testing.T) {
	files, _ := filepath.Glob("../testdata/examples/*.c")
	if len(files) == 0 {
		t.Fatal("no examples")
	}
	for _, f := range files {
		u, err := ParseFile(f, &Options{NoCompileCommands: true, WholeHeader: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, skip := range []string{"", "*cc.CompoundStatement", "*cc.DeclarationSpecifiers"} {
			trace := func(walker func(cc.Node, func(cc.Node) bool)) []string {
				var out []string
				walker(u.AST.TranslationUnit, func(n cc.Node) bool {
					typ := fmt.Sprintf("%T", n)
					out = append(out, fmt.Sprintf("%s@%v", typ, n.Position()))
					return typ != skip
				})
				return out
			}
			got, want := trace(Inspect), trace(inspectReflect)
			if len(want) < 1000 {
				t.Fatalf("%s: only %d nodes", f, len(want))
			}
			if len(got) != len(want) {
				t.Fatalf("%s skip %q: %d nodes, reflection %d", f, skip, len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("%s skip %q: node %d is %s, reflection %s", f, skip, i, got[i], want[i])
				}
			}
		}
	}
}
