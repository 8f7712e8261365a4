package nulterm

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/redisapi"
)

// kind is how a consumer reads a C string; it decides the advice.
type kind int

const (
	kLength      kind = iota // strlen
	kCompare                 // strcmp, strcoll
	kCaseCompare             // strcasecmp
	kSearch                  // strchr, strstr, strspn, strtok, ...
	kNumber                  // atoi, strtol, ...
	kFloat                   // atof, strtod, ...
	kScan                    // sscanf's input
	kCopy                    // strdup, strcpy, strcat
	kWrite                   // puts, fputs
	kPrint                   // a %s conversion of a printf-style function
	kFormat                  // the format string of a printf-style function
	kReplySimple             // RedisModule_ReplyWithSimpleString, ReplyWithCString
	kReplyError              // RedisModule_ReplyWithError
	kCallC                   // a "c" argument of RedisModule_Call & co
	kAPI                     // another `const char *` parameter of the API
	kHelper                  // a module function whose parameter is read as a C string
)

// libc lists the C library functions that read some arguments up to a
// NUL. Functions bounded by a length (strncmp, strncasecmp, strndup,
// strnlen, memcmp, memchr, memcpy) are absent: with the buffer's length
// they are the fix.
var libc = map[string]struct {
	args []int
	kind kind
}{
	"strlen":     {[]int{0}, kLength},
	"strcmp":     {[]int{0, 1}, kCompare},
	"strcoll":    {[]int{0, 1}, kCompare},
	"strcasecmp": {[]int{0, 1}, kCaseCompare},
	"strchr":     {[]int{0}, kSearch},
	"strrchr":    {[]int{0}, kSearch},
	"strchrnul":  {[]int{0}, kSearch},
	"index":      {[]int{0}, kSearch},
	"rindex":     {[]int{0}, kSearch},
	"strstr":     {[]int{0, 1}, kSearch},
	"strcasestr": {[]int{0, 1}, kSearch},
	"strpbrk":    {[]int{0, 1}, kSearch},
	"strspn":     {[]int{0, 1}, kSearch},
	"strcspn":    {[]int{0, 1}, kSearch},
	"strtok":     {[]int{0, 1}, kSearch},
	"strtok_r":   {[]int{0, 1}, kSearch},
	"strdup":     {[]int{0}, kCopy},
	"strcpy":     {[]int{1}, kCopy},
	"stpcpy":     {[]int{1}, kCopy},
	"strcat":     {[]int{0, 1}, kCopy},
	"atoi":       {[]int{0}, kNumber},
	"atol":       {[]int{0}, kNumber},
	"atoll":      {[]int{0}, kNumber},
	"strtol":     {[]int{0}, kNumber},
	"strtoll":    {[]int{0}, kNumber},
	"strtoul":    {[]int{0}, kNumber},
	"strtoull":   {[]int{0}, kNumber},
	"strtoimax":  {[]int{0}, kNumber},
	"strtoumax":  {[]int{0}, kNumber},
	"atof":       {[]int{0}, kFloat},
	"strtod":     {[]int{0}, kFloat},
	"strtof":     {[]int{0}, kFloat},
	"strtold":    {[]int{0}, kFloat},
	"sscanf":     {[]int{0}, kScan},
	"puts":       {[]int{0}, kWrite},
	"fputs":      {[]int{0}, kWrite},
}

// printfLike maps the C library's printf-style functions to the index of
// their format (the API's own are in the table: redisapi.Func.Format).
// The v* variants take a va_list: only their format is checked.
var printfLike = map[string]struct {
	format int
	va     bool
}{
	"printf":    {0, false},
	"fprintf":   {1, false},
	"dprintf":   {1, false},
	"sprintf":   {1, false},
	"snprintf":  {2, false},
	"asprintf":  {1, false},
	"syslog":    {1, false},
	"vprintf":   {0, true},
	"vfprintf":  {1, true},
	"vsprintf":  {1, true},
	"vsnprintf": {2, true},
}

// nodeIDParams are API parameters documented to take a cluster node id of
// exactly REDISMODULE_NODE_ID_LEN bytes, such as the ids
// RedisModule_GetClusterNodesList returns: not C strings by contract.
var nodeIDParams = map[string]int{
	"GetClusterNodeInfo": 1,
	"SendClusterMessage": 1,
}

