package smoke

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/redisapi"
	"github.com/rmlint/rmlint/reports"
)

// writeEmbeddedHeader writes rmlint's redismodule.h under dir, nested like
// cparse.EmbeddedIncludeDir so that "../redismodule.h" includes also find it,
// and returns the include directory to pass last with -I.
func writeEmbeddedHeader(dir string) (string, error) {
	inc := filepath.Join(dir, "include", "1", "2", "3", "4", "include")
	if err := os.MkdirAll(inc, 0o700); err != nil {
		return "", err
	}
	return inc, os.WriteFile(filepath.Join(inc, "redismodule.h"), redisapi.Header(), 0o600)
}

// preprocessorFlags are the flags of one file, as the analysis used them
// (see cparse.Options.CompilerFlags); a broken compilation database leaves
// only the command-line flags.
func preprocessorFlags(path string, o *cparse.Options) []string {
	flags, err := o.CompilerFlags(path)
	if err != nil {
		only := *o
		only.CompileCommands, only.NoCompileCommands = "", true
		flags, _ = only.CompilerFlags(path)
	}
	return flags
}

// warningFlags are passed to the compiler; mattering lists the warnings
// reported (by the option gcc and clang print in brackets). Style warnings
// (unused variables and parameters, sign comparisons) are not reported.
var warningFlags = []string{"-Wall", "-Wformat=2", "-Wno-format-nonliteral", "-Wincompatible-pointer-types", "-Wint-conversion", "-Wimplicit-function-declaration", "-Wreturn-type"}

var mattering = map[string]bool{
	"implicit-function-declaration":       true,
	"implicit-int":                        true,
	"incompatible-pointer-types":          true,
	"incompatible-function-pointer-types": true,
	"int-conversion":                      true,
	"int-to-pointer-cast":                 true,
	"pointer-to-int-cast":                 true,
	"return-type":                         true,
	"return-mismatch":                     true,
	"format":                              true,
	"format-extra-args":                   true,
	"format-security":                     true,
	"format-overflow":                     true,
	"format-truncation":                   true,
	"format-zero-length":                  true,
	"format-insufficient-args":            true,
	"builtin-declaration-mismatch":        true,
	"nonnull":                             true,
	"array-bounds":                        true,
	"stringop-overflow":                   true,
	"free-nonheap-object":                 true,
	"sizeof-pointer-memaccess":            true,
	"sizeof-pointer-div":                  true,
	"address":                             true,
	"sequence-point":                      true,
	"div-by-zero":                         true,
	"shift-count-overflow":                true,
	"uninitialized":                       true,
	"maybe-uninitialized":                 true,
	"use-after-free":                      true,
	"dangling-pointer":                    true,
	"return-local-addr":                   true,
	"overflow":                            true,
	"pointer-arith":                       false,
	"excess-initializers":                 true,
	"incompatible-library-redeclaration":  true,
}

var diagLine = regexp.MustCompile(`^(.+?):(\d+):(?:(\d+):)? (fatal error|error|warning|note): (.*)$`)
var optionSuffix = regexp.MustCompile(`\s*\[-W(?:error=)?([a-z0-9-]+)(?:=[^\]]*)?\]$`)

type built struct {
	so       string            // the shared object, "" when the build failed
	findings []reports.Finding // smokebuild findings
	log      string            // the compiler's output when it failed without diagnostics rmlint could read
}

// build compiles a module's units one by one with their own flags, then
// links them into a shared object in dir.
func build(ctx context.Context, compiler []string, pm parsedModule, embeddedInc, dir string) built {
	var b built
	var objs []string
	failed := false
	for i, u := range pm.mod.Units {
		obj := filepath.Join(dir, fmt.Sprintf("u%d.o", i))
		args := append([]string(nil), compiler[1:]...)
		args = append(args, "-c", "-fPIC", "-O0", "-fdiagnostics-color=never")
		args = append(args, warningFlags...)
		opts := pm.opts[u]
		if opts == nil {
			opts = &cparse.Options{}
		}
		args = append(args, preprocessorFlags(u.Path, opts)...)
		args = append(args, "-I"+embeddedInc, "-o", obj, u.Path)
		out, err := runTool(ctx, compiler[0], args)
		if ctx.Err() != nil {
			return built{}
		}
		fs := parseDiagnostics(out, embeddedInc)
		b.findings = append(b.findings, fs...)
		if err != nil {
			failed = true
			if !hasError(fs) {
				b.log += fmt.Sprintf("%s %s: %v\n%s", compiler[0], u.Path, err, firstLines(out, 8))
			}
			continue
		}
		objs = append(objs, obj)
	}
	if failed {
		return b
	}
	so := filepath.Join(dir, "module.so")
	args := append([]string(nil), compiler[1:]...)
	args = append(args, "-shared", "-fPIC", "-o", so)
	args = append(args, objs...)
	out, err := runTool(ctx, compiler[0], args)
	if ctx.Err() != nil {
		return built{}
	}
	if err != nil {
		b.log += fmt.Sprintf("linking: %v\n%s", err, firstLines(out, 8))
		return b
	}
	b.so = so
	return b
}

func hasError(fs []reports.Finding) bool {
	for _, f := range fs {
		if f.Severity == reports.SeverityError {
			return true
		}
	}
	return false
}

func runTool(ctx context.Context, name string, args []string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	cmd.Env = append(os.Environ(), "LC_ALL=C", "GCC_COLORS=")
	err := cmd.Run()
	return out.String(), err
}

// parseDiagnostics turns gcc/clang "file:line:col: severity: message"
// lines into findings: errors always, warnings when their option is one
// that matters, and each note as a related location of the finding before
// it. Positions in rmlint's own header are shown at the path the analysis
// uses for it.
func parseDiagnostics(out, embeddedInc string) []reports.Finding {
	var fs []reports.Finding
	last := -1 // index of the finding notes attach to; -1: the last diagnostic was dropped
	for _, line := range strings.Split(out, "\n") {
		m := diagLine.FindStringSubmatch(strings.TrimRight(line, "\r"))
		if m == nil {
			continue
		}
		file := m[1]
		if strings.HasPrefix(file, embeddedInc+string(filepath.Separator)) {
			file = cparse.EmbeddedHeaderPath
		}
		ln, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		pos := reports.Position{File: file, Line: ln, Col: col}
		msg := m[5]
		switch m[4] {
		case "note":
			if last >= 0 {
				fs[last].Related = append(fs[last].Related, reports.Related{Pos: pos, Message: "compiler note: " + msg})
			}
			continue
		case "warning":
			opt := optionSuffix.FindStringSubmatch(msg)
			if opt == nil || !mattering[opt[1]] {
				last = -1
				continue
			}
		}
		sev := reports.SeverityError
		what := "compiler error"
		if m[4] == "warning" {
			sev = reports.SeverityWarning
			what = "compiler warning"
		}
		fs = append(fs, reports.Finding{
			Rule:     RuleBuild,
			Severity: sev,
			Pos:      pos,
			Message:  what + ": " + msg,
		})
		last = len(fs) - 1
	}
	return fs
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(strings.TrimSpace(s), "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
