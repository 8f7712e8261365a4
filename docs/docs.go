// Package docs renders rmlint's rule documentation: one Markdown page per
// rule in docs/rules/<rule>.md, from the same text `rmlint explain RULE`
// prints and SARIF's help.markdown carries (each analyzer's Doc, the smoke
// rules' docs and the suppression rule's). The rules' helpUri points at these
// pages.
//
// Regenerate the pages after changing a rule's doc:
//
//	go generate ./docs
//
// The test in this package fails when a page is missing or out of date, when
// a rule lacks a section, or when a static rule's "## Example" does not
// produce a finding of that rule or its "## Fixed" does.
package docs

//go:generate go run gen.go

import (
	"fmt"
	"strings"

	"github.com/rmlint/rmlint/checks"
	"github.com/rmlint/rmlint/checks/driver"
	"github.com/rmlint/rmlint/reports"
	"github.com/rmlint/rmlint/smoke"
	"github.com/rmlint/rmlint/suppress"
)

// BaseURL is where the generated pages are published.
const BaseURL = "https://github.com/rmlint/rmlint/blob/main/docs/rules/"

// Sections every rule's documentation has, in this order.
var Sections = []string{"## What it finds", "## Why it matters", "## Example", "## Fixed"}

// URL is the documentation page of a rule.
func URL(rule string) string { return BaseURL + rule + ".md" }

// Rules returns the metadata of every rule: the static rules, the smoke
// rules and the suppression rule, with HelpURI set.
func Rules() []reports.Rule {
	var out []reports.Rule
	for _, r := range checks.All {
		out = append(out, driver.RuleInfo(r))
	}
	out = append(out, smoke.Rules()...)
	out = append(out, suppress.RuleInfo())
	for i := range out {
		if out[i].HelpURI == "" {
			out[i].HelpURI = URL(out[i].Name)
		}
	}
	return out
}

// Lookup returns a rule's metadata (see Rules), or nil.
func Lookup(name string) *reports.Rule {
	for _, r := range Rules() {
		if r.Name == name {
			return &r
		}
	}
	return nil
}

// Render is the Markdown page of a rule.
func Render(r reports.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %s\n\n", r.Name, r.Summary)
	fmt.Fprintf(&b, "Severity: %s", r.Severity)
	if r.Precision != "" {
		fmt.Fprintf(&b, " · Precision: %s", r.Precision)
	}
	if len(r.Tags) > 0 {
		fmt.Fprintf(&b, " · Tags: %s", strings.Join(r.Tags, ", "))
	}
	b.WriteString("\n\n")
	b.WriteString(strings.TrimSpace(r.Doc))
	b.WriteString("\n")
	if strings.HasPrefix(r.Name, "smoke") {
		b.WriteString("\nThis rule runs only with `rmlint --smoke`.\n")
	}
	fmt.Fprintf(&b, "\n---\n\nGenerated from rmlint's source by `go generate ./docs`; `rmlint explain %s` prints this page.\n", r.Name)
	return b.String()
}

// Section returns the text of one "## " section of a rule's doc.
func Section(doc, heading string) string {
	i := strings.Index(doc, heading+"\n")
	if i < 0 {
		return ""
	}
	rest := doc[i+len(heading)+1:]
	if j := strings.Index(rest, "\n## "); j >= 0 {
		rest = rest[:j]
	}
	return strings.TrimSpace(rest)
}

// CodeBlocks returns the contents of the ```c fenced blocks of a Markdown
// text.
func CodeBlocks(md string) []string {
	var out []string
	for {
		i := strings.Index(md, "```c\n")
		if i < 0 {
			return out
		}
		md = md[i+5:]
		j := strings.Index(md, "```")
		if j < 0 {
			return out
		}
		out = append(out, md[:j])
		md = md[j+3:]
	}
}
