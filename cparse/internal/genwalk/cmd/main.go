// Command cmd writes cparse/walk_gen.go (run by `go generate ./cparse`).
package main

import (
	"fmt"
	"os"

	"github.com/rmlint/rmlint/cparse/internal/genwalk"
)

func main() {
	b, err := genwalk.Generate(".")
	if err != nil {
		fmt.Fprintln(os.Stderr, "genwalk:", err)
		os.Exit(1)
	}
	if err := os.WriteFile("walk_gen.go", b, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "genwalk:", err)
		os.Exit(1)
	}
}
