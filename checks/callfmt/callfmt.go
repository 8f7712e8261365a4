// Package callfmt defines the callfmt rule: RedisModule_Call,
// RedisModule_Replicate and RedisModule_EmitAOF format strings checked like
// printf formats — unknown or too new characters, argument counts, argument
// types and modifiers that do nothing.
package callfmt

import (
	"fmt"
	"go/token"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/redisapi"
	"github.com/rmlint/rmlint/reports"
)

// Analyzer is the callfmt rule.
var Analyzer = &analysis.Analyzer{
	Name:     "callfmt",
	Doc:      doc,
	URL:      "https://github.com/rmlint/rmlint/blob/main/docs/rules/callfmt.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

// Rule is callfmt's metadata.
var Rule = &inspect.Rule{Analyzer: Analyzer, Severity: reports.SeverityError, Tags: []string{"correctness", "crash"}, Precision: "very-high"}

// The functions whose format this rule checks, and what a rejected format
// does to each.
var checked = map[string]string{
	"RedisModule_Call":      "RedisModule_Call returns NULL with errno EBADF and the command does not run",
	"RedisModule_Replicate": "RedisModule_Replicate returns REDISMODULE_ERR and nothing is replicated",
	"RedisModule_EmitAOF":   "RedisModule_EmitAOF writes nothing and sets the I/O error flag (the AOF rewrite fails)",
}

func run(pass *analysis.Pass) (any, error) {
	m := inspect.Of(pass)
	for _, f := range m.Funcs() {
		if f.Def == nil || f.Body() == nil {
			continue
		}
		inspect.APICalls(f, func(call *cc.PostfixExpression, name string, api *redisapi.Func) {
			if api == nil || api.CallFormat < 0 || checked[name] == "" {
				return
			}
			args := cparse.Args(call)
			if len(args) <= api.CallFormat {
				return // the compiler rejects this call
			}
			if cparse.IsNullConstant(args[api.CallFormat]) {
				m.Report(pass, args[api.CallFormat], "%s format is NULL: Redis calls strlen on it (crash); pass \"\" for a command without arguments", name)
				return
			}
			format, ok, lit := f.Unit.ConstString(args[api.CallFormat])
			if !ok {
				return
			}
			c := &fcall{m: m, pass: pass, u: f.Unit, name: name, format: format,
				fmtArg: args[api.CallFormat], lit: lit, args: args[api.CallFormat+1:], first: api.CallFormat + 1}
			c.check()
		})
	}
	return nil, nil
}

// fcall is one call with a constant format.
type fcall struct {
	m      *inspect.Module
	pass   *analysis.Pass
	u      *cparse.Unit
	name   string // RedisModule_Call, ...
	format string
	fmtArg cc.ExpressionNode
	lit    *cc.PrimaryExpression // the format literal when written plainly, else nil
	args   []cc.ExpressionNode   // the variadic arguments
	first  int                   // index of args[0] among the call's arguments
}

func (c *fcall) check() {
	if c.unknown() {
		return // Redis rejects the whole format; nothing else matters
	}
	c.versions()
	c.modifiers()
	if c.count() {
		c.types()
	}
}

// unknown reports characters Redis does not accept; it returns whether there
// were any.
func (c *fcall) unknown() bool {
	var bad []string
	first := -1
	seen := map[byte]bool{}
	for i := 0; i < len(c.format); i++ {
		ch := c.format[i]
		if redisapi.LookupCallFormatChar(ch) != nil {
			continue
		}
		if first < 0 {
			first = i
		}
		if !seen[ch] {
			seen[ch] = true
			bad = append(bad, quoteChar(ch))
		}
	}
	if first < 0 {
		return false
	}
	what := "character " + bad[0] + " is"
	msgNot := "not a format specifier"
	if len(bad) > 1 {
		what = "characters " + strings.Join(bad, ", ") + " are"
		msgNot = "not format specifiers"
	}
	msg := fmt.Sprintf("%s format %s: %s %s: Redis rejects the whole format, so %s",
		c.name, strconv.Quote(c.format), what, msgNot, checked[c.name])
	fixed := ""
	switch {
	case strings.Contains(c.format, "%"):
		msg += "; the format is not printf-style: write one letter per argument without % (c: char *, s: RedisModuleString *, l: long long, b: buffer and size_t length, v: RedisModuleString ** and size_t count)"
	default:
		fixed = strings.Map(func(r rune) rune {
			if r == ' ' || r == ',' || r == '\t' {
				return -1
			}
			return r
		}, c.format)
		if fixed != c.format && allKnown(fixed) {
			msg += fmt.Sprintf("; write %s (one letter per argument, no separators)", strconv.Quote(fixed))
		} else {
			fixed = ""
			if strings.ContainsAny(c.format, "diu") {
				msg += "; for an integer use \"l\" and pass a long long"
			} else {
				msg += "; " + letters()
			}
		}
	}
	d := c.atChar(first, msg)
	if fixed != "" && c.litIsArg() {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   fmt.Sprintf("Use %s", strconv.Quote(fixed)),
			TextEdits: []analysis.TextEdit{{Pos: c.m.Files.Pos(c.lit), End: c.m.Files.End(c.lit), NewText: []byte(strconv.Quote(fixed))}},
		}}
	}
	c.pass.Report(d)
	return true
}

