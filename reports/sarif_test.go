package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sarifDoc is the part of a SARIF log the tests look at, decoded from the
// writer's output (not the writer's own types).
type sarifDoc struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name            string `json:"name"`
				Version         string `json:"version"`
				SemanticVersion string `json:"semanticVersion"`
				InformationURI  string `json:"informationUri"`
				Rules           []struct {
					ID               string                          `json:"id"`
					ShortDescription struct{ Text string }           `json:"shortDescription"`
					FullDescription  struct{ Text string }           `json:"fullDescription"`
					Help             struct{ Text, Markdown string } `json:"help"`
					HelpURI          string                          `json:"helpUri"`
					DefaultConfig    struct{ Level string }          `json:"defaultConfiguration"`
					Properties       map[string]any                  `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful bool            `json:"executionSuccessful"`
			Notifications       []sarifTestNote `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
		Artifacts          []struct {
			Location sarifTestArtifactLocation `json:"location"`
		} `json:"artifacts"`
		Results           []sarifTestResult   `json:"results"`
		AutomationDetails struct{ ID string } `json:"automationDetails"`
		ColumnKind        string              `json:"columnKind"`
	} `json:"runs"`
}

type sarifTestArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId"`
	Index     *int   `json:"index"`
}

type sarifTestRegion struct {
	StartLine, StartColumn, EndLine, EndColumn int
	CharOffset, CharLength                     *int
}

type sarifTestLocation struct {
	ID               *int `json:"id"`
	PhysicalLocation struct {
		ArtifactLocation sarifTestArtifactLocation `json:"artifactLocation"`
		Region           *sarifTestRegion          `json:"region"`
	} `json:"physicalLocation"`
	Message *struct{ Text string } `json:"message"`
}

type sarifTestNote struct {
	Level     string                `json:"level"`
	Message   struct{ Text string } `json:"message"`
	Locations []sarifTestLocation   `json:"locations"`
}

type sarifTestResult struct {
	RuleID              string                `json:"ruleId"`
	RuleIndex           *int                  `json:"ruleIndex"`
	Level               string                `json:"level"`
	Message             struct{ Text string } `json:"message"`
	Locations           []sarifTestLocation   `json:"locations"`
	RelatedLocations    []sarifTestLocation   `json:"relatedLocations"`
	PartialFingerprints map[string]string     `json:"partialFingerprints"`
	Fixes               []struct {
		Description     struct{ Text string } `json:"description"`
		ArtifactChanges []struct {
			ArtifactLocation sarifTestArtifactLocation `json:"artifactLocation"`
			Replacements     []struct {
				DeletedRegion   sarifTestRegion        `json:"deletedRegion"`
				InsertedContent *struct{ Text string } `json:"insertedContent"`
			} `json:"replacements"`
		} `json:"artifactChanges"`
	} `json:"fixes"`
	Properties map[string]any `json:"properties"`
}

func decodeSARIF(t *testing.T, data []byte) *sarifDoc {
	t.Helper()
	var d sarifDoc
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(d.Runs))
	}
	return &d
}

// resultFor returns the result of rule ruleID.
func resultFor(t *testing.T, d *sarifDoc, ruleID string) sarifTestResult {
	t.Helper()
	for _, r := range d.Runs[0].Results {
		if r.RuleID == ruleID {
			return r
		}
	}
	t.Fatalf("no result for %s", ruleID)
	return sarifTestResult{}
}

func TestSARIFGolden(t *testing.T) {
	golden(t, "report.sarif.golden", write(t, "sarif", fixture(t), Options{}))
}

// sarifSchemaPath is the official SARIF 2.1.0 schema, shared next to the
// repository.
func sarifSchemaPath(t *testing.T) string {
	t.Helper()
	path := filepath.Join(repoRoot(t), "..", "shared", "schemas", "sarif-schema-2.1.0.json")
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") != "true" {
			t.Skipf("SARIF schema not available: %v", err)
		}
		t.Fatalf("SARIF schema not available: %v", err)
	}
	return path
}

