// Package fix applies the suggested fixes of findings to source files
// (rmlint --fix) or shows them as a unified diff (rmlint --diff).
//
// A fix is applied whole or not at all. It is skipped when one of its edits
//
//   - lies outside the file, or its line and column do not match its byte
//     offsets in the content that was analysed (the range is not the source
//     text the analyzer saw: a macro expansion, a spliced line, a changed
//     file);
//   - overlaps an edit of a fix already taken (two insertions at one offset
//     overlap unless they are identical; identical edits, as two findings on
//     one statement produce, are applied once).
//
// Files are written atomically: the new content goes to a temporary file in
// the same directory, which gets the original's permission bits and replaces
// it by rename, and only when the file's content still hashes to what was
// analysed. Symbolic links are followed: the link stays, its target changes.
package fix

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rmlint/rmlint/reports"
)

// Change is the new content of one file.
type Change struct {
	File     string // as the findings name it
	Old, New []byte
	Fixes    int // fixes applied to this file (a fix spanning files counts in each)
	edits    []reports.Edit
}

// Skipped is a fix that was not applied, and why.
type Skipped struct {
	Finding reports.Finding
	Fix     reports.Fix
	Reason  string
}

// Plan is the outcome of combining the fixes of a set of findings.
type Plan struct {
	Changes []*Change // sorted by file
	Skipped []Skipped
	Applied int // fixes taken
}

// Build combines the first fix of every finding that has one, in the order
// of the findings. read returns the content that was analysed.
func Build(findings []reports.Finding, read func(string) ([]byte, error)) *Plan {
	p := &Plan{}
	byFile := map[string]*Change{}
	var order []string
	for _, f := range findings {
		if len(f.Fixes) == 0 {
			continue
		}
		fx := f.Fixes[0]
		if len(fx.Edits) == 0 {
			continue
		}
		reason := ""
		var take []reports.Edit
		for _, e := range fx.Edits {
			c, ok := byFile[e.Pos.File]
			if !ok {
				src, err := read(e.Pos.File)
				if err != nil {
					reason = fmt.Sprintf("cannot read %s: %v", e.Pos.File, err)
					break
				}
				c = &Change{File: e.Pos.File, Old: src}
				byFile[e.Pos.File] = c
				order = append(order, e.Pos.File)
			}
			if why := checkEdit(c.Old, e); why != "" {
				reason = why
				break
			}
			dup := false
			for _, prev := range c.edits {
				if prev.Pos.Offset == e.Pos.Offset && prev.Pos.EndOffset == e.Pos.EndOffset && prev.NewText == e.NewText {
					dup = true
					break
				}
				if overlaps(prev, e) {
					reason = fmt.Sprintf("it overlaps another fix at %s:%d", e.Pos.File, prev.Pos.Line)
					break
				}
			}
			if reason != "" {
				break
			}
			if !dup {
				take = append(take, e)
			}
		}
		// Edits of one fix must not overlap each other either.
		for i := 0; reason == "" && i < len(take); i++ {
			for j := i + 1; j < len(take); j++ {
				if take[i].Pos.File == take[j].Pos.File && overlaps(take[i], take[j]) {
					reason = "its edits overlap"
					break
				}
			}
		}
		if reason != "" {
			p.Skipped = append(p.Skipped, Skipped{Finding: f, Fix: fx, Reason: reason})
			continue
		}
		p.Applied++
		counted := map[string]bool{}
		for _, e := range fx.Edits {
			if !counted[e.Pos.File] {
				counted[e.Pos.File] = true
				byFile[e.Pos.File].Fixes++
			}
		}
		for _, e := range take {
			byFile[e.Pos.File].edits = append(byFile[e.Pos.File].edits, e)
		}
	}
	sort.Strings(order)
	for _, name := range order {
		c := byFile[name]
		if len(c.edits) == 0 {
			continue
		}
		c.New = apply(c.Old, c.edits)
		if !bytes.Equal(c.New, c.Old) {
			p.Changes = append(p.Changes, c)
		}
	}
	return p
}