// letters lists the characters Redis accepts.
func letters() string {
	var args, mods []string
	for _, fc := range redisapi.CallFormatChars() {
		if fc.Consumes != nil {
			args = append(args, string(fc.Char))
		} else {
			mods = append(mods, string(fc.Char))
		}
	}
	return fmt.Sprintf("the letters are %s (arguments) and %s (modifiers)", strings.Join(args, ", "), strings.Join(mods, ", "))
}

func allKnown(s string) bool {
	for i := 0; i < len(s); i++ {
		if redisapi.LookupCallFormatChar(s[i]) == nil {
			return false
		}
	}
	return true
}

// versions reports characters newer than the target release.
func (c *fcall) versions() {
	seen := map[byte]bool{}
	for i := 0; i < len(c.format); i++ {
		fc := redisapi.LookupCallFormatChar(c.format[i])
		if fc == nil || seen[fc.Char] || !c.m.Target.Less(fc.Since) {
			continue
		}
		seen[fc.Char] = true
		c.pass.Report(c.atChar(i, fmt.Sprintf(
			"%s format %s: %s needs Redis %s, but the oldest Redis this module targets is %s (--redis-version): there Redis rejects the whole format, so %s; leave %s out on older releases (it means: %s) or raise --redis-version",
			c.name, strconv.Quote(c.format), quoteChar(fc.Char), fc.Since, c.m.Target, checked[c.name], quoteChar(fc.Char), fc.Summary)))
	}
}

// modifiers reports modifiers that have no effect in this call.
func (c *fcall) modifiers() {
	seen := map[byte]bool{}
	for i := 0; i < len(c.format); i++ {
		ch := c.format[i]
		fc := redisapi.LookupCallFormatChar(ch)
		if fc == nil || fc.Consumes != nil || seen[ch] {
			continue
		}
		seen[ch] = true
		q, fq := quoteChar(ch), strconv.Quote(c.format)
		var msg string
		switch c.name {
		case "RedisModule_Call":
			if (ch == 'A' || ch == 'R') && !strings.Contains(c.format, "!") {
				target := "the AOF"
				if ch == 'R' {
					target = "replicas"
				}
				msg = fmt.Sprintf("RedisModule_Call format %s: %s only matters with \"!\": without \"!\" the call is not replicated at all, so there is nothing to keep from %s; add \"!\" if the command should be replicated, or drop %s",
					fq, q, target, q)
			}
		case "RedisModule_Replicate":
			switch {
			case ch == '!':
				msg = fmt.Sprintf("RedisModule_Replicate format %s: \"!\" is ignored, RedisModule_Replicate always replicates; drop \"!\" (only \"A\" and \"R\" change what it does)", fq)
			case ch != 'A' && ch != 'R':
				msg = fmt.Sprintf("RedisModule_Replicate format %s: %s is ignored, it only affects RedisModule_Call (only \"A\" and \"R\" change what RedisModule_Replicate does); drop %s",
					fq, q, q)
			}
		case "RedisModule_EmitAOF":
			msg = fmt.Sprintf("RedisModule_EmitAOF format %s: %s is ignored, RedisModule_EmitAOF writes the command to the rewritten AOF whatever the modifiers; drop %s",
				fq, q, q)
		}
		if msg == "" {
			continue
		}
		d := c.atChar(i, msg)
		d.Category = inspect.CategoryWarning
		c.pass.Report(d)
	}
}

