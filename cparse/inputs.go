package cparse

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Input is one C file to analyse, with the options it is translated with.
type Input struct {
	Path string
	Opts *Options
}

// ExpandPaths turns command-line paths into the C files to analyse: files as
// given, directories searched recursively for .c files (skipping hidden
// directories), compile_commands.json files expanded to the .c files they
// list (whose flags then apply). Each file is listed once. Problems (a
// missing path, an unreadable directory, a directory without .c files, a
// broken compilation database) are returned as errors naming the path; the
// other paths are still expanded.
func ExpandPaths(paths []string, opts *Options) ([]Input, []*Error) {
	var files []Input
	var errs []*Error
	seen := map[string]bool{}
	add := func(p string, o *Options) {
		p = filepath.Clean(p)
		key := p
		if a, err := filepath.Abs(p); err == nil {
			key = a
		}
		if !seen[key] {
			seen[key] = true
			files = append(files, Input{p, o})
		}
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, &Error{File: p, Msg: describePathErr(err)})
			continue
		}
		switch {
		case st.IsDir():
			var found int
			werr := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
				if err != nil {
					errs = append(errs, &Error{File: path, Msg: describePathErr(err)})
					if d != nil && d.IsDir() {
						return filepath.SkipDir
					}
					return nil
				}
				if d.IsDir() {
					if path != p && strings.HasPrefix(d.Name(), ".") {
						return filepath.SkipDir
					}
					return nil
				}
				if strings.HasSuffix(d.Name(), ".c") && d.Type().IsRegular() {
					found++
					add(path, opts)
				}
				return nil
			})
			if werr != nil {
				errs = append(errs, &Error{File: p, Msg: werr.Error()})
			}
			if found == 0 {
				errs = append(errs, &Error{File: p, Msg: "no .c files in this directory"})
			}
		case filepath.Base(p) == "compile_commands.json":
			list, err := CompileDBFiles(p)
			if err != nil {
				errs = append(errs, &Error{File: p, Msg: strings.TrimPrefix(err.Error(), p+": error: ")})
				continue
			}
			o := *opts
			o.CompileCommands = p
			for _, f := range list {
				if strings.HasSuffix(f, ".c") {
					add(relIfPossible(f), &o)
				}
			}
		default:
			add(p, opts)
		}
	}
	return files, errs
}

func relIfPossible(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	if r, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return p
}

func describePathErr(err error) string {
	if e, ok := err.(*fs.PathError); ok {
		return e.Err.Error()
	}
	return err.Error()
}
