package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// suppressedFixture has one active and two suppressed findings (one in
// source, one by a baseline) on lines with the same text.
func suppressedFixture() *Result {
	src := "int f(void) {\n    x();\n    x();\n    x();\n}\n"
	pos := func(line int) Position {
		return Position{File: "/src/proj/m.c", Line: line, Col: 5, EndLine: line, EndCol: 8}
	}
	return &Result{
		Root:  "/src/proj",
		Rules: []Rule{{Name: "leak", Summary: "leaks", Doc: "## What it finds\n\nLeaks.", Severity: SeverityError, Tags: []string{"a"}, Precision: "high"}},
		Findings: []Finding{
			{Rule: "leak", Severity: SeverityError, Pos: pos(3), Message: "active"},
		},
		Suppressed: []Finding{
			{Rule: "leak", Severity: SeverityError, Pos: pos(2), Message: "in source", Suppressions: []Suppression{{Kind: SuppressionInSource, Justification: "freed by the caller", Pos: Position{File: "/src/proj/m.c", Line: 2, Col: 10, EndLine: 2, EndCol: 40}}}},
			{Rule: "leak", Severity: SeverityError, Pos: pos(4), Message: "baseline", Suppressions: []Suppression{{Kind: SuppressionExternal, Justification: "recorded in the baseline b.json", Pos: Position{File: "/src/proj/b.json"}}}},
		},
		ReadFile: func(string) ([]byte, error) { return []byte(src), nil },
	}
}

func TestSARIFSuppressions(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, suppressedFixture(), Options{}); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, buf.Bytes())
	var log struct {
		Runs []struct {
			Results []struct {
				Message             struct{ Text string }
				PartialFingerprints map[string]string
				Suppressions        []struct {
					Kind, Status, Justification string
					Location                    *struct{}
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	rs := log.Runs[0].Results
	if len(rs) != 3 {
		t.Fatalf("%d results, want 3 (suppressed ones included)", len(rs))
	}
	// Sorted by line: in source (2), active (3), baseline (4).
	if rs[0].Message.Text != "in source" || len(rs[0].Suppressions) != 1 || rs[0].Suppressions[0].Kind != "inSource" ||
		rs[0].Suppressions[0].Justification != "freed by the caller" || rs[0].Suppressions[0].Status != "accepted" || rs[0].Suppressions[0].Location == nil {
		t.Errorf("in-source result: %+v", rs[0])
	}
	if len(rs[1].Suppressions) != 0 {
		t.Errorf("the active result has suppressions: %+v", rs[1])
	}
	if rs[2].Suppressions[0].Kind != "external" {
		t.Errorf("baseline result: %+v", rs[2])
	}
	// Fingerprints count all three lines with the same text, so
	// suppressing a finding does not renumber the others.
	want := map[string]bool{}
	for _, r := range rs {
		want[r.PartialFingerprints[FingerprintKey]] = true
	}
	if len(want) != 3 {
		t.Errorf("fingerprints are not distinct: %v", want)
	}
	all := suppressedFixture()
	all.Findings = append(all.Findings, all.Suppressed...)
	for i := range all.Findings {
		all.Findings[i].Suppressions = nil
	}
	all.Suppressed = nil
	buf.Reset()
	WriteSARIF(&buf, all, Options{})
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	for _, r := range log.Runs[0].Results {
		if !want[r.PartialFingerprints[FingerprintKey]] {
			t.Errorf("fingerprint of %q changed when nothing is suppressed", r.Message.Text)
		}
	}
}

// Suppressed results are the first to go when the result cap is reached,
// and tags are capped at GitHub's 20 per rule.
func TestSARIFLimitsWithSuppressed(t *testing.T) {
	r := &Result{Rules: []Rule{{Name: "r", Tags: make([]string, 0, 30)}}}
	for i := 0; i < 30; i++ {
		r.Rules[0].Tags = append(r.Rules[0].Tags, "tag"+string(rune('a'+i)))
	}
	for i := 0; i < SARIFMaxResults; i++ {
		r.Findings = append(r.Findings, Finding{Rule: "r", Severity: SeverityNote, Pos: Position{File: "a.c", Line: i + 1}})
	}
	r.Suppressed = []Finding{{Rule: "r", Severity: SeverityError, Pos: Position{File: "a.c", Line: 1}, Suppressions: []Suppression{{Kind: SuppressionInSource, Justification: "x"}}}}
	log := newSARIFLog(r)
	run := log.Runs[0]
	if len(run.Results) != SARIFMaxResults {
		t.Fatalf("%d results", len(run.Results))
	}
	for _, res := range run.Results {
		if len(res.Suppressions) > 0 {
			t.Fatal("a suppressed result was kept over an active one")
		}
	}
	if n := len(run.Tool.Driver.Rules[0].Properties.Tags); n != SARIFMaxTags {
		t.Errorf("%d tags, want %d", n, SARIFMaxTags)
	}
}

func TestJSONSuppressed(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, suppressedFixture(), Options{}); err != nil {
		t.Fatal(err)
	}
	validateJSONSchema(t, buf.Bytes())
	var rep JSONReport
	if err := json.Unmarshal(buf.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 || len(rep.Suppressed) != 2 || rep.Summary.Findings != 1 || rep.Summary.Suppressed != 2 || rep.Summary.ByRule["leak"] != 1 {
		t.Fatalf("report: %s", buf.String())
	}
	s := rep.Suppressed[0].Suppressions[0]
	if s.Kind != "inSource" || s.Justification != "freed by the caller" || s.Location == nil || s.Location.File != "m.c" || s.Location.Line != 2 {
		t.Errorf("suppression: %+v", s)
	}
	if strings.Contains(buf.String()[:strings.Index(buf.String(), `"suppressed"`)], `"suppressions"`) {
		t.Error("an active finding carries suppressions")
	}
	// The schema rejects a suppressed finding without suppressions.
	bad := strings.Replace(buf.String(), `"suppressions"`, `"suppressionz"`, 1)
	if validateJSONSchemaErr(t, []byte(bad)) == nil {
		t.Error("the schema accepted a suppressed finding without suppressions")
	}
}

func TestTextCountsSuppressed(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteText(&buf, suppressedFixture(), Options{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "in source") || strings.Contains(out, ": baseline") {
		t.Errorf("suppressed findings are shown:\n%s", out)
	}
	if !strings.HasSuffix(out, "1 finding (1 error) in 1 file; 1 suppressed; 1 in the baseline\n") {
		t.Errorf("summary:\n%s", out)
	}
}

func validateSARIF(t *testing.T, data []byte) {
	t.Helper()
	if err := validate(compileSchema(t, sarifSchemaPath(t)), data); err != nil {
		t.Fatalf("SARIF does not validate: %v\n%s", err, data)
	}
}

func validateJSONSchema(t *testing.T, data []byte) {
	t.Helper()
	if err := validateJSONSchemaErr(t, data); err != nil {
		t.Fatalf("JSON report does not validate: %v\n%s", err, data)
	}
}

func validateJSONSchemaErr(t *testing.T, data []byte) error {
	t.Helper()
	return validate(compileSchema(t, reportSchema), data)
}