// checkEdit returns why e cannot be applied to src, or "".
func checkEdit(src []byte, e reports.Edit) string {
	p := e.Pos
	if p.Offset < 0 || p.EndOffset < p.Offset || p.EndOffset > len(src) {
		return fmt.Sprintf("its range %d-%d lies outside %s", p.Offset, p.EndOffset, p.File)
	}
	if p.Line > 0 && p.Col > 0 {
		if l, c := lineCol(src, p.Offset); l != p.Line || c != p.Col {
			return fmt.Sprintf("its range does not match the source text of %s (a macro expansion or a changed file)", p.File)
		}
	}
	if p.EndLine > 0 && p.EndCol > 0 {
		if l, c := lineCol(src, p.EndOffset); l != p.EndLine || c != p.EndCol {
			return fmt.Sprintf("its range does not match the source text of %s (a macro expansion or a changed file)", p.File)
		}
	}
	return ""
}

func lineCol(src []byte, off int) (int, int) {
	line := bytes.Count(src[:off], []byte{'\n'}) + 1
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return line, off - start + 1
}

// overlaps reports whether two edits of one file conflict.
func overlaps(a, b reports.Edit) bool {
	if a.Pos.File != b.Pos.File {
		return false
	}
	as, ae, bs, be := a.Pos.Offset, a.Pos.EndOffset, b.Pos.Offset, b.Pos.EndOffset
	if as == ae && bs == be {
		return as == bs // two insertions at one point: order unknown
	}
	if as == ae {
		return bs < as && as < be
	}
	if bs == be {
		return as < bs && bs < ae
	}
	return as < be && bs < ae
}

// apply applies non-overlapping edits to src.
func apply(src []byte, edits []reports.Edit) []byte {
	es := append([]reports.Edit(nil), edits...)
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Pos.Offset != es[j].Pos.Offset {
			return es[i].Pos.Offset < es[j].Pos.Offset
		}
		return es[i].Pos.EndOffset < es[j].Pos.EndOffset
	})
	var out bytes.Buffer
	last := 0
	for _, e := range es {
		out.Write(src[last:e.Pos.Offset])
		out.WriteString(e.NewText)
		last = e.Pos.EndOffset
	}
	out.Write(src[last:])
	return out.Bytes()
}

// ErrChanged is returned (wrapped) for a file that changed on disk since it
// was analysed.
var ErrChanged = errors.New("the file changed since rmlint read it; run rmlint again")

// Write writes every change of the plan. It goes on after a failing file and
// returns the files written and the errors.
func (p *Plan) Write() (written []string, errs []error) {
	for _, c := range p.Changes {
		if err := writeFile(c); err != nil {
			errs = append(errs, fmt.Errorf("%s: not fixed: %w", c.File, err))
			continue
		}
		written = append(written, c.File)
	}
	return written, errs
}

func writeFile(c *Change) error {
	real, err := filepath.EvalSymlinks(c.File)
	if err != nil {
		return err
	}
	st, err := os.Stat(real)
	if err != nil {
		return err
	}
	cur, err := os.ReadFile(real)
	if err != nil {
		return err
	}
	if sha256.Sum256(cur) != sha256.Sum256(c.Old) {
		return ErrChanged
	}
	tmp, err := os.CreateTemp(filepath.Dir(real), "."+filepath.Base(real)+".rmlint-*")
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(c.New); err != nil {
		return err
	}
	if err := tmp.Chmod(st.Mode().Perm() | st.Mode()&(os.ModeSetuid|os.ModeSetgid|os.ModeSticky)); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// Last check right before the rename, to narrow the window in which an
	// editor's save would be lost.
	if cur, err := os.ReadFile(real); err != nil || sha256.Sum256(cur) != sha256.Sum256(c.Old) {
		if err != nil {
			return err
		}
		return ErrChanged
	}
	if err := os.Rename(tmp.Name(), real); err != nil {
		return err
	}
	ok = true
	return nil
}

// Diff writes the plan as a unified diff ("--- a/NAME", "+++ b/NAME", three
// lines of context), NAME being name(file) (the file itself when name is
// nil).
func (p *Plan) Diff(w io.Writer, name func(string) string) error {
	for _, c := range p.Changes {
		n := c.File
		if name != nil {
			n = name(c.File)
		}
		if _, err := io.WriteString(w, Unified("a/"+n, "b/"+n, c.Old, c.New)); err != nil {
			return err
		}
	}
	return nil
}

