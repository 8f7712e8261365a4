// Package baseline records a run's findings so that later runs report only
// new ones (rmlint --write-baseline FILE, rmlint --baseline FILE).
//
// A baseline is a JSON file:
//
//	{
//	  "version": 1,
//	  "tool": "rmlint 0.1.0",
//	  "findings": [{
//	    "rule": "leak",
//	    "file": "src/hello.c",         // relative to the baseline's directory, "/"-separated
//	    "function": "HelloGreet",      // the enclosing C function; "" at file scope
//	    "fingerprint": "5d41402abc4b2a76b9719d911017c592",
//	    "line": 20,                    // for people; not matched
//	    "message": "…"                 // for people; not matched
//	  }]
//	}
//
// A finding matches an entry when their fingerprints are equal:
//
//	hex(SHA-256("rmlint-baseline/v1" NUL rule NUL file NUL function NUL text))[:32]
//
// where text is the finding's source line without ASCII whitespace (as in
// the SARIF writer's primaryLocationLineHash). Line numbers and messages are
// not part of it, so findings keep matching when code above them moves, when
// they are re-indented or when rmlint rewords a message; a finding whose line
// or function changes is new. Equal fingerprints are matched as a multiset:
// a baseline with two entries absorbs two such findings, a third is new.
package baseline

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/rmlint/rmlint/csrc"
	"github.com/rmlint/rmlint/reports"
)

// Version is the format version Write writes and Load accepts.
const Version = 1

// File is a baseline file's content.
type File struct {
	Version  int     `json:"version"`
	Tool     string  `json:"tool"`
	Findings []Entry `json:"findings"`
}

// Entry is one recorded finding.
type Entry struct {
	Rule        string `json:"rule"`
	File        string `json:"file"`
	Function    string `json:"function"`
	Fingerprint string `json:"fingerprint"`
	Line        int    `json:"line"`
	Message     string `json:"message"`
}

// Baseline is a loaded baseline.
type Baseline struct {
	Path    string
	dir     string
	entries map[string]int // fingerprint -> count
}

// Fingerprint is an entry's fingerprint (see the package documentation).
func Fingerprint(rule, file, function string, line []byte) string {
	h := sha256.New()
	h.Write([]byte("rmlint-baseline/v1\x00" + rule + "\x00" + file + "\x00" + function + "\x00"))
	h.Write(reports.NormalizeLine(line))
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// fingerprinter computes fingerprints relative to a directory, caching the
// files it reads.
type fingerprinter struct {
	dir   string
	read  func(string) ([]byte, error)
	src   map[string][]byte
	funcs map[string][]csrc.Func
}

func newFingerprinter(dir string, read func(string) ([]byte, error)) *fingerprinter {
	if read == nil {
		read = os.ReadFile
	}
	return &fingerprinter{dir: dir, read: read, src: map[string][]byte{}, funcs: map[string][]csrc.Func{}}
}

// relPath is file relative to the baseline's directory with "/", or the
// absolute path with "/" when outside it.
func (fp *fingerprinter) relPath(file string) string {
	abs, err := filepath.Abs(file)
	if err != nil {
		return filepath.ToSlash(file)
	}
	if r, err := filepath.Rel(fp.dir, abs); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(abs)
}

func (fp *fingerprinter) entry(f reports.Finding) Entry {
	e := Entry{Rule: f.Rule, File: fp.relPath(f.Pos.File), Line: f.Pos.Line, Message: f.Message}
	src, ok := fp.src[f.Pos.File]
	if !ok {
		src, _ = fp.read(f.Pos.File)
		fp.src[f.Pos.File] = src
		fp.funcs[f.Pos.File] = csrc.Functions(src)
	}
	line, _ := csrc.Line(src, f.Pos.Line)
	if f.Pos.Line > 0 && src != nil {
		off := lineOffset(src, f.Pos.Line) + max(f.Pos.Col-1, 0)
		if fn := csrc.Enclosing(fp.funcs[f.Pos.File], off); fn != nil {
			e.Function = fn.Name
		}
	}
	e.Fingerprint = Fingerprint(e.Rule, e.File, e.Function, line)
	return e
}

func lineOffset(src []byte, n int) int {
	off := 0
	for i := 1; i < n; i++ {
		k := bytes.IndexByte(src[off:], '\n')
		if k < 0 {
			return len(src)
		}
		off += k + 1
	}
	return off
}

// Write records the findings of res (the active ones) in a new baseline at
// path, atomically.
func Write(path, tool string, res *reports.Result) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	fp := newFingerprinter(filepath.Dir(abs), res.ReadFile)
	doc := File{Version: Version, Tool: tool, Findings: []Entry{}}
	for _, f := range res.Findings {
		doc.Findings = append(doc.Findings, fp.entry(f))
	}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	tmp, err := os.CreateTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), abs)
}

// Load reads a baseline.
func Load(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc File
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: not a baseline: %v", path, err)
	}
	if doc.Version != Version {
		return nil, fmt.Errorf("%s: baseline version %d, want %d (write it again with --write-baseline)", path, doc.Version, Version)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	b := &Baseline{Path: path, dir: filepath.Dir(abs), entries: map[string]int{}}
	for _, e := range doc.Findings {
		b.entries[e.Fingerprint]++
	}
	return b, nil
}

// Len is the number of recorded findings.
func (b *Baseline) Len() int {
	n := 0
	for _, c := range b.entries {
		n += c
	}
	return n
}

// Filter moves the findings of res that the baseline records to
// res.Suppressed, with an external suppression naming the baseline. It
// returns how many baseline entries matched nothing (fixed findings).
func (b *Baseline) Filter(res *reports.Result) (unmatched int) {
	res.Sort()
	left := map[string]int{}
	for k, v := range b.entries {
		left[k] = v
	}
	fp := newFingerprinter(b.dir, res.ReadFile)
	var kept []reports.Finding
	for _, f := range res.Findings {
		e := fp.entry(f)
		if left[e.Fingerprint] > 0 {
			left[e.Fingerprint]--
			f.Suppressions = append(f.Suppressions, reports.Suppression{
				Kind:          reports.SuppressionExternal,
				Justification: "recorded in the baseline " + filepath.ToSlash(b.Path),
				Pos:           reports.Position{File: b.Path},
			})
			res.Suppressed = append(res.Suppressed, f)
			continue
		}
		kept = append(kept, f)
	}
	res.Findings = kept
	res.Sort()
	for _, v := range left {
		unmatched += v
	}
	return unmatched
}