func TestSARIFMatchesOfficialSchema(t *testing.T) {
	sch := compileSchema(t, sarifSchemaPath(t))
	many := &Result{Root: "/p"}
	for i := 0; i < 3; i++ {
		many.Findings = append(many.Findings, Finding{Rule: "r", Message: "same", Pos: Position{File: "/p/a.c", Line: 1, Col: 1}})
	}
	for name, r := range map[string]*Result{
		"fixture":    fixture(t),
		"empty":      {},
		"duplicates": many,
		"no root":    {Findings: []Finding{{Rule: "r", Message: "m", Pos: Position{File: "a b.c", Line: 2}}}},
	} {
		if err := validate(sch, write(t, "sarif", r, Options{})); err != nil {
			t.Errorf("%s: output is not valid SARIF 2.1.0: %v", name, err)
		}
	}
	// The schema must reject invalid logs, or the check above proves nothing.
	out := string(write(t, "sarif", fixture(t), Options{}))
	for _, bad := range []struct{ old, new string }{
		{`"level": "error"`, `"level": "fatal"`},
		{`"startLine": 8`, `"startLine": 0`},
		{`"version": "2.1.0"`, `"version": "2.0.0"`},
	} {
		if !strings.Contains(out, bad.old) {
			t.Fatalf("output lacks %q", bad.old)
		}
		if err := validate(sch, []byte(strings.Replace(out, bad.old, bad.new, 1))); err == nil {
			t.Errorf("schema accepts %s", bad.new)
		}
	}
}

func TestSARIFRun(t *testing.T) {
	d := decodeSARIF(t, write(t, "sarif", fixture(t), Options{}))
	if d.Schema != "https://json.schemastore.org/sarif-2.1.0.json" || d.Version != "2.1.0" {
		t.Errorf("$schema %q version %q", d.Schema, d.Version)
	}
	run := d.Runs[0]
	drv := run.Tool.Driver
	if drv.Name != "rmlint" || drv.Version != "v0.3.1" || drv.SemanticVersion != "0.3.1" || drv.InformationURI != "https://github.com/rmlint/rmlint" {
		t.Errorf("driver %+v", drv)
	}
	if run.ColumnKind != "utf16CodeUnits" || run.AutomationDetails.ID != "rmlint/" {
		t.Errorf("columnKind %q automationDetails %q", run.ColumnKind, run.AutomationDetails.ID)
	}
	if got := run.OriginalURIBaseIDs["%SRCROOT%"].URI; got != "file:///src/proj/" {
		t.Errorf("%%SRCROOT%% = %q", got)
	}
	if len(run.Results) != 5 {
		t.Errorf("%d results, want 5", len(run.Results))
	}

	// Rules: metadata of every rule that ran, then the ones without.
	var ids []string
	for _, r := range drv.Rules {
		ids = append(ids, r.ID)
	}
	if got := strings.Join(ids, " "); got != "doublereply cmdflags style unusedvar keyspec apiversion" {
		t.Errorf("rules %s", got)
	}
	dr := drv.Rules[0]
	if dr.ShortDescription.Text != "A command replies more than once." ||
		dr.FullDescription.Text != "A command callback must send exactly one reply; a second reply corrupts the protocol stream." ||
		dr.Help.Markdown != fixtureRules()[0].Doc || dr.Help.Text != fixtureRules()[0].Doc ||
		dr.HelpURI != fixtureRules()[0].HelpURI || dr.DefaultConfig.Level != "error" {
		t.Errorf("doublereply rule %+v", dr)
	}
	if fmt.Sprint(dr.Properties["tags"]) != "[correctness protocol]" || dr.Properties["precision"] != "high" {
		t.Errorf("doublereply properties %v", dr.Properties)
	}
	if lv := drv.Rules[2].DefaultConfig.Level; lv != "note" {
		t.Errorf("style level %q", lv)
	}

	// Input errors.
	inv := run.Invocations
	if len(inv) != 1 || inv[0].ExecutionSuccessful || len(inv[0].Notifications) != 2 {
		t.Fatalf("invocations %+v", inv)
	}
	n := inv[0].Notifications[0]
	if n.Level != "error" || n.Message.Text != "expected ';' after expression" || len(n.Locations) != 1 ||
		n.Locations[0].PhysicalLocation.ArtifactLocation.URI != "src/broken.c" ||
		n.Locations[0].PhysicalLocation.Region == nil || n.Locations[0].PhysicalLocation.Region.StartLine != 3 {
		t.Errorf("notification %+v", n)
	}
	if r := inv[0].Notifications[1].Locations[0].PhysicalLocation.Region; r != nil {
		t.Errorf("region for an error without a line: %+v", r)
	}
	clean := fixture(t)
	clean.Errors = nil
	if d := decodeSARIF(t, write(t, "sarif", clean, Options{})); !d.Runs[0].Invocations[0].ExecutionSuccessful {
		t.Error("executionSuccessful false without input errors")
	}
}

