package fix

import (
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rmlint/rmlint/reports"
)

const src = "int f(void) {\n    g();\n    return h();\n}\n"

// edit builds an edit of file replacing the first occurrence of old with
// text, with consistent positions.
func edit(file, content, old, text string) reports.Edit {
	off := strings.Index(content, old)
	if off < 0 {
		panic(old)
	}
	end := off + len(old)
	l, c := lineCol([]byte(content), off)
	el, ec := lineCol([]byte(content), end)
	return reports.Edit{Pos: reports.Position{File: file, Line: l, Col: c, EndLine: el, EndCol: ec, Offset: off, EndOffset: end}, NewText: text}
}

func withFix(rule string, edits ...reports.Edit) reports.Finding {
	return reports.Finding{Rule: rule, Pos: edits[0].Pos, Fixes: []reports.Fix{{Message: "fix", Edits: edits}}}
}

func reader(files map[string]string) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, os.ErrNotExist
	}
}

func TestBuildCombinesDeduplicatesAndSkips(t *testing.T) {
	retOff := strings.Index(src, "return h();")
	insert := reports.Edit{Pos: reports.Position{File: "m.c", Offset: retOff, EndOffset: retOff}, NewText: "r();\n    "}
	insert.Pos.Line, insert.Pos.Col = lineCol([]byte(src), retOff)
	insert.Pos.EndLine, insert.Pos.EndCol = insert.Pos.Line, insert.Pos.Col

	findings := []reports.Finding{
		withFix("a", edit("m.c", src, "g();", "return g();")),
		withFix("b", insert),
		withFix("c", insert),                         // identical edit from another finding: applied once
		withFix("d", edit("m.c", src, "g()", "x()")), // overlaps a's edit
		withFix("e", reports.Edit{Pos: reports.Position{File: "m.c", Offset: 3, EndOffset: 900}, NewText: "x"}),
		withFix("f", reports.Edit{Pos: reports.Position{File: "m.c", Line: 1, Col: 9, Offset: 0, EndOffset: 3}, NewText: "x"}), // line/col disagree with the offset
		withFix("g", edit("other.c", "zzz", "zzz", "y")),                                                                       // unreadable file
		{Rule: "h"}, // no fix
	}
	p := Build(findings, reader(map[string]string{"m.c": src}))
	if p.Applied != 3 || len(p.Changes) != 1 {
		t.Fatalf("applied %d, changes %d, skipped %+v", p.Applied, len(p.Changes), p.Skipped)
	}
	want := "int f(void) {\n    return g();\n    r();\n    return h();\n}\n"
	if got := string(p.Changes[0].New); got != want {
		t.Fatalf("new content:\n%s\nwant:\n%s", got, want)
	}
	reasons := map[string]string{}
	for _, s := range p.Skipped {
		reasons[s.Finding.Rule] = s.Reason
	}
	for rule, want := range map[string]string{"d": "overlaps", "e": "outside", "f": "does not match the source text", "g": "cannot read"} {
		if !strings.Contains(reasons[rule], want) {
			t.Errorf("fix %s: reason %q lacks %q", rule, reasons[rule], want)
		}
	}
	// Two different insertions at one offset conflict.
	other := insert
	other.NewText = "s();\n    "
	p = Build([]reports.Finding{withFix("b", insert), withFix("x", other)}, reader(map[string]string{"m.c": src}))
	if p.Applied != 1 || len(p.Skipped) != 1 {
		t.Errorf("two insertions at one point: applied %d skipped %d", p.Applied, len(p.Skipped))
	}
}

