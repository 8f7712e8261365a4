package checks

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func TestAnalyzersValidate(t *testing.T) {
	var as []*analysis.Analyzer
	for _, r := range All {
		as = append(as, r.Analyzer)
	}
	if err := analysis.Validate(as); err != nil {
		t.Fatal(err)
	}
}

func TestRuleDocs(t *testing.T) {
	for _, r := range All {
		doc := r.Analyzer.Doc
		if !strings.HasPrefix(doc, r.Name()+": ") {
			t.Errorf("%s: doc must start with %q", r.Name(), r.Name()+": ")
		}
		for _, section := range []string{"## What it finds", "## Why it matters", "## Example", "## Fixed"} {
			if !strings.Contains(doc, section) {
				t.Errorf("%s: doc lacks section %q", r.Name(), section)
			}
		}
		switch r.Precision {
		case "very-high", "high", "medium", "low":
		default:
			t.Errorf("%s: bad precision %q", r.Name(), r.Precision)
		}
	}
}

func TestSelect(t *testing.T) {
	rs, err := Select([]string{"onload", "cmdflags"}, []string{"cmdflags"})
	if err != nil || len(rs) != 1 || rs[0].Name() != "onload" {
		t.Fatalf("Select = %v, %v", rs, err)
	}
	if _, err := Select([]string{"nosuchrule"}, nil); err == nil || !strings.Contains(err.Error(), "unknown rule") {
		t.Fatalf("want unknown rule error, got %v", err)
	}
	all, _ := Select(nil, nil)
	if len(all) != len(All) {
		t.Fatalf("Select(nil, nil) = %d rules, want %d", len(all), len(All))
	}
}