// consumers lists the arguments of call that are read as NUL-terminated C
// strings.
func (a *analyzer) consumers(f *cparse.Func, call *cc.PostfixExpression, args []cc.ExpressionNode) []use {
	if g := a.m.Callee(f.Unit, call); g != nil {
		s := a.summarize(g)
		var r []use
		for i, pu := range s.uses {
			r = append(r, use{call: call, arg: i, kind: kHelper, fn: g.Name, helper: g, inner: pu})
		}
		sort.Slice(r, func(i, j int) bool { return r[i].arg < r[j].arg })
		return r
	}
	name := cparse.CalleeName(call)
	if name == "" {
		return nil
	}
	if c, ok := libc[name]; ok {
		var r []use
		for _, i := range c.args {
			k := c.kind
			if k == kScan && len(args) > 1 {
				if format, ok, _ := f.Unit.ConstString(args[1]); ok && scansFloat(format) {
					k = kFloat
				}
			}
			r = append(r, use{call: call, arg: i, kind: k, fn: name})
		}
		return r
	}
	if p, ok := printfLike[name]; ok {
		return printfUses(f, call, args, name, p.format, p.va)
	}
	if !strings.HasPrefix(name, redisapi.Prefix) {
		return nil
	}
	api := redisapi.Lookup(name)
	if api == nil {
		return nil
	}
	var r []use
	if api.Format >= 0 {
		r = append(r, printfUses(f, call, args, name, api.Format, false)...)
	}
	if api.CallFormat >= 0 && api.CallFormat < len(args) {
		r = append(r, use{call: call, arg: api.CallFormat, kind: kFormat, fn: name})
		if format, ok, _ := f.Unit.ConstString(args[api.CallFormat]); ok {
			for _, i := range callCStrings(format) {
				r = append(r, use{call: call, arg: api.CallFormat + 1 + i, kind: kCallC, fn: name})
			}
		}
	}
	for i := range api.Params {
		if i == api.Format || i == api.CallFormat || !isCStringParam(api, i) {
			continue
		}
		if j, ok := nodeIDParams[api.Name]; ok && j == i {
			continue
		}
		k := kAPI
		switch api.Name {
		case "ReplyWithSimpleString", "ReplyWithCString":
			k = kReplySimple
		case "ReplyWithError":
			k = kReplyError
		}
		r = append(r, use{call: call, arg: i, kind: k, fn: name})
	}
	return r
}

// isCStringParam: a `const char *` parameter not followed by its length.
func isCStringParam(api *redisapi.Func, i int) bool {
	if strings.ReplaceAll(api.Params[i].Type, " ", "") != "constchar*" {
		return false
	}
	if i+1 < len(api.Params) {
		switch strings.TrimSpace(api.Params[i+1].Type) {
		case "size_t", "uint32_t", "int", "unsigned int", "long long":
			return false
		}
	}
	return true
}

// printfUses: the format argument itself and the arguments of its %s
// conversions without a precision.
func printfUses(f *cparse.Func, call *cc.PostfixExpression, args []cc.ExpressionNode, name string, fmtIdx int, va bool) []use {
	if fmtIdx >= len(args) {
		return nil
	}
	r := []use{{call: call, arg: fmtIdx, kind: kFormat, fn: name}}
	if va {
		return r
	}
	format, ok, _ := f.Unit.ConstString(args[fmtIdx])
	if !ok {
		return r
	}
	idx, ok := printfCStrings(format)
	if !ok {
		return r
	}
	for _, i := range idx {
		r = append(r, use{call: call, arg: fmtIdx + 1 + i, kind: kPrint, fn: name})
	}
	return r
}

// printfCStrings parses a printf format and returns the indexes (among the
// arguments after the format) of those a %s conversion without precision
// reads up to a NUL. ok is false for formats it does not understand
// (positional arguments, unknown conversions).
func printfCStrings(format string) (idx []int, ok bool) {
	arg := 0
	n := len(format)
	digits := func(i int) int {
		for i < n && format[i] >= '0' && format[i] <= '9' {
			i++
		}
		return i
	}
	for i := 0; i < n; i++ {
		if format[i] != '%' {
			continue
		}
		i++
		if i >= n {
			return nil, false
		}
		if format[i] == '%' {
			continue
		}
		if j := digits(i); j < n && j > i && format[j] == '$' {
			return nil, false // positional arguments
		}
		for i < n && strings.IndexByte("-+ #0'I", format[i]) >= 0 {
			i++
		}
		if i < n && format[i] == '*' {
			arg++
			i++
		} else {
			i = digits(i)
		}
		precision := false
		if i < n && format[i] == '.' {
			precision = true
			i++
			if i < n && format[i] == '*' {
				arg++
				i++
			} else {
				i = digits(i)
			}
		}
		wide := false
		for i < n && strings.IndexByte("hlLqjzt", format[i]) >= 0 {
			if format[i] == 'l' {
				wide = true
			}
			i++
		}
		if i >= n {
			return nil, false
		}
		switch c := format[i]; {
		case c == 's':
			if !precision && !wide {
				idx = append(idx, arg)
			}
			arg++
		case c == 'm':
		case strings.IndexByte("diouxXeEfFgGaAcCpnS", c) >= 0:
			arg++
		default:
			return nil, false
		}
	}
	return idx, true
}

