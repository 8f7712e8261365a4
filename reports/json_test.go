package reports

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

const reportSchema = "rmlint-report.schema.json"

func TestJSONGolden(t *testing.T) {
	golden(t, "report.json.golden", write(t, "json", fixture(t), Options{}))
}

func TestJSONMatchesSchema(t *testing.T) {
	sch := compileSchema(t, reportSchema)
	for name, r := range map[string]*Result{
		"fixture": fixture(t),
		"empty":   {},
	} {
		if err := validate(sch, write(t, "json", r, Options{})); err != nil {
			t.Errorf("%s: output does not match %s: %v", name, reportSchema, err)
		}
	}
	// The schema must reject what the format does not allow, or the check
	// above proves nothing.
	out := string(write(t, "json", fixture(t), Options{}))
	for _, bad := range []struct{ old, new string }{
		{`"version": 1`, `"version": 2`},
		{`"severity": "error"`, `"severity": "fatal"`},
		{`"related": []`, `"related": null`},
		{`"message": "reply sent twice"`, `"message": "reply sent twice", "extra": true`},
		{`"line": 8`, `"line": -1`},
	} {
		if !strings.Contains(out, bad.old) {
			t.Fatalf("output lacks %q", bad.old)
		}
		if err := validate(sch, []byte(strings.Replace(out, bad.old, bad.new, 1))); err == nil {
			t.Errorf("schema accepts %s", bad.new)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	out := write(t, "json", fixture(t), Options{})
	var rep JSONReport
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&rep, NewJSONReport(fixture(t))) {
		t.Errorf("decoded report differs from the one written")
	}
	var again bytes.Buffer
	enc := json.NewEncoder(&again)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&rep); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), out) {
		t.Errorf("re-encoding changed the document:\n%s\n---\n%s", again.Bytes(), out)
	}
	// And through a generic value: same document.
	var v1, v2 any
	if err := json.Unmarshal(out, &v1); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(again.Bytes(), &v2); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(v1, v2) {
		t.Error("generic decode differs")
	}
}

func TestJSONContent(t *testing.T) {
	rep := NewJSONReport(fixture(t))
	if rep.Version != 1 || len(rep.Findings) != 5 || len(rep.Errors) != 2 {
		t.Fatalf("version %d, %d findings, %d errors", rep.Version, len(rep.Findings), len(rep.Errors))
	}
	var dr *JSONFinding
	for i := range rep.Findings {
		if rep.Findings[i].Rule == "doublereply" {
			dr = &rep.Findings[i]
		}
	}
	if dr == nil {
		t.Fatal("no doublereply finding")
	}
	wantLoc := JSONLocation{File: "src/hello.c", Line: 8, Column: 2, EndLine: 8, EndColumn: 27}
	if dr.Location != wantLoc || dr.Command != "hello.greet" {
		t.Errorf("location %+v command %q", dr.Location, dr.Command)
	}
	if len(dr.Related) != 1 || dr.Related[0].Location.Line != 7 || dr.Related[0].Message != "first reply here" {
		t.Errorf("related %+v", dr.Related)
	}
	if len(dr.Fixes) != 2 || len(dr.Fixes[0].Edits) != 1 {
		t.Fatalf("fixes %+v", dr.Fixes)
	}
	e := dr.Fixes[0].Edits[0]
	if got := helloSrc[e.Offset:e.EndOffset]; got != "RedisModule_ReplyWithNull(ctx);\n\t" || e.NewText != "" || e.File != "src/hello.c" {
		t.Errorf("edit %+v removes %q", e, got)
	}
	for _, f := range rep.Findings {
		if f.Rule == "apiversion" && f.Location.File != headerPath {
			t.Errorf("file outside the root: %q, want %q", f.Location.File, headerPath)
		}
		if f.Rule == "style" && (f.Location.EndLine != 7 || f.Location.EndColumn != f.Location.Column) {
			t.Errorf("start-only position not normalised: %+v", f.Location)
		}
	}
	if rep.Errors[0] != (JSONError{File: "src/broken.c", Line: 3, Column: 1, Message: "expected ';' after expression"}) {
		t.Errorf("errors[0] = %+v", rep.Errors[0])
	}
	wantByRule := map[string]int{"doublereply": 1, "cmdflags": 1, "style": 1, "unusedvar": 1, "keyspec": 0, "apiversion": 1}
	if !reflect.DeepEqual(rep.Summary.ByRule, wantByRule) {
		t.Errorf("byRule = %v, want %v", rep.Summary.ByRule, wantByRule)
	}
	wantBySev := map[string]int{"error": 1, "warning": 2, "note": 2}
	if rep.Summary.Findings != 5 || rep.Summary.Errors != 2 || !reflect.DeepEqual(rep.Summary.BySeverity, wantBySev) {
		t.Errorf("summary = %+v", rep.Summary)
	}
}

func TestJSONEmptyArrays(t *testing.T) {
	r := &Result{Findings: []Finding{{Rule: "r", Message: "m", Pos: Position{File: "a.c"}}}}
	out := string(write(t, "json", r, Options{}))
	if strings.Contains(out, "null") {
		t.Errorf("null in output:\n%s", out)
	}
	for _, want := range []string{`"related": []`, `"fixes": []`, `"errors": []`, `"byRule": {`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	out = string(write(t, "json", &Result{}, Options{}))
	if !strings.Contains(out, `"findings": []`) || strings.Contains(out, "null") {
		t.Errorf("empty result:\n%s", out)
	}
}