// spec is one variadic argument the format consumes.
type spec struct {
	ch   byte // the format character
	pos  int  // its index in the format
	part int  // 0, or 1 for the length of "b" and "v"
}

func (c *fcall) specs() []spec {
	var r []spec
	for i := 0; i < len(c.format); i++ {
		fc := redisapi.LookupCallFormatChar(c.format[i])
		if fc == nil {
			continue
		}
		for j := range fc.Consumes {
			r = append(r, spec{ch: fc.Char, pos: i, part: j})
		}
	}
	return r
}

// count reports a number of variadic arguments different from what the
// format consumes; it returns whether they match.
func (c *fcall) count() bool {
	specs := c.specs()
	want, got := len(specs), len(c.args)
	if want == got {
		return true
	}
	fq := strconv.Quote(c.format)
	if got < want {
		msg := fmt.Sprintf("%s format %s consumes %s after the format, but %s passed: Redis reads the missing %s from the va_list anyway (garbage pointers or lengths; usually a crash)",
			c.name, fq, plural(want, "argument"), isAre(got), missingWhat(specs[got:]))
		if hint := c.letterHint(); hint != "" {
			msg += "; " + hint
		} else {
			msg += "; pass the missing arguments or fix the format"
		}
		c.pass.Report(c.m.Diagnostic(c.fmtArg, "%s", msg))
		return false
	}
	extra := c.args[want]
	msg := fmt.Sprintf("%s format %s consumes %s after the format, but %s passed: Redis ignores %s on, so the format is probably missing a specifier",
		c.name, fq, plural(want, "argument"), isAre(got), c.argLabel(want))
	if hint := c.letterHint(); hint != "" {
		msg += "; " + hint
	} else {
		msg += "; add one letter per argument to the format or drop the extra arguments"
	}
	c.pass.Report(c.m.Diagnostic(extra, "%s", msg))
	return false
}

// letterHint explains modifiers that look like argument letters.
func (c *fcall) letterHint() string {
	var hints []string
	if strings.Contains(c.format, "S") {
		hints = append(hints, `"S" is the script-mode modifier, not a string: use "s" for a RedisModuleString * or "c" for a char *`)
	}
	if strings.Contains(c.format, "C") {
		hints = append(hints, `"C" is the run-as-user modifier, not a C string: use "c" for a char *`)
	}
	return strings.Join(hints, "; ")
}

func missingWhat(specs []spec) string {
	w := []string{"argument"}
	if len(specs) > 1 {
		w[0] = fmt.Sprintf("%d arguments", len(specs))
	}
	for _, s := range specs {
		w = append(w, fmt.Sprintf("(%s for %s)", consumesType(s), quoteChar(s.ch)))
	}
	return strings.Join(w, " ")
}

