package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

func init() { Formats["sarif"] = WriteSARIF }

// GitHub code scanning limits that WriteSARIF respects.
const (
	// SARIFMaxResults is the most results one run may carry; GitHub rejects
	// uploads with more.
	SARIFMaxResults = 25000
	// SARIFMaxRelated is the most related locations one result may carry.
	SARIFMaxRelated = 1000
	// SARIFMaxRules is the most rules one run may describe.
	SARIFMaxRules = 25000
	// SARIFMaxTags is the most tags one rule may carry.
	SARIFMaxTags = 20
)

// FingerprintKey is the partialFingerprints key WriteSARIF sets.
const FingerprintKey = "primaryLocationLineHash/v1"

const (
	sarifSchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
	srcRoot        = "%SRCROOT%"
)

// WriteSARIF writes r as a SARIF 2.1.0 log with one run, for GitHub code
// scanning and other SARIF viewers.
//
//   - Rules: tool.driver.rules has one reportingDescriptor per Result.Rules
//     entry (in that order, duplicates dropped), then one bare descriptor for
//     each rule that has findings but no metadata, so every result's ruleIndex
//     is valid. help.text and help.markdown carry Rule.Doc; fullDescription is
//     Doc's first paragraph (Summary when there is no Doc).
//   - Locations: files inside Result.Root (an empty Root is the current
//     directory) get a relative, percent-encoded uri with uriBaseId
//     "%SRCROOT%", which run.originalUriBaseIds maps to the root's file://
//     uri; other files get an absolute file:// uri and no uriBaseId. Every
//     artifactLocation also carries its index into run.artifacts.
//   - Columns: run.columnKind is "utf16CodeUnits". rmlint's byte columns are
//     converted when Result.ReadFile supplies the line (invalid UTF-8 counts
//     one unit per byte, like U+FFFD); without the source they are passed on
//     as byte columns, which is exact for ASCII lines. A position with no end
//     gets a region without endLine/endColumn (to the end of the line).
//   - Fixes: one artifactChange per file; each edit is a replacement whose
//     deletedRegion is charOffset/charLength in UTF-16 code units when the
//     file content is available, else startLine/startColumn/endLine/endColumn
//     when the edit has a line and column, else byte offsets as
//     charOffset/charLength.
//   - partialFingerprints["primaryLocationLineHash/v1"] is
//     hex(SHA-256("rmlint/v1" NUL rule NUL path NUL text))[:32] + ":" + n,
//     where path is the file as the JSON format names it (root-relative with
//     "/"), text is the finding's source line with all ASCII whitespace
//     removed (empty when the source is unavailable), and n counts findings
//     with the same hash in sorted order, from 1. It ignores line numbers, so
//     it survives code moving up or down.
//   - Limits: at most 25,000 results (errors kept first, then warnings, then
//     notes; a warning notification says how many were left out) and at most
//     1,000 related locations per result (the number left out goes in the
//     result's properties as "omittedRelatedLocations").
//   - run.invocations[0].executionSuccessful is false when there were input
//     errors; each is an error-level toolExecutionNotification with its
//     location. run.automationDetails.id is "rmlint/".
//   - Suppressed findings (Result.Suppressed) are results too, sorted in
//     among the others, each with a suppressions array: kind "inSource"
//     (a rmlint:ignore comment; justification is its reason, location the
//     comment) or "external" (a baseline), status "accepted". They share the
//     fingerprint counters with the active findings, so suppressing one
//     finding does not change another's fingerprint. When results must be
//     left out, suppressed ones go first.
//   - Rule tags are capped at 20 per rule and the rules at 25,000 per run
//     (GitHub's limits); a rule past the cap keeps its results, which then
//     carry no ruleIndex.
func WriteSARIF(w io.Writer, r *Result, opts Options) error {
	if r == nil {
		return errNilResult
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(newSARIFLog(r))
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	Invocations        []sarifInvocation                `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
	Artifacts          []sarifArtifact                  `json:"artifacts,omitempty"`
	Results            []sarifResult                    `json:"results"`
	AutomationDetails  sarifAutomationDetails           `json:"automationDetails"`
	ColumnKind         string                           `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	InformationURI  string      `json:"informationUri,omitempty"`
	Rules           []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string              `json:"id"`
	Name                 string              `json:"name,omitempty"`
	ShortDescription     *sarifMessage       `json:"shortDescription,omitempty"`
	FullDescription      *sarifMessage       `json:"fullDescription,omitempty"`
	Help                 *sarifMultiformat   `json:"help,omitempty"`
	HelpURI              string              `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfiguration  `json:"defaultConfiguration"`
	Properties           sarifRuleProperties `json:"properties"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProperties struct {
	Tags            []string `json:"tags,omitempty"`
	Precision       string   `json:"precision,omitempty"`
	ProblemSeverity string   `json:"problem.severity"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifMultiformat struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           *int               `json:"ruleIndex,omitempty"`
	Level               string             `json:"level"`
	Message             sarifMessage       `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	RelatedLocations    []sarifLocation    `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Fixes               []sarifFix         `json:"fixes,omitempty"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          map[string]any     `json:"properties,omitempty"`
}

type sarifSuppression struct {
	Kind          string         `json:"kind"`
	Status        string         `json:"status,omitempty"`
	Justification string         `json:"justification,omitempty"`
	Location      *sarifLocation `json:"location,omitempty"`
}

type sarifLocation struct {
	ID               *int                   `json:"id,omitempty"`
	PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
	Message          *sarifMessage          `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
	Index     *int   `json:"index,omitempty"`
}

type sarifRegion struct {
	StartLine   int  `json:"startLine,omitempty"`
	StartColumn int  `json:"startColumn,omitempty"`
	EndLine     int  `json:"endLine,omitempty"`
	EndColumn   int  `json:"endColumn,omitempty"`
	CharOffset  *int `json:"charOffset,omitempty"`
	CharLength  *int `json:"charLength,omitempty"`
}

type sarifFix struct {
	Description     *sarifMessage         `json:"description,omitempty"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Replacements     []sarifReplacement    `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion   `json:"deletedRegion"`
	InsertedContent *sarifMessage `json:"insertedContent,omitempty"`
}

type sarifArtifact struct {
	Location sarifArtifactLocation `json:"location"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifAutomationDetails struct {
	ID string `json:"id"`
}

// sarifBuilder holds the state of one conversion.
type sarifBuilder struct {
	paths     pathMapper
	src       *sourceCache
	artifacts []sarifArtifact
	artIndex  map[string]int // uriBaseId + "\x00" + uri -> index
}

func sarifLevel(s Severity) string {
	switch s {
	case SeverityWarning:
		return "warning"
	case SeverityNote:
		return "note"
	}
	return "error"
}

func newSARIFLog(r *Result) *sarifLog {
	r = sortedCopy(r)
	b := &sarifBuilder{
		paths:    newPathMapper(r.Root),
		src:      newSourceCache(r.ReadFile),
		artIndex: map[string]int{},
	}

	name := r.Tool.Name
	if name == "" {
		name = "rmlint"
	}
	driver := sarifDriver{
		Name:            name,
		Version:         r.Tool.Version,
		SemanticVersion: semanticVersion(r.Tool.Version),
		InformationURI:  absoluteURI(r.Tool.InformationURI),
		Rules:           []sarifRule{},
	}
	// Active and suppressed findings, sorted together.
	all := append(append([]Finding(nil), r.Findings...), r.Suppressed...)
	sortFindings(all)

	ruleIndex := map[string]int{}
	addRule := func(rule Rule) {
		if _, dup := ruleIndex[rule.Name]; dup || len(driver.Rules) >= SARIFMaxRules {
			return
		}
		ruleIndex[rule.Name] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sarifRuleFor(rule))
	}
	for _, rule := range r.Rules {
		addRule(rule)
	}
	for _, f := range all {
		addRule(Rule{Name: f.Rule, Severity: f.Severity})
	}

	// Fingerprints are computed over every finding, before truncation, so
	// that the counters do not depend on what was left out.
	prints := b.fingerprints(all)

	keep := make([]int, len(all))
	for i := range keep {
		keep[i] = i
	}
	omitted := 0
	if len(keep) > SARIFMaxResults {
		rank := func(f Finding) int {
			if len(f.Suppressions) > 0 {
				return 10
			}
			return severityRank(f.Severity)
		}
		sort.SliceStable(keep, func(i, j int) bool {
			return rank(all[keep[i]]) < rank(all[keep[j]])
		})
		omitted = len(keep) - SARIFMaxResults
		keep = keep[:SARIFMaxResults]
		sort.Ints(keep)
	}

	results := make([]sarifResult, 0, len(keep))
	for _, i := range keep {
		f := all[i]
		var idx *int
		if k, ok := ruleIndex[f.Rule]; ok {
			idx = &k
		}
		res := sarifResult{
			RuleID:              f.Rule,
			RuleIndex:           idx,
			Level:               sarifLevel(f.Severity),
			Message:             sarifMessage{Text: f.Message},
			Locations:           []sarifLocation{{PhysicalLocation: b.physical(f.Pos)}},
			PartialFingerprints: map[string]string{FingerprintKey: prints[i]},
		}
		if res.Message.Text == "" {
			res.Message.Text = f.Rule
		}
		related := f.Related
		if len(related) > SARIFMaxRelated {
			res.Properties = map[string]any{"omittedRelatedLocations": len(related) - SARIFMaxRelated}
			related = related[:SARIFMaxRelated]
		}
		for k, rel := range related {
			id := k + 1
			loc := sarifLocation{ID: &id, PhysicalLocation: b.physical(rel.Pos)}
			if rel.Message != "" {
				loc.Message = &sarifMessage{Text: rel.Message}
			}
			res.RelatedLocations = append(res.RelatedLocations, loc)
		}
		for _, fix := range f.Fixes {
			res.Fixes = append(res.Fixes, b.fix(fix))
		}
		for _, sp := range f.Suppressions {
			ss := sarifSuppression{Kind: sp.Kind, Status: "accepted", Justification: sp.Justification}
			if ss.Kind != SuppressionInSource && ss.Kind != SuppressionExternal {
				ss.Kind = SuppressionExternal
			}
			if sp.Pos.File != "" {
				ss.Location = &sarifLocation{PhysicalLocation: b.physical(sp.Pos)}
			}
			res.Suppressions = append(res.Suppressions, ss)
		}
		if f.Command != "" {
			if res.Properties == nil {
				res.Properties = map[string]any{}
			}
			res.Properties["command"] = f.Command
		}
		results = append(results, res)
	}

	inv := sarifInvocation{ExecutionSuccessful: len(r.Errors) == 0}
	for _, e := range r.Errors {
		n := sarifNotification{Level: "error", Message: sarifMessage{Text: e.Message}}
		if n.Message.Text == "" {
			n.Message.Text = "input could not be analysed"
		}
		if e.Pos.File != "" {
			n.Locations = []sarifLocation{{PhysicalLocation: b.physical(e.Pos)}}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	if omitted > 0 {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level: "warning",
			Message: sarifMessage{Text: fmt.Sprintf(
				"%d of %d results were left out (the least severe): a SARIF run for GitHub code scanning may hold at most %d results",
				omitted, len(all), SARIFMaxResults)},
		})
	}

	run := sarifRun{
		Tool:              sarifTool{Driver: driver},
		Invocations:       []sarifInvocation{inv},
		Artifacts:         b.artifacts,
		Results:           results,
		AutomationDetails: sarifAutomationDetails{ID: "rmlint/"},
		ColumnKind:        "utf16CodeUnits",
	}
	if b.paths.root != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLocation{
			srcRoot: {URI: dirURI(b.paths.root)},
		}
	}
	return &sarifLog{Schema: sarifSchemaURI, Version: "2.1.0", Runs: []sarifRun{run}}
}

func severityRank(s Severity) int {
	switch s {
	case SeverityError:
		return 0
	case SeverityWarning:
		return 1
	case SeverityNote:
		return 2
	}
	return 3
}

func sarifRuleFor(rule Rule) sarifRule {
	sr := sarifRule{
		ID:                   rule.Name,
		Name:                 rule.Name,
		HelpURI:              absoluteURI(rule.HelpURI),
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(rule.Severity)},
		Properties: sarifRuleProperties{
			Tags:            capStrings(uniqueStrings(rule.Tags), SARIFMaxTags),
			Precision:       rule.Precision,
			ProblemSeverity: problemSeverity(rule.Severity),
		},
	}
	if rule.Summary != "" {
		sr.ShortDescription = &sarifMessage{Text: rule.Summary}
	}
	if p := firstParagraph(rule.Doc); p != "" {
		sr.FullDescription = &sarifMessage{Text: p}
	} else if rule.Summary != "" {
		sr.FullDescription = &sarifMessage{Text: rule.Summary}
	}
	if strings.TrimSpace(rule.Doc) != "" {
		sr.Help = &sarifMultiformat{Text: rule.Doc, Markdown: rule.Doc}
	}
	return sr
}