func TestSARIFRuleIndex(t *testing.T) {
	d := decodeSARIF(t, write(t, "sarif", fixture(t), Options{}))
	rules := d.Runs[0].Tool.Driver.Rules
	for _, r := range d.Runs[0].Results {
		if r.RuleIndex == nil || *r.RuleIndex < 0 || *r.RuleIndex >= len(rules) {
			t.Errorf("%s: ruleIndex %v out of range", r.RuleID, r.RuleIndex)
			continue
		}
		if got := rules[*r.RuleIndex].ID; got != r.RuleID {
			t.Errorf("%s: ruleIndex %d points at %s", r.RuleID, *r.RuleIndex, got)
		}
	}
}

func TestSARIFLocations(t *testing.T) {
	d := decodeSARIF(t, write(t, "sarif", fixture(t), Options{}))
	run := d.Runs[0]
	check := func(what string, al sarifTestArtifactLocation) {
		t.Helper()
		if al.Index == nil || *al.Index < 0 || *al.Index >= len(run.Artifacts) {
			t.Errorf("%s: artifact index %v out of range", what, al.Index)
		} else if a := run.Artifacts[*al.Index].Location; a.URI != al.URI || a.URIBaseID != al.URIBaseID {
			t.Errorf("%s: artifact %d is %+v, location says %+v", what, *al.Index, a, al)
		}
		if strings.HasPrefix(al.URI, "file:") {
			if al.URIBaseID != "" {
				t.Errorf("%s: absolute uri %q with uriBaseId %q", what, al.URI, al.URIBaseID)
			}
			return
		}
		if al.URIBaseID != "%SRCROOT%" || strings.HasPrefix(al.URI, "/") || strings.Contains(al.URI, `\`) {
			t.Errorf("%s: uri %q uriBaseId %q, want a relative uri based on %%SRCROOT%%", what, al.URI, al.URIBaseID)
		}
	}
	for _, r := range run.Results {
		check(r.RuleID, r.Locations[0].PhysicalLocation.ArtifactLocation)
		for _, rel := range r.RelatedLocations {
			check(r.RuleID+" related", rel.PhysicalLocation.ArtifactLocation)
		}
		for _, f := range r.Fixes {
			for _, c := range f.ArtifactChanges {
				check(r.RuleID+" fix", c.ArtifactLocation)
			}
		}
	}
	var uris []string
	for _, a := range run.Artifacts {
		uris = append(uris, a.Location.URI)
	}
	if got := strings.Join(uris, " "); got != "src/hello.c src/latin1.c file:///usr/local/include/redismodule.h src/broken.c src/missing.c" {
		t.Errorf("artifacts %s", got)
	}

	if al := resultFor(t, d, "apiversion").Locations[0].PhysicalLocation.ArtifactLocation; al.URI != "file:///usr/local/include/redismodule.h" || al.URIBaseID != "" {
		t.Errorf("file outside the root: %+v", al)
	}

	// Regions, in UTF-16 code units: line 7 has "é" (2 bytes, 1 unit) and
	// an emoji (4 bytes, 2 units) before the ");".
	reg := func(ruleID string) sarifTestRegion {
		r := resultFor(t, d, ruleID).Locations[0].PhysicalLocation.Region
		if r == nil {
			t.Fatalf("%s: no region", ruleID)
		}
		return *r
	}
	paren := colOf(t, helloSrc, 7, ");")
	if got, want := reg("style"), (sarifTestRegion{StartLine: 7, StartColumn: paren - 3}); !regionEqual(got, want) {
		t.Errorf("style region %+v, want %+v (start only, column in UTF-16 units)", got, want)
	}
	if got, want := reg("doublereply"), (sarifTestRegion{StartLine: 8, StartColumn: 2, EndLine: 8, EndColumn: 27}); !regionEqual(got, want) {
		t.Errorf("doublereply region %+v, want %+v", got, want)
	}
	// The invalid byte on latin1.c line 3 counts as one unit, like U+FFFD.
	if got, want := reg("unusedvar"), (sarifTestRegion{StartLine: 3, StartColumn: 49, EndLine: 3, EndColumn: 55}); !regionEqual(got, want) {
		t.Errorf("unusedvar region %+v, want %+v", got, want)
	}
	// Not readable: byte columns as given.
	if got, want := reg("apiversion"), (sarifTestRegion{StartLine: 42, StartColumn: 5, EndLine: 42, EndColumn: 21}); !regionEqual(got, want) {
		t.Errorf("apiversion region %+v, want %+v", got, want)
	}

	dr := resultFor(t, d, "doublereply")
	if len(dr.RelatedLocations) != 1 || dr.RelatedLocations[0].ID == nil || *dr.RelatedLocations[0].ID != 1 ||
		dr.RelatedLocations[0].Message == nil || dr.RelatedLocations[0].Message.Text != "first reply here" {
		t.Errorf("related %+v", dr.RelatedLocations)
	}
	if dr.Level != "error" || dr.Message.Text != "reply sent twice" || dr.Properties["command"] != "hello.greet" {
		t.Errorf("doublereply result %+v", dr)
	}
}

func regionEqual(a, b sarifTestRegion) bool {
	return a.StartLine == b.StartLine && a.StartColumn == b.StartColumn && a.EndLine == b.EndLine && a.EndColumn == b.EndColumn
}

func TestSARIFFixes(t *testing.T) {
	d := decodeSARIF(t, write(t, "sarif", fixture(t), Options{}))
	dr := resultFor(t, d, "doublereply")
	if len(dr.Fixes) != 2 {
		t.Fatalf("%d fixes", len(dr.Fixes))
	}
	// Byte offsets become UTF-16 offsets: everything before line 8 is 3
	// units shorter than in bytes (é: 2 bytes→1 unit, emoji: 4→2).
	del := dr.Fixes[0]
	if del.Description.Text != "remove the second reply" || len(del.ArtifactChanges) != 1 || len(del.ArtifactChanges[0].Replacements) != 1 {
		t.Fatalf("fix %+v", del)
	}
	rep := del.ArtifactChanges[0].Replacements[0]
	wantOff := offsetOf(helloSrc, 8, 2) - 3
	wantLen := len("RedisModule_ReplyWithNull(ctx);\n\t")
	if rep.DeletedRegion.CharOffset == nil || *rep.DeletedRegion.CharOffset != wantOff ||
		rep.DeletedRegion.CharLength == nil || *rep.DeletedRegion.CharLength != wantLen || rep.InsertedContent != nil {
		t.Errorf("deletion %+v, want charOffset %d charLength %d and no insertedContent", rep, wantOff, wantLen)
	}
	ins := dr.Fixes[1].ArtifactChanges[0].Replacements[0]
	if ins.DeletedRegion.CharLength == nil || *ins.DeletedRegion.CharLength != 0 ||
		ins.InsertedContent == nil || ins.InsertedContent.Text != "\n\treturn REDISMODULE_OK;" {
		t.Errorf("insertion %+v", ins)
	}

	// Without the source: line/column when known, else byte offsets.
	r := fixture(t)
	r.ReadFile = nil
	d = decodeSARIF(t, write(t, "sarif", r, Options{}))
	got := resultFor(t, d, "doublereply").Fixes[0].ArtifactChanges[0].Replacements[0].DeletedRegion
	if want := (sarifTestRegion{StartLine: 8, StartColumn: 2, EndLine: 9, EndColumn: 2}); !regionEqual(got, want) || got.CharOffset != nil {
		t.Errorf("deletedRegion without source %+v, want %+v", got, want)
	}
	r.Findings = []Finding{{Rule: "r", Message: "m", Pos: Position{File: helloPath, Line: 1, Col: 1},
		Fixes: []Fix{{Message: "f", Edits: []Edit{{Pos: Position{File: helloPath, Offset: 10, EndOffset: 14}, NewText: "x"}}}}}}
	d = decodeSARIF(t, write(t, "sarif", r, Options{}))
	got = d.Runs[0].Results[0].Fixes[0].ArtifactChanges[0].Replacements[0].DeletedRegion
	if got.CharOffset == nil || *got.CharOffset != 10 || got.CharLength == nil || *got.CharLength != 4 {
		t.Errorf("deletedRegion from byte offsets %+v", got)
	}
}

// shifted returns the fixture with n lines inserted at the top of hello.c.
func shifted(t *testing.T, n int) *Result {
	r := fixture(t)
	prefix := strings.Repeat("/* inserted */\n", n)
	src := prefix + helloSrc
	r.ReadFile = memReader(map[string]string{helloPath: src, latinPath: latin1Src})
	move := func(p *Position) {
		if p.File == helloPath {
			p.Line += n
			if p.EndLine > 0 {
				p.EndLine += n
			}
			p.Offset += len(prefix)
			p.EndOffset += len(prefix)
		}
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		move(&f.Pos)
		for j := range f.Related {
			move(&f.Related[j].Pos)
		}
	}
	return r
}

func fingerprints(t *testing.T, r *Result) map[string]string {
	t.Helper()
	d := decodeSARIF(t, write(t, "sarif", r, Options{}))
	out := map[string]string{}
	for _, res := range d.Runs[0].Results {
		fp := res.PartialFingerprints["primaryLocationLineHash/v1"]
		if fp == "" {
			t.Fatalf("%s: no fingerprint in %v", res.RuleID, res.PartialFingerprints)
		}
		out[res.RuleID] = fp
	}
	return out
}

func TestSARIFFingerprintsSurviveLineShifts(t *testing.T) {
	before := fingerprints(t, fixture(t))
	after := fingerprints(t, shifted(t, 3))
	if len(before) != 5 {
		t.Fatalf("%d fingerprints", len(before))
	}
	for rule, fp := range before {
		if after[rule] != fp {
			t.Errorf("%s: fingerprint changed from %s to %s when lines were inserted above", rule, fp, after[rule])
		}
	}
	// Sanity: the line numbers did move.
	d := decodeSARIF(t, write(t, "sarif", shifted(t, 3), Options{}))
	if l := resultFor(t, d, "doublereply").Locations[0].PhysicalLocation.Region.StartLine; l != 11 {
		t.Errorf("shifted finding on line %d, want 11", l)
	}

	// Changing the flagged line's text changes the fingerprint...
	r := fixture(t)
	r.ReadFile = memReader(map[string]string{
		helloPath: strings.Replace(helloSrc, "ReplyWithNull(ctx)", "ReplyWithNull(context)", 1),
		latinPath: latin1Src,
	})
	if got := fingerprints(t, r); got["doublereply"] == before["doublereply"] {
		t.Error("fingerprint did not change with the line's text")
	}
	// ...but re-indenting it does not.
	r.ReadFile = memReader(map[string]string{
		helloPath: strings.Replace(helloSrc, "\tRedisModule_ReplyWithNull", "        RedisModule_ReplyWithNull ", 1),
		latinPath: latin1Src,
	})
	if got := fingerprints(t, r); got["doublereply"] != before["doublereply"] {
		t.Error("fingerprint changed with whitespace")
	}
}

func TestSARIFFingerprintRecipe(t *testing.T) {
	// The documented recipe, computed independently.
	r := &Result{
		Root:     "/p",
		ReadFile: memReader(map[string]string{"/p/a.c": "x;\n  foo( 1 );\nfoo(1);\n"}),
		Findings: []Finding{
			{Rule: "r", Message: "one", Pos: Position{File: "/p/a.c", Line: 2, Col: 3}},
			{Rule: "r", Message: "two", Pos: Position{File: "/p/a.c", Line: 3, Col: 1}},
		},
	}
	d := decodeSARIF(t, write(t, "sarif", r, Options{}))
	sum := sha256Hex("rmlint/v1\x00r\x00a.c\x00foo(1);")[:32]
	for i, res := range d.Runs[0].Results {
		want := fmt.Sprintf("%s:%d", sum, i+1)
		if got := res.PartialFingerprints["primaryLocationLineHash/v1"]; got != want {
			t.Errorf("result %d: fingerprint %s, want %s", i, got, want)
		}
	}
}

func TestSARIFResultCap(t *testing.T) {
	r := &Result{Root: "/p"}
	for i := 0; i < SARIFMaxResults+1; i++ {
		sev := SeverityError
		if i == 7 {
			sev = SeverityNote // the one to drop
		}
		r.Findings = append(r.Findings, Finding{Rule: "r", Severity: sev, Message: fmt.Sprint("m", i), Pos: Position{File: "/p/a.c", Line: i + 1, Col: 1}})
	}
	d := decodeSARIF(t, write(t, "sarif", r, Options{}))
	run := d.Runs[0]
	if len(run.Results) != 25000 {
		t.Fatalf("%d results, want 25000", len(run.Results))
	}
	for _, res := range run.Results {
		if res.Level == "note" {
			t.Fatal("the note was kept and an error dropped")
		}
	}
	var found bool
	for _, n := range run.Invocations[0].Notifications {
		if n.Level == "warning" && strings.Contains(n.Message.Text, "1 of 25001 results were left out") {
			found = true
		}
	}
	if !found {
		t.Errorf("no notification about the cap: %+v", run.Invocations[0].Notifications)
	}
	if !run.Invocations[0].ExecutionSuccessful {
		t.Error("truncation marked the run unsuccessful")
	}

	r.Findings = r.Findings[:SARIFMaxResults]
	d = decodeSARIF(t, write(t, "sarif", r, Options{}))
	if len(d.Runs[0].Results) != 25000 || len(d.Runs[0].Invocations[0].Notifications) != 0 {
		t.Errorf("at the limit: %d results, %d notifications", len(d.Runs[0].Results), len(d.Runs[0].Invocations[0].Notifications))
	}
}

func TestSARIFRelatedCap(t *testing.T) {
	f := Finding{Rule: "r", Message: "m", Pos: Position{File: "/p/a.c", Line: 1, Col: 1}}
	for i := 0; i < SARIFMaxRelated+5; i++ {
		f.Related = append(f.Related, Related{Pos: Position{File: "/p/a.c", Line: i + 2, Col: 1}, Message: "here"})
	}
	d := decodeSARIF(t, write(t, "sarif", &Result{Root: "/p", Findings: []Finding{f}}, Options{}))
	res := d.Runs[0].Results[0]
	if len(res.RelatedLocations) != 1000 {
		t.Errorf("%d related locations, want 1000", len(res.RelatedLocations))
	}
	if n, _ := res.Properties["omittedRelatedLocations"].(float64); n != 5 {
		t.Errorf("omittedRelatedLocations = %v, want 5", res.Properties["omittedRelatedLocations"])
	}
}

func TestSARIFURIs(t *testing.T) {
	r := &Result{
		Root: "/work/my proj",
		Findings: []Finding{
			{Rule: "r", Message: "m", Pos: Position{File: "/work/my proj/src/a:b,c%d é#?.c", Line: 1}},
			{Rule: "r", Message: "m", Pos: Position{File: "/elsewhere/x y.h", Line: 1}},
		},
	}
	d := decodeSARIF(t, write(t, "sarif", r, Options{}))
	run := d.Runs[0]
	if got := run.OriginalURIBaseIDs["%SRCROOT%"].URI; got != "file:///work/my%20proj/" {
		t.Errorf("root uri %q", got)
	}
	var got []string
	for _, res := range run.Results {
		al := res.Locations[0].PhysicalLocation.ArtifactLocation
		got = append(got, al.URIBaseID+"|"+al.URI)
	}
	want := []string{"|file:///elsewhere/x%20y.h", "%SRCROOT%|src/a%3Ab%2Cc%25d%20%C3%A9%23%3F.c"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("uris %q, want %q", got, want)
	}
}

func TestSemanticVersion(t *testing.T) {
	for v, want := range map[string]string{
		"v1.2.3": "1.2.3", "1.2.3": "1.2.3", "1.2.3-rc.1+build.5": "1.2.3-rc.1+build.5",
		"v0.0.0-20240101120000-abcdef123456": "0.0.0-20240101120000-abcdef123456",
		"devel":                              "", "(devel)": "", "1.2": "", "01.2.3": "", "": "",
	} {
		if got := semanticVersion(v); got != want {
			t.Errorf("semanticVersion(%q) = %q, want %q", v, got, want)
		}
	}
	d := decodeSARIF(t, write(t, "sarif", &Result{Tool: Tool{Name: "rmlint", Version: "devel"}}, Options{}))
	if sv := d.Runs[0].Tool.Driver.SemanticVersion; sv != "" {
		t.Errorf("semanticVersion %q for devel", sv)
	}
}

func TestUTF16Col(t *testing.T) {
	line := []byte("aé😀\xffb") // a(1) é(2 bytes) 😀(4 bytes) \xff(1) b
	for _, tc := range []struct {
		col     int
		roundUp bool
		want    int
	}{
		{1, false, 1}, {2, false, 2}, {4, false, 3}, {8, false, 5}, {9, false, 6}, {10, false, 7},
		{12, false, 9}, // two bytes past the end
		{3, false, 2},  // inside é: its start
		{3, true, 3},   // inside é, rounded up: after it
		{6, true, 5},   // inside the emoji, rounded up
	} {
		if got := utf16Col(line, tc.col, tc.roundUp); got != tc.want {
			t.Errorf("utf16Col(col %d, roundUp %v) = %d, want %d", tc.col, tc.roundUp, got, tc.want)
		}
	}
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
