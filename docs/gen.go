//go:build ignore

// gen writes docs/rules/<rule>.md for every rule and removes pages of rules
// that no longer exist. Run it with `go generate ./docs`.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/rmlint/rmlint/docs"
)

func main() {
	dir := "rules"
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fail(err)
	}
	want := map[string]bool{}
	for _, r := range docs.Rules() {
		name := r.Name + ".md"
		want[name] = true
		if err := os.WriteFile(filepath.Join(dir, name), []byte(docs.Render(r)), 0o644); err != nil {
			fail(err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		fail(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".md") && !want[e.Name()] && e.Name() != "README.md" {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "docs/gen:", err)
	os.Exit(1)
}