func consumesType(s spec) string {
	fc := redisapi.LookupCallFormatChar(s.ch)
	if fc == nil || s.part >= len(fc.Consumes) {
		return "?"
	}
	return fc.Consumes[s.part]
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func isAre(n int) string {
	switch n {
	case 0:
		return "none are"
	case 1:
		return "1 is"
	}
	return fmt.Sprintf("%d are", n)
}

// types checks each argument against its specifier.
func (c *fcall) types() {
	for i, s := range c.specs() {
		a := c.args[i]
		t := a.Type()
		if t == nil {
			continue
		}
		if t.Kind() == cc.Array || t.Kind() == cc.Function {
			t = t.Decay()
		}
		switch {
		case s.ch == 'c':
			c.checkCString(i, s, a, t)
		case s.ch == 's':
			c.checkRString(i, s, a, t)
		case s.ch == 'l':
			c.checkLongLong(i, s, a, t)
		case s.ch == 'b' && s.part == 0:
			c.checkBuffer(i, s, a, t)
		case s.ch == 'v' && s.part == 0:
			c.checkVector(i, s, a, t)
		case s.part == 1:
			c.checkLength(i, s, t)
		}
	}
}

// Type classes of an argument.
type class int

const (
	cUnknown    class = iota
	cCharPtr          // char *, const char *, unsigned char *, char[]
	cVoidPtr          // void *
	cRStr             // RedisModuleString *
	cRStrPtr          // RedisModuleString **
	cCharPtrPtr       // char **
	cRedisPtr         // pointer to another RedisModule* opaque type
	cIntPtr           // pointer to a non-char integer type or floating type
	cPtrPtr           // another pointer to pointer
	cOtherPtr         // another pointer (struct, function, ...)
	cInt              // an integer type (see Size for the width)
	cFloat            // a floating type
)

func classify(t cc.Type) class {
	switch {
	case t == nil:
		return cUnknown
	case t.Kind() == cc.Ptr:
		p, ok := t.(*cc.PointerType)
		if !ok || p.Elem() == nil {
			return cUnknown
		}
		e := p.Elem()
		switch {
		case e.Kind() == cc.Void:
			return cVoidPtr
		case isCharKind(e.Kind()):
			return cCharPtr
		case typeName(e) == "RedisModuleString":
			return cRStr
		case strings.HasPrefix(typeName(e), "RedisModule") && (e.Kind() == cc.Struct || e.Kind() == cc.Union):
			return cRedisPtr
		case e.Kind() == cc.Ptr:
			switch classify(e) {
			case cRStr:
				return cRStrPtr
			case cCharPtr:
				return cCharPtrPtr
			}
			return cPtrPtr
		case cc.IsIntegerType(e) || cc.IsFloatingPointType(e):
			return cIntPtr
		}
		return cOtherPtr
	case cc.IsIntegerType(t):
		return cInt
	case cc.IsFloatingPointType(t):
		return cFloat
	}
	return cUnknown
}

func isCharKind(k cc.Kind) bool { return k == cc.Char || k == cc.SChar || k == cc.UChar }

// typeName is the typedef name or struct/union tag of t, or "".
func typeName(t cc.Type) string {
	if td := t.Typedef(); td != nil {
		return td.Name()
	}
	switch x := t.(type) {
	case *cc.StructType:
		tag := x.Tag()
		return tag.SrcStr()
	case *cc.UnionType:
		tag := x.Tag()
		return tag.SrcStr()
	}
	return ""
}

// promoted is t after the default argument promotions (for the message).
func promoted(t cc.Type) cc.Type {
	if cc.IsIntegerType(t) && t.Kind() != cc.Enum {
		return cc.IntegerPromotion(t)
	}
	return t
}

func (c *fcall) checkCString(i int, s spec, a cc.ExpressionNode, t cc.Type) {
	sp := specName(s)
	if cparse.IsNullConstant(a) {
		c.typeErr(i, s, fmt.Sprintf("is a NULL pointer, but %s reads a NUL-terminated char * and Redis calls strlen on it (crash); pass \"\" for an empty argument", sp), nil)
		return
	}
	switch classify(t) {
	case cRStr:
		c.typeErr(i, s, fmt.Sprintf("is a RedisModuleString *, but %s reads a NUL-terminated char *: Redis runs strlen over the RedisModuleString's internals; use \"s\" for a RedisModuleString", sp), c.replaceChar(s, 's'))
	case cRStrPtr, cCharPtrPtr, cPtrPtr:
		c.typeErr(i, s, fmt.Sprintf("is a pointer to pointers, but %s reads a NUL-terminated char *; pass one element (e.g. argv[i]) with the matching letter", sp), nil)
	case cRedisPtr, cIntPtr:
		c.typeErr(i, s, fmt.Sprintf("is %s, not a C string, but %s reads a NUL-terminated char * and Redis calls strlen on it; pass a char *", article(typeText(t)), sp), nil)
	case cInt:
		c.typeErr(i, s, fmt.Sprintf("is an integer, but %s reads a NUL-terminated char * (crash); use \"l\" and pass %s", sp, c.castText(i, "long long")), nil)
	case cFloat:
		c.typeErr(i, s, fmt.Sprintf("is a floating-point value, but %s reads a NUL-terminated char *; format it into a string first", sp), nil)
	}
}

func (c *fcall) checkRString(i int, s spec, a cc.ExpressionNode, t cc.Type) {
	sp := specName(s)
	if cparse.IsNullConstant(a) {
		c.typeErr(i, s, fmt.Sprintf("is a NULL pointer, but %s reads a RedisModuleString * and Redis dereferences it (crash)", sp), nil)
		return
	}
	switch classify(t) {
	case cCharPtr:
		c.typeErr(i, s, fmt.Sprintf("is a C string (%s), but %s reads a RedisModuleString *: Redis dereferences the characters as a RedisModuleString (crash or garbage); use \"c\" for a C string", typeText(t), sp), c.replaceChar(s, 'c'))
	case cRStrPtr:
		c.typeErr(i, s, fmt.Sprintf("is a RedisModuleString ** (an array of strings), but %s reads one RedisModuleString *; pass an element such as argv[1], or use \"v\" with a size_t count", sp), nil)
	case cRedisPtr, cCharPtrPtr, cIntPtr, cPtrPtr:
		c.typeErr(i, s, fmt.Sprintf("is %s, not a RedisModuleString, but %s reads a RedisModuleString * (crash); pass a RedisModuleString *", article(typeText(t)), sp), nil)
	case cInt:
		c.typeErr(i, s, fmt.Sprintf("is an integer, but %s reads a RedisModuleString * (crash); use \"l\" and pass %s", sp, c.castText(i, "long long")), nil)
	case cFloat:
		c.typeErr(i, s, fmt.Sprintf("is a floating-point value, but %s reads a RedisModuleString *", sp), nil)
	}
}

func (c *fcall) checkLongLong(i int, s spec, a cc.ExpressionNode, t cc.Type) {
	sp := specName(s)
	switch classify(t) {
	case cInt:
		if t.Size() == 8 {
			return // long, unsigned long, long long, int64_t, ...: read correctly
		}
		if t.Size() > 8 || t.Size() <= 0 {
			return // __int128 and the like: not judged
		}
		neg := ""
		if cc.IsSignedInteger(promoted(t)) {
			neg = " (a negative one typically arrives as a huge positive number)"
		}
		c.typeErr(i, s, fmt.Sprintf("is %s, but %s reads a long long (8 bytes) with va_arg: the other %d bytes are whatever the register or stack slot held, so the value can be garbage%s; pass %s",
			intText(t), sp, 8-promoted(t).Size(), neg, c.castText(i, "long long")), c.castFix(i, "long long"))
	case cFloat:
		c.typeErr(i, s, fmt.Sprintf("is a floating-point value, but %s reads a long long with va_arg (floating-point arguments travel in other registers, so Redis reads garbage); pass %s", sp, c.castText(i, "long long")), nil)
	case cCharPtr, cVoidPtr, cRStr, cRStrPtr, cCharPtrPtr, cRedisPtr, cIntPtr, cPtrPtr, cOtherPtr:
		hint := "pass the integer value as (long long)"
		switch classify(t) {
		case cCharPtr:
			hint = "use \"c\" for a C string"
		case cRStr:
			hint = "use \"s\" for a RedisModuleString"
		}
		c.typeErr(i, s, fmt.Sprintf("is a pointer (%s), but %s reads a long long: Redis sends the address as a number; %s", typeText(t), sp, hint), nil)
	}
}

func (c *fcall) checkBuffer(i int, s spec, a cc.ExpressionNode, t cc.Type) {
	sp := specName(s)
	switch classify(t) {
	case cRStr:
		c.typeErr(i, s, fmt.Sprintf("is a RedisModuleString *, but %s reads a raw byte buffer: Redis copies the RedisModuleString's internals; use \"s\" for a RedisModuleString (and drop the length), or pass RedisModule_StringPtrLen(str, &len)", sp), nil)
	case cInt:
		if !cparse.IsNullConstant(a) {
			c.typeErr(i, s, fmt.Sprintf("is an integer, but %s reads a pointer to a buffer (then its size_t length) (crash)", sp), nil)
		}
	case cFloat:
		c.typeErr(i, s, fmt.Sprintf("is a floating-point value, but %s reads a pointer to a buffer (then its size_t length)", sp), nil)
	}
}

func (c *fcall) checkVector(i int, s spec, a cc.ExpressionNode, t cc.Type) {
	sp := specName(s)
	if cparse.IsNullConstant(a) {
		return
	}
	switch classify(t) {
	case cRStr:
		c.typeErr(i, s, fmt.Sprintf("is one RedisModuleString *, but %s reads an array of them (RedisModuleString **) and its size_t count; pass the array (e.g. argv+1), or use \"s\" for a single string", sp), nil)
	case cCharPtrPtr:
		c.typeErr(i, s, fmt.Sprintf("is an array of C strings, but %s reads an array of RedisModuleString * (crash); use one \"c\" per string, or build RedisModuleStrings", sp), nil)
	case cCharPtr, cRedisPtr, cIntPtr:
		c.typeErr(i, s, fmt.Sprintf("is %s, not an array of RedisModuleString *, but %s reads a RedisModuleString ** (crash)", article(typeText(t)), sp), nil)
	case cInt, cFloat:
		c.typeErr(i, s, fmt.Sprintf("is not a pointer, but %s reads a RedisModuleString ** and its size_t count (crash)", sp), nil)
	}
}

func (c *fcall) checkLength(i int, s spec, t cc.Type) {
	sp := specName(s)
	what := "length"
	if s.ch == 'v' {
		what = "count"
	}
	sizeT := c.fmtArg.Type().Decay().Size() // a pointer: size_t has the same width
	switch classify(t) {
	case cInt:
		if t.Size() == sizeT || t.Size() > 8 || t.Size() <= 0 {
			return
		}
		past := "buffer"
		if s.ch == 'v' {
			past = "array"
		}
		c.typeErr(i, s, fmt.Sprintf("is %s, but %s reads its %s with va_arg as a size_t (%d bytes): the other %d bytes are whatever the register or stack slot held, so the %s can be garbage (a huge %s reads past the %s; a crash); pass %s",
			intText(t), sp, what, sizeT, sizeT-promoted(t).Size(), what, what, past, c.castText(i, "size_t")), c.castFix(i, "size_t"))
	case cFloat:
		c.typeErr(i, s, fmt.Sprintf("is a floating-point value, but %s reads its %s as a size_t; pass %s", sp, what, c.castText(i, "size_t")), nil)
	case cCharPtr, cVoidPtr, cRStr, cRStrPtr, cCharPtrPtr, cRedisPtr, cIntPtr, cPtrPtr, cOtherPtr:
		c.typeErr(i, s, fmt.Sprintf("is a pointer (%s), but %s reads its %s as a size_t", typeText(t), sp, what), nil)
	}
}

// specName describes the specifier an argument is read for.
func specName(s spec) string {
	if s.part == 1 {
		return quoteChar(s.ch) + " (after its pointer)"
	}
	return quoteChar(s.ch)
}

// typeText spells t for a message.
func typeText(t cc.Type) string {
	if e, ok := t.(*cc.EnumType); ok {
		tok := e.Tag()
		if tag := tok.SrcStr(); tag != "" {
			return "enum " + tag
		}
		return "enum"
	}
	return inspect.CType(t)
}

// intText describes an integer argument narrower than what is read: its
// type, what it is promoted to and its width.
func intText(t cc.Type) string {
	p := promoted(t)
	if p.Kind() != t.Kind() {
		return fmt.Sprintf("%s (promoted to %s, %d bytes)", article(typeText(t)), typeText(p), p.Size())
	}
	return fmt.Sprintf("%s (%d bytes)", article(typeText(t)), t.Size())
}

// typeErr reports variadic argument i; detail follows the argument's name.
func (c *fcall) typeErr(i int, s spec, detail string, fix *analysis.SuggestedFix) {
	msg := fmt.Sprintf("%s format %s: %s %s", c.name, strconv.Quote(c.format), c.argLabel(i), detail)
	d := c.m.Diagnostic(c.args[i], "%s", msg)
	if p := c.charPos(s.pos); p.IsValid() {
		d.Related = []analysis.RelatedInformation{{Pos: p, End: p + 1, Message: fmt.Sprintf("format character %s", quoteChar(s.ch))}}
	}
	if fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	c.pass.Report(d)
}

// argLabel names variadic argument i: "argument 4 (argv[1])", counting from
// 1 over all the call's arguments.
func (c *fcall) argLabel(i int) string {
	return fmt.Sprintf("argument %d (%s)", c.first+i+1, c.argText(i))
}

// argText is the source text of variadic argument i, shortened.
func (c *fcall) argText(i int) string {
	s := c.sourceText(c.args[i])
	if s == "" {
		s = cc.NodeSource(c.args[i])
	}
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}

// sourceText is the text of n as written in its file (macro names, not
// their expansions), or "".
func (c *fcall) sourceText(n cc.Node) string {
	pos, end := c.m.Files.Pos(n), c.m.Files.End(n)
	if !pos.IsValid() || !end.IsValid() || end <= pos {
		return ""
	}
	fset := c.m.Files.Fset
	f := fset.File(pos)
	if f == nil || fset.File(end) != f {
		return ""
	}
	src := c.m.Files.Content(f.Name())
	from, to := f.Offset(pos), f.Offset(end)
	if src == nil || to > len(src) {
		return ""
	}
	return string(src[from:to])
}

// castText is "(T)x", parenthesising x unless it is a simple operand.
func (c *fcall) castText(i int, typ string) string {
	x := c.argText(i)
	if !simple(c.args[i]) {
		x = "(" + x + ")"
	}
	return "(" + typ + ")" + x
}

// simple reports whether e binds tighter than a cast (an identifier, a
// constant, a call, an index, a member access or a parenthesised
// expression).
func simple(e cc.ExpressionNode) bool {
	switch x := e.(type) {
	case *cc.PrimaryExpression, *cc.CastExpression, *cc.UnaryExpression:
		return true
	case *cc.PostfixExpression:
		return x.Case != cc.PostfixExpressionComplit
	}
	return false
}

// castFix inserts the cast before argument i when it is written plainly in
// the source.
func (c *fcall) castFix(i int, typ string) *analysis.SuggestedFix {
	a := c.args[i]
	if !c.u.FromSource(a) {
		return nil
	}
	pos, end := c.m.Files.Pos(a), c.m.Files.End(a)
	if !pos.IsValid() || !end.IsValid() {
		return nil
	}
	edits := []analysis.TextEdit{{Pos: pos, End: pos, NewText: []byte("(" + typ + ")")}}
	if !simple(a) {
		edits[0].NewText = []byte("(" + typ + ")(")
		edits = append(edits, analysis.TextEdit{Pos: end, End: end, NewText: []byte(")")})
	}
	return &analysis.SuggestedFix{Message: fmt.Sprintf("Cast to %s", typ), TextEdits: edits}
}

// replaceChar replaces the specifier's character in the format literal when
// the literal is written plainly in this call.
func (c *fcall) replaceChar(s spec, to byte) *analysis.SuggestedFix {
	if !c.litIsArg() {
		return nil
	}
	p := c.charPos(s.pos)
	if !p.IsValid() {
		return nil
	}
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("Use %s", quoteChar(to)),
		TextEdits: []analysis.TextEdit{{Pos: p, End: p + 1, NewText: []byte{to}}},
	}
}