func TestWriteIsAtomicAndKeepsMode(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "m.c")
	os.WriteFile(file, []byte(src), 0o640)
	link := filepath.Join(dir, "link.c")
	if err := os.Symlink("m.c", link); err != nil {
		t.Fatal(err)
	}
	p := Build([]reports.Finding{withFix("a", edit(link, src, "g();", "return g();"))}, os.ReadFile)
	written, errs := p.Write()
	if len(errs) != 0 || len(written) != 1 {
		t.Fatalf("written %v errs %v", written, errs)
	}
	st, _ := os.Lstat(link)
	if st.Mode()&os.ModeSymlink == 0 {
		t.Error("the symbolic link was replaced by a file")
	}
	st, _ = os.Stat(file)
	if st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", st.Mode().Perm())
	}
	if got, _ := os.ReadFile(file); !strings.Contains(string(got), "return g();") {
		t.Errorf("not written: %s", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("temporary files left behind: %v", entries)
	}

	// A file changed after it was read is not overwritten.
	os.WriteFile(file, []byte(src), 0o640)
	p = Build([]reports.Finding{withFix("a", edit(file, src, "g();", "return g();"))}, os.ReadFile)
	os.WriteFile(file, []byte(src+"/* edited meanwhile */\n"), 0o640)
	written, errs = p.Write()
	if len(written) != 0 || len(errs) != 1 || !errors.Is(errs[0], ErrChanged) {
		t.Fatalf("written %v errs %v", written, errs)
	}
	if got, _ := os.ReadFile(file); !strings.HasSuffix(string(got), "/* edited meanwhile */\n") {
		t.Errorf("the edited file was overwritten: %s", got)
	}
}

func TestUnifiedFormat(t *testing.T) {
	old := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n"
	new := "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn"
	want := `--- a/x.c
+++ b/x.c
@@ -1,5 +1,5 @@
 a
-b
+B
 c
 d
 e
@@ -11,3 +11,4 @@
 k
 l
 m
+n
\ No newline at end of file
`
	if got := Unified("a/x.c", "b/x.c", []byte(old), []byte(new)); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if Unified("a", "b", []byte(old), []byte(old)) != "" {
		t.Error("a diff of equal texts")
	}
}

// Random edits: the diff applies with patch(1) and gives the new text.
func TestUnifiedAppliesWithPatch(t *testing.T) {
	if _, err := exec.LookPath("patch"); err != nil {
		t.Skip("no patch(1)")
	}
	rng := rand.New(rand.NewSource(1))
	dir := t.TempDir()
	for round := 0; round < 40; round++ {
		var lines []string
		for i := 0; i < 5+rng.Intn(60); i++ {
			lines = append(lines, "line "+strconv.Itoa(rng.Intn(8)))
		}
		old := strings.Join(lines, "\n") + "\n"
		for i := 0; i < 1+rng.Intn(6); i++ {
			k := rng.Intn(len(lines))
			switch rng.Intn(3) {
			case 0:
				lines[k] = "changed " + strconv.Itoa(i)
			case 1:
				lines = append(lines[:k], append([]string{"inserted " + strconv.Itoa(i)}, lines[k:]...)...)
			default:
				if len(lines) > 1 {
					lines = append(lines[:k], lines[k+1:]...)
				}
			}
		}
		new := strings.Join(lines, "\n") + "\n"
		f := filepath.Join(dir, "f.c")
		os.WriteFile(f, []byte(old), 0o644)
		d := Unified("a/f.c", "b/f.c", []byte(old), []byte(new))
		cmd := exec.Command("patch", "-s", "-p1", "--no-backup-if-mismatch")
		cmd.Dir = dir
		cmd.Stdin = strings.NewReader(d)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("round %d: patch: %v\n%s\n%s", round, err, out, d)
		}
		if got, _ := os.ReadFile(f); string(got) != new {
			t.Fatalf("round %d: patched text differs\n%s", round, d)
		}
	}
}

func ExamplePlan_Diff() {
	p := Build([]reports.Finding{withFix("a", edit("m.c", src, "g();", "return g();"))}, reader(map[string]string{"m.c": src}))
	p.Diff(os.Stdout, nil)
	fmt.Println(p.Applied, "fix")
	// Output:
	// --- a/m.c
	// +++ b/m.c
	// @@ -1,4 +1,4 @@
	//  int f(void) {
	// -    g();
	// +    return g();
	//      return h();
	//  }
	// 1 fix
}