// problemSeverity is GitHub's "problem.severity" rule property.
func problemSeverity(s Severity) string {
	switch s {
	case SeverityWarning:
		return "warning"
	case SeverityNote:
		return "recommendation"
	}
	return "error"
}

// firstParagraph returns the first paragraph of a Markdown text that is not a
// heading, with its lines joined by spaces.
func firstParagraph(doc string) string {
	var para []string
	for _, line := range strings.Split(strings.ReplaceAll(doc, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			if len(para) > 0 {
				return strings.Join(para, " ")
			}
		case len(para) == 0 && strings.HasPrefix(line, "#"):
			// skip headings before the first paragraph
		default:
			para = append(para, line)
		}
	}
	return strings.Join(para, " ")
}

func capStrings(ss []string, n int) []string {
	if len(ss) > n {
		return ss[:n]
	}
	return ss
}

func uniqueStrings(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

var semverRE = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)` +
	`(-(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*)?` +
	`(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$`)

// semanticVersion returns v without a leading "v" when it is a Semantic
// Versioning 2.0 version, else "".
func semanticVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	if semverRE.MatchString(v) {
		return v
	}
	return ""
}

// absoluteURI returns s when it is an absolute URI, else "".
func absoluteURI(s string) string {
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() {
		return ""
	}
	return s
}

// escapePath percent-encodes every byte of p except unreserved characters
// (RFC 3986) and "/".
func escapePath(p string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~' || c == '/' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

// fileURI is the file:// uri of an absolute path.
func fileURI(abs string) string {
	s := filepath.ToSlash(abs)
	if strings.HasPrefix(s, "//") { // UNC path: //server/share/...
		return "file:" + escapePath(s)
	}
	if !strings.HasPrefix(s, "/") {
		s = "/" + s
	}
	// Keep a Windows drive letter's colon: file:///C:/src/...
	if len(s) >= 3 && s[2] == ':' && ('A' <= s[1] && s[1] <= 'Z' || 'a' <= s[1] && s[1] <= 'z') {
		return "file:///" + s[1:3] + escapePath(s[3:])
	}
	return "file://" + escapePath(s)
}

// dirURI is the file:// uri of a directory, ending in "/".
func dirURI(abs string) string {
	u := fileURI(abs)
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// artifactLocation names file, registering it in run.artifacts.
func (b *sarifBuilder) artifactLocation(file string) sarifArtifactLocation {
	var loc sarifArtifactLocation
	if rel, ok := b.paths.rel(file); ok {
		loc = sarifArtifactLocation{URI: escapePath(filepath.ToSlash(rel)), URIBaseID: srcRoot}
	} else {
		loc = sarifArtifactLocation{URI: fileURI(b.paths.abs(file))}
	}
	key := loc.URIBaseID + "\x00" + loc.URI
	i, ok := b.artIndex[key]
	if !ok {
		i = len(b.artifacts)
		b.artIndex[key] = i
		b.artifacts = append(b.artifacts, sarifArtifact{Location: loc})
	}
	loc.Index = &i
	return loc
}

func (b *sarifBuilder) physical(p Position) *sarifPhysicalLocation {
	return &sarifPhysicalLocation{ArtifactLocation: b.artifactLocation(p.File), Region: b.region(p)}
}

// column converts a byte column on line n of file to UTF-16 code units when
// the line is available.
func (b *sarifBuilder) column(file string, n, col int, roundUp bool) int {
	if line, ok := b.src.line(file, n); ok {
		return utf16Col(line, col, roundUp)
	}
	return col
}

// region is the text region of p, nil when p has no line.
func (b *sarifBuilder) region(p Position) *sarifRegion {
	if p.Line <= 0 {
		return nil
	}
	reg := &sarifRegion{StartLine: p.Line}
	if p.Col <= 0 {
		if p.EndLine > p.Line {
			reg.EndLine = p.EndLine
		}
		return reg
	}
	reg.StartColumn = b.column(p.File, p.Line, p.Col, false)
	if p.EndLine >= p.Line && p.EndCol > 0 {
		reg.EndLine = p.EndLine
		reg.EndColumn = b.column(p.File, p.EndLine, p.EndCol, true)
		if reg.EndLine == reg.StartLine && reg.EndColumn < reg.StartColumn {
			reg.EndColumn = reg.StartColumn
		}
	}
	return reg
}

func (b *sarifBuilder) fix(fix Fix) sarifFix {
	sf := sarifFix{ArtifactChanges: []sarifArtifactChange{}}
	if fix.Message != "" {
		sf.Description = &sarifMessage{Text: fix.Message}
	}
	byFile := map[int]int{} // artifact index -> index into ArtifactChanges
	for _, e := range fix.Edits {
		loc := b.artifactLocation(e.Pos.File)
		k, ok := byFile[*loc.Index]
		if !ok {
			k = len(sf.ArtifactChanges)
			byFile[*loc.Index] = k
			sf.ArtifactChanges = append(sf.ArtifactChanges, sarifArtifactChange{ArtifactLocation: loc})
		}
		rep := sarifReplacement{DeletedRegion: b.editRegion(e.Pos)}
		if e.NewText != "" {
			rep.InsertedContent = &sarifMessage{Text: e.NewText}
		}
		sf.ArtifactChanges[k].Replacements = append(sf.ArtifactChanges[k].Replacements, rep)
	}
	return sf
}

// editRegion is the deleted region of an edit (see WriteSARIF).
func (b *sarifBuilder) editRegion(p Position) sarifRegion {
	start, end := max(p.Offset, 0), max(p.EndOffset, p.Offset, 0)
	if data, ok := b.src.content(p.File); ok {
		s, e := utf16Offset(data, start), utf16Offset(data, end)
		n := e - s
		return sarifRegion{CharOffset: &s, CharLength: &n}
	}
	if p.Line > 0 && p.Col > 0 {
		reg := sarifRegion{StartLine: p.Line, StartColumn: p.Col, EndLine: p.EndLine, EndColumn: p.EndCol}
		if reg.EndLine == 0 || reg.EndColumn == 0 {
			reg.EndLine, reg.EndColumn = p.Line, p.Col
		}
		return reg
	}
	n := end - start
	return sarifRegion{CharOffset: &start, CharLength: &n}
}

// fingerprints computes the partial fingerprint of each finding (see
// WriteSARIF for the recipe).
func (b *sarifBuilder) fingerprints(findings []Finding) []string {
	out := make([]string, len(findings))
	seen := map[string]int{}
	for i, f := range findings {
		line, _ := b.src.line(f.Pos.File, f.Pos.Line)
		h := sha256.New()
		h.Write([]byte("rmlint/v1\x00" + f.Rule + "\x00" + b.paths.slashPath(f.Pos.File) + "\x00"))
		h.Write(stripSpace(line))
		sum := hex.EncodeToString(h.Sum(nil))[:32]
		seen[sum]++
		out[i] = sum + ":" + strconv.Itoa(seen[sum])
	}
	return out
}

// stripSpace returns b without ASCII whitespace.
func stripSpace(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for _, c := range b {
		switch c {
		case ' ', '\t', '\n', '\v', '\f', '\r':
		default:
			out = append(out, c)
		}
	}
	return out
}

// NormalizeLine is a source line as fingerprints hash it: without ASCII
// whitespace, so that re-indenting code keeps its fingerprints.
func NormalizeLine(line []byte) []byte { return stripSpace(line) }
