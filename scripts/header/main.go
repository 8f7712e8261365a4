// Command header prints rmlint's embedded redismodule.h, so that a C
// compiler can be given the same header rmlint falls back to
// (scripts/bench.sh compiles the testdata with gcc).
package main

import (
	"os"

	"github.com/rmlint/rmlint/redisapi"
)

func main() { os.Stdout.Write(redisapi.Header()) }
