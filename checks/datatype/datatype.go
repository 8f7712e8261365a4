// Package datatype defines the datatype rule: RedisModule_CreateDataType
// calls that Redis refuses (bad name, encver or method table version), method
// tables whose NULL callbacks crash the server later, an unchecked result,
// and types created outside RedisModule_OnLoad.
package datatype

import (
	"fmt"
	"go/token"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/reports"
)

// Analyzer is the datatype rule.
var Analyzer = &analysis.Analyzer{
	Name:     "datatype",
	Doc:      doc,
	URL:      "https://github.com/rmlint/rmlint/blob/main/docs/rules/datatype.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

// Rule is datatype's metadata.
var Rule = &inspect.Rule{Analyzer: Analyzer, Severity: reports.SeverityError, Tags: []string{"correctness", "crash", "registration"}, Precision: "high"}

const createDataType = "RedisModule_CreateDataType"

// checker holds what the checks of one module share.
type checker struct {
	pass  *analysis.Pass
	m     *inspect.Module
	units map[*cparse.Unit]*unitIndex
	// The call graph and what runs during OnLoad, computed on first use
	// (see onload.go).
	onload *onloadInfo
	calls  map[*cparse.Func][]*cparse.Func
	rev    map[*cparse.Func][]*cparse.Func
	spans  map[*cparse.Func][2]token.Pos // function extents (see within)
}

func run(pass *analysis.Pass) (any, error) {
	c := &checker{pass: pass, m: inspect.Of(pass), units: map[*cparse.Unit]*unitIndex{}}
	for _, f := range c.m.Funcs() {
		var calls []*cc.PostfixExpression
		cparse.Inspect(f.Body(), func(n cc.Node) bool {
			if call, ok := n.(*cc.PostfixExpression); ok && call.Case == cc.PostfixExpressionCall && cparse.CalleeName(call) == createDataType {
				calls = append(calls, call)
			}
			return true
		})
		for _, call := range calls {
			c.check(f, call)
		}
	}
	return nil, nil
}

// typeCall is one CreateDataType call being checked.
type typeCall struct {
	call      *cc.PostfixExpression
	in        *cparse.Func
	args      []cc.ExpressionNode
	name      string // the type name when constant
	nameKnown bool
	nameDecl  *cc.Declarator // the constant the name comes from, if any
}

// label names the type for messages.
func (t *typeCall) label() string {
	if t.nameKnown {
		return "type " + strconv.Quote(t.name)
	}
	return "the data type created here"
}

func (c *checker) check(f *cparse.Func, call *cc.PostfixExpression) {
	args := cparse.Args(call)
	if len(args) != 4 {
		return // not the API's shape (a macro of the module's own?): nothing to say
	}
	t := &typeCall{call: call, in: f, args: args}
	t.name, t.nameKnown, t.nameDecl = constName(f.Unit, args[1])
	if i := strings.IndexByte(t.name, 0); i >= 0 {
		t.name = t.name[:i] // Redis measures the name with strlen
	}
	c.checkNameAndEncver(t)
	c.checkMethods(t)
	c.checkResult(t)
	c.checkOutsideOnLoad(t)
}

// constName evaluates the name argument as a constant string: a literal
// (also from a macro), or a variable never written after its initialization
// whose initializer is one. Unlike cparse.Unit.ConstString it refuses arrays
// of non-const char, whose contents a strcpy or an element store can change
// without counting as a write of the variable (cc/v4 counts neither).
//
// TODO(shared): cparse.Unit.ConstString has that hole (char name[16] = "x";
// strcat(name, ...) evaluates to "x"); this guard could move there.
func constName(u *cparse.Unit, e cc.ExpressionNode) (name string, ok bool, from *cc.Declarator) {
	for range 8 {
		e = cparse.StripCasts(e)
		if e == nil {
			return "", false, nil
		}
		if _, isStr := e.Value().(cc.StringValue); isStr {
			s, ok, _ := u.ConstString(e)
			return s, ok, from
		}
		d := cparse.Declarator(e)
		if d == nil || d.WriteCount() > 1 || d.AddressTaken() {
			return "", false, nil
		}
		if _, isArray := d.Type().(*cc.ArrayType); isArray && !d.IsConst() {
			return "", false, nil
		}
		init := u.Initializer(d)
		if init == nil || init.Case != cc.InitializerExpr {
			return "", false, nil
		}
		from, e = d, init.AssignmentExpression
	}
	return "", false, nil
}

// nameChar reports whether b is in the 64-symbol alphabet of type names (module.c,
// ModuleTypeNameCharSet): each character becomes 6 bits of the type ID.
func nameChar(b byte) bool {
	return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' || b == '_'
}

const nameRule = "a type name must be exactly 9 characters from A-Z a-z 0-9 - _ (e.g. \"tree-AntZ\": a short type name plus a vendor tag)"

func (c *checker) checkNameAndEncver(t *typeCall) {
	m := c.m
	if t.nameKnown {
		var problems []string
		if n := len(t.name); n != 9 {
			problems = append(problems, fmt.Sprintf("is %d characters long", n))
		}
		var bad []string
		seen := map[string]bool{}
		for _, r := range t.name {
			if r < 0x80 && nameChar(byte(r)) {
				continue
			}
			q := strconv.QuoteRune(r)
			if !seen[q] {
				seen[q] = true
				bad = append(bad, q)
			}
		}
		if len(bad) == 1 {
			problems = append(problems, "contains "+bad[0]+", which is not allowed")
		} else if len(bad) > 1 {
			problems = append(problems, "contains "+strings.Join(bad, ", ")+", which are not allowed")
		}
		if len(problems) > 0 {
			msg := fmt.Sprintf("data type name %s %s: %s returns NULL for it and the type is not registered; %s",
				strconv.Quote(t.name), strings.Join(problems, " and "), createDataType, nameRule)
			if len(t.name) == 9 && len(bad) > 0 {
				fixed := []byte(t.name)
				ok := true
				for i, b := range fixed {
					if b >= 0x80 {
						ok = false
					} else if !nameChar(b) {
						fixed[i] = '-'
					}
				}
				if ok {
					msg += fmt.Sprintf("; for instance %s", strconv.Quote(string(fixed)))
				}
			}
			d := m.Diagnostic(t.args[1], "%s", msg)
			if t.nameDecl != nil {
				d.Related = append(d.Related, m.Related(t.nameDecl, "%s is defined here", t.nameDecl.Name()))
			}
			c.pass.Report(d)
		}
	}
	v, ok := t.in.Unit.ConstInt(t.args[2])
	if !ok || v != int64(int32(v)) {
		// Not constant, or not an int at all (the compiler warns about the
		// conversion; what reaches Redis then depends on it).
		return
	}
	if v < 0 || v > 1023 {
		m.Report(c.pass, t.args[2], "%s: encoding version %d is outside 0..1023 (it must fit in 10 bits of the type ID): %s returns NULL and the type is not registered; use a version in 0..1023 and raise it when the RDB encoding changes",
			t.label(), v, createDataType)
		return
	}
	if v == 0 && t.nameKnown && t.name == "AAAAAAAAA" {
		m.Report(c.pass, t.call, "type name \"AAAAAAAAA\" with encoding version 0 encodes to type ID 0, which Redis reserves as its error value: %s returns NULL; choose another name (%s)",
			createDataType, nameRule)
	}
}