// Unified returns a unified diff of two texts with three lines of context,
// "" when they are equal. It is a Myers diff over lines (it falls back to one hunk from the first to the last
// differing line when the changes are very many).
func Unified(oldName, newName string, old, new []byte) string {
	if bytes.Equal(old, new) {
		return ""
	}
	a, b := splitLines(old), splitLines(new)
	// Common prefix and suffix.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ops := diffLines(a[pre:len(a)-suf], b[pre:len(b)-suf])
	// Whole-file op list.
	var all []op
	for i := 0; i < pre; i++ {
		all = append(all, op{' ', a[i]})
	}
	all = append(all, ops...)
	for i := len(a) - suf; i < len(a); i++ {
		all = append(all, op{' ', a[i]})
	}
	var out strings.Builder
	out.WriteString("--- " + oldName + "\n+++ " + newName + "\n")
	const ctx = 3
	// Group changes into hunks.
	i := 0
	aLine, bLine := 1, 1
	for i < len(all) {
		if all[i].kind == ' ' {
			i++
			aLine++
			bLine++
			continue
		}
		start := max(i-ctx, 0)
		hs := start
		aStart, bStart := aLine-(i-start), bLine-(i-start)
		// Extend until ctx*2 unchanged lines follow the last change.
		end := i
		for j := i; j < len(all); j++ {
			if all[j].kind != ' ' {
				end = j
			} else if j-end > 2*ctx {
				break
			}
		}
		stop := min(end+ctx+1, len(all))
		var body strings.Builder
		na, nb := 0, 0
		for k := hs; k < stop; k++ {
			o := all[k]
			body.WriteByte(o.kind)
			body.WriteString(strings.TrimSuffix(o.text, "\n"))
			body.WriteByte('\n')
			if !strings.HasSuffix(o.text, "\n") {
				body.WriteString("\\ No newline at end of file\n")
			}
			if o.kind != '+' {
				na++
			}
			if o.kind != '-' {
				nb++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(aStart, na), hunkRange(bStart, nb))
		out.WriteString(body.String())
		for k := i; k < stop; k++ {
			if all[k].kind != '+' {
				aLine++
			}
			if all[k].kind != '-' {
				bLine++
			}
		}
		i = stop
	}
	return out.String()
}

func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start-1)
	}
	if n == 1 {
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}

type op struct {
	kind byte // ' ', '-', '+'
	text string
}

func splitLines(b []byte) []string {
	var out []string
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			out = append(out, string(b))
			break
		}
		out = append(out, string(b[:i+1]))
		b = b[i+1:]
	}
	return out
}

// diffLines is Myers' O(ND) line diff; beyond 2000 differences the region
// becomes one replacement.
func diffLines(a, b []string) []op {
	n, m := len(a), len(b)
	replace := func() []op {
		var out []op
		for _, l := range a {
			out = append(out, op{'-', l})
		}
		for _, l := range b {
			out = append(out, op{'+', l})
		}
		return out
	}
	if n == 0 || m == 0 {
		return replace()
	}
	limit := min(n+m, 2000)
	off := limit + 1
	v := make([]int, 2*limit+3)
	var trace [][]int
	found := -1
	for d := 0; d <= limit && found < 0; d++ {
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				found = d
				break
			}
		}
	}
	if found < 0 {
		return replace()
	}
	// Walk back through the trace.
	var rev []op
	x, y := n, m
	for d := found; d > 0; d-- {
		vp := trace[d]
		k := x - y
		var pk int
		if k == -d || k != d && vp[off+k-1] < vp[off+k+1] {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := vp[off+pk]
		py := px - pk
		for x > px && y > py {
			x--
			y--
			rev = append(rev, op{' ', a[x]})
		}
		if x == px {
			y--
			rev = append(rev, op{'+', b[y]})
		} else {
			x--
			rev = append(rev, op{'-', a[x]})
		}
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, op{' ', a[x]})
	}
	out := make([]op, len(rev))
	for i := range rev {
		out[i] = rev[len(rev)-1-i]
	}
	return out
}
