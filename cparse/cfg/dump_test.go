package cfg

import (
	"fmt"
	"os"
	"testing"
)

// TestDump prints the CFGs of the functions in the file named by $CFG_DUMP
// (a debugging aid; skipped unless the variable is set).
func TestDump(t *testing.T) {
	name := os.Getenv("CFG_DUMP")
	if name == "" {
		t.Skip("set CFG_DUMP=file.c to dump its CFGs")
	}
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range parseFuncs(t, string(src)) {
		fmt.Printf("==== %s\n%s", f.name, New(f.body, DefaultMayReturn).Format())
	}
}
