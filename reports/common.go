package reports

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// sortedCopy returns a copy of r whose Findings and Errors are sorted (see
// Result.Sort). The caller's Result is left untouched.
func sortedCopy(r *Result) *Result {
	c := *r
	c.Findings = append([]Finding(nil), r.Findings...)
	c.Suppressed = append([]Finding(nil), r.Suppressed...)
	c.Errors = append([]InputError(nil), r.Errors...)
	c.Sort()
	return &c
}

var errNilResult = errors.New("reports: nil Result")

// pathMapper makes paths relative to Result.Root. An empty Root means the
// current directory.
type pathMapper struct {
	root string // absolute and clean; "" if it could not be determined
}

func newPathMapper(root string) pathMapper {
	if root == "" {
		root = "."
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return pathMapper{}
	}
	return pathMapper{root: abs}
}

// abs returns file as an absolute, clean path (relative paths are taken
// relative to the current directory, as the analyzer opened them).
func (m pathMapper) abs(file string) string {
	if filepath.IsAbs(file) {
		return filepath.Clean(file)
	}
	a, err := filepath.Abs(file)
	if err != nil {
		return filepath.Clean(file)
	}
	return a
}

// rel returns file relative to the root (with OS separators) and true when
// file lies inside the root; otherwise file unchanged and false.
func (m pathMapper) rel(file string) (string, bool) {
	if m.root == "" || file == "" {
		return file, false
	}
	r, err := filepath.Rel(m.root, m.abs(file))
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) || filepath.IsAbs(r) {
		return file, false
	}
	return r, true
}

// display is the name writers show for file: relative to the root when it
// lies inside it, else the file as given.
func (m pathMapper) display(file string) string {
	r, _ := m.rel(file)
	return r
}

// slashPath is the name JSON and GitHub output use: relative to the root with
// forward slashes when inside it, else the absolute path with forward slashes.
func (m pathMapper) slashPath(file string) string {
	if r, ok := m.rel(file); ok {
		return filepath.ToSlash(r)
	}
	if file == "" {
		return ""
	}
	return filepath.ToSlash(m.abs(file))
}

// sourceCache reads each file at most once through Result.ReadFile and splits
// it into lines.
type sourceCache struct {
	read  func(string) ([]byte, error)
	files map[string]*sourceFile
}

type sourceFile struct {
	data  []byte
	lines [][]byte // without the line terminator (LF, and a CR before it)
	ok    bool
}

func newSourceCache(read func(string) ([]byte, error)) *sourceCache {
	return &sourceCache{read: read, files: map[string]*sourceFile{}}
}

func (c *sourceCache) file(name string) *sourceFile {
	if c == nil || c.read == nil || name == "" {
		return nil
	}
	if f, ok := c.files[name]; ok {
		if !f.ok {
			return nil
		}
		return f
	}
	f := &sourceFile{}
	c.files[name] = f
	data, err := c.read(name)
	if err != nil {
		return nil
	}
	f.ok = true
	f.data = data
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		var l []byte
		if i < 0 {
			l, data = data, nil
		} else {
			l, data = data[:i], data[i+1:]
		}
		f.lines = append(f.lines, bytes.TrimSuffix(l, []byte{'\r'}))
	}
	return f
}

// content returns the whole file, or nil and false.
func (c *sourceCache) content(name string) ([]byte, bool) {
	f := c.file(name)
	if f == nil {
		return nil, false
	}
	return f.data, true
}

// line returns line n (1-based) of name without its terminator.
func (c *sourceCache) line(name string, n int) ([]byte, bool) {
	f := c.file(name)
	if f == nil || n < 1 || n > len(f.lines) {
		return nil, false
	}
	return f.lines[n-1], true
}

// utf16Col converts a 1-based byte column on line into a 1-based UTF-16
// code-unit column. Columns past the end of the line count one unit per
// missing byte. A column inside a multi-byte character moves to the start of
// that character, or, with roundUp, to the start of the next one.
func utf16Col(line []byte, col int, roundUp bool) int {
	if col < 1 {
		return col
	}
	n := col - 1
	extra := 0
	if n > len(line) {
		extra = n - len(line)
		n = len(line)
	}
	units := 0
	for i := 0; i < n; {
		r, size := utf8.DecodeRune(line[i:])
		u := 1
		if !(r == utf8.RuneError && size <= 1) {
			u = utf16.RuneLen(r)
		} else {
			size = 1
		}
		if i+size > n {
			if roundUp {
				units += u
			}
			break
		}
		units += u
		i += size
	}
	return units + extra + 1
}

// utf16Offset converts a 0-based byte offset into data into a 0-based UTF-16
// code-unit offset (an offset inside a character moves to its start).
func utf16Offset(data []byte, off int) int {
	if off < 0 {
		return off
	}
	return utf16Col(data, off+1, false) - 1
}

// errWriter remembers the first write error so writers can check once.
type errWriter struct {
	w   *bufio.Writer
	err error
}

func newErrWriter(w io.Writer) *errWriter { return &errWriter{w: bufio.NewWriter(w)} }

func (e *errWriter) str(s string) {
	if e.err == nil {
		_, e.err = e.w.WriteString(s)
	}
}

func (e *errWriter) flush() error {
	if e.err != nil {
		return e.err
	}
	return e.w.Flush()
}

// plural returns "1 finding" / "2 findings".
func plural(n int, singular, pluralForm string) string {
	if n == 1 {
		return "1 " + singular
	}
	return strconv.Itoa(n) + " " + pluralForm
}