// litIsArg reports whether the format literal is written in the call itself
// (not in a shared constant), so that editing it changes only this call.
func (c *fcall) litIsArg() bool {
	if c.lit == nil {
		return false
	}
	p, ok := cparse.StripCasts(c.fmtArg).(*cc.PrimaryExpression)
	return ok && p == c.lit
}

// charPos is the position of format character i inside the literal when the
// literal is written plainly in the source, else NoPos.
func (c *fcall) charPos(i int) token.Pos {
	if c.lit == nil {
		return token.NoPos
	}
	if c.lit.Token.SrcStr() != `"`+c.format+`"` || strings.ContainsAny(c.format, "\\\"") {
		return token.NoPos
	}
	start := c.m.Files.TokenPos(c.lit.Token.Position())
	if !start.IsValid() {
		return token.NoPos
	}
	return start + token.Pos(1+i)
}

// atChar returns a diagnostic on format character i when it can be pointed
// at, else on the format argument.
func (c *fcall) atChar(i int, msg string) analysis.Diagnostic {
	d := c.m.Diagnostic(c.fmtArg, "%s", msg)
	if p := c.charPos(i); p.IsValid() {
		d.Pos, d.End = p, p+1
	}
	return d
}

func quoteChar(ch byte) string { return strconv.Quote(string([]byte{ch})) }

func article(s string) string {
	if s != "" && strings.ContainsRune("aeiouAEIOU", rune(s[0])) && !strings.HasPrefix(s, "uint") {
		return "an " + s
	}
	return "a " + s
}