var floatScanRE = regexp.MustCompile(`%[*0-9]*(?:l|L)?[eEfFgGaA]`)

// scansFloat: a scanf format that reads a floating-point number.
func scansFloat(format string) bool { return floatScanRE.MatchString(format) }

// callCStrings returns the indexes (among the arguments after the format)
// of the arguments a RedisModule_Call-style format reads as C strings:
// those of the characters whose only argument is a `char *` (the "c"
// character; "b" takes the length too).
func callCStrings(format string) []int {
	var r []int
	arg := 0
	for i := 0; i < len(format); i++ {
		fc := redisapi.LookupCallFormatChar(format[i])
		if fc == nil {
			return r // unknown: stop here (callfmt reports it)
		}
		if len(fc.Consumes) == 1 && strings.ReplaceAll(fc.Consumes[0], " ", "") == "char*" {
			r = append(r, arg)
		}
		arg += len(fc.Consumes)
	}
	return r
}

// reader is the first half of a message: who reads what.
func reader(u use, what string) string {
	switch u.kind {
	case kPrint:
		return fmt.Sprintf("the %%s conversion of %s() reads %s as a NUL-terminated C string", u.fn, what)
	case kFormat:
		return fmt.Sprintf("%s() uses %s as its format string, reading it as a NUL-terminated C string", u.fn, what)
	case kCallC:
		return fmt.Sprintf("the \"c\" format of %s() reads %s as a NUL-terminated C string", u.fn, what)
	case kScan, kNumber, kFloat:
		return fmt.Sprintf("%s() parses %s as a NUL-terminated C string", u.fn, what)
	}
	return fmt.Sprintf("%s() reads %s as a NUL-terminated C string", u.fn, what)
}

// fixFor is the advice: what to write instead. ln names the length (a
// variable, or the fixed size of a cluster node id).
func fixFor(k kind, fn, ptr string, ln length) string {
	n := ln.name
	switch k {
	case kLength:
		if ln.fixed {
			return fmt.Sprintf("its length is %s; use that instead of %s()", n, fn)
		}
		return fmt.Sprintf("use the length (%s) instead of %s()", n, fn)
	case kCompare:
		if ln.fixed {
			return fmt.Sprintf("compare exactly %s bytes with memcmp(%s, other, %s)", n, ptr, n)
		}
		return fmt.Sprintf("compare with the length: check %s first, then memcmp(%s, other, %s) or strncmp with that length", n, ptr, n)
	case kCaseCompare:
		if ln.fixed {
			return fmt.Sprintf("compare exactly %s bytes with strncasecmp(%s, other, %s)", n, ptr, n)
		}
		return fmt.Sprintf("compare with the length: check %s first, then strncasecmp(%s, other, %s)", n, ptr, n)
	case kSearch:
		return fmt.Sprintf("search within the length (memchr(%s, c, %s), or a loop bounded by %s)", ptr, n, n)
	case kNumber, kScan:
		return fmt.Sprintf("parse it with its length: RedisModule_StringToLongLong(RedisModule_CreateString(ctx, %s, %s), &value), which also rejects trailing garbage and overflow", ptr, n)
	case kFloat:
		return fmt.Sprintf("parse it with its length: RedisModule_StringToDouble(RedisModule_CreateString(ctx, %s, %s), &value)", ptr, n)
	case kCopy:
		return fmt.Sprintf("copy it with its length: RedisModule_CreateString(ctx, %s, %s), or RedisModule_Alloc(%s + 1), memcpy and a terminating NUL", ptr, n, n)
	case kWrite:
		return fmt.Sprintf("write it with its length: fwrite(%s, 1, %s, stream)", ptr, n)
	case kPrint:
		return fmt.Sprintf("print it with \"%%.*s\" and (int)%s, %s", n, ptr)
	case kFormat:
		return fmt.Sprintf("use a constant format and print the buffer with \"%%.*s\" and (int)%s, %s", n, ptr)
	case kReplySimple:
		return fmt.Sprintf("reply with RedisModule_ReplyWithStringBuffer(ctx, %s, %s)", ptr, n)
	case kReplyError:
		return fmt.Sprintf("reply with RedisModule_ReplyWithErrorFormat(ctx, \"%%.*s\", (int)%s, %s) (Redis 7.2+) or with a NUL-terminated copy", n, ptr)
	case kCallC:
		return fmt.Sprintf("pass it with the \"b\" format and its length (%s, %s) instead of \"c\"", ptr, n)
	}
	return fmt.Sprintf("pass a NUL-terminated copy (e.g. RedisModule_StringPtrLen(RedisModule_CreateString(ctx, %s, %s), NULL))", ptr, n)
}
