package cfg

import "modernc.org/cc/v4"

// noReturnNames are C library and compiler functions that never return.
var noReturnNames = map[string]bool{
	"abort":                   true,
	"exit":                    true,
	"_exit":                   true,
	"_Exit":                   true,
	"quick_exit":              true,
	"thrd_exit":               true,
	"pthread_exit":            true,
	"longjmp":                 true,
	"_longjmp":                true,
	"siglongjmp":              true,
	"__longjmp_chk":           true,
	"__assert_fail":           true,
	"__assert_perror_fail":    true,
	"__assert_rtn":            true,
	"__stack_chk_fail":        true,
	"err":                     true,
	"errx":                    true,
	"verr":                    true,
	"verrx":                   true,
	"__builtin_unreachable":   true,
	"__builtin_trap":          true,
	"__builtin_abort":         true,
	"__builtin_exit":          true,
	"__builtin_longjmp":       true,
	"__builtin__exit":         true,
	"__builtin__Exit":         true,
	"__builtin_unwind_resume": true,
}

// CalleeName returns the name of the function called by call when the callee
// is a plain identifier (possibly parenthesized), or "".
func CalleeName(call *cc.PostfixExpression) string {
	if call == nil || call.Case != cc.PostfixExpressionCall {
		return ""
	}
	if p, ok := Unparen(call.PostfixExpression).(*cc.PrimaryExpression); ok && p.Case == cc.PrimaryExpressionIdent {
		return p.Token.SrcStr()
	}
	return ""
}

// DefaultMayReturn is a mayReturn function for [New]. It reports false for
// calls of well-known non-returning C library functions (exit, abort,
// longjmp, pthread_exit, __assert_fail, __builtin_unreachable, ...) and of
// functions declared with __attribute__((noreturn)). Redis module API
// functions, including RedisModule__Assert, are assumed to return.
func DefaultMayReturn(call *cc.PostfixExpression) bool {
	name := CalleeName(call)
	if name == "" {
		return true
	}
	if noReturnNames[name] {
		return false
	}
	p := Unparen(call.PostfixExpression).(*cc.PrimaryExpression)
	if d, ok := p.ResolvedTo().(*cc.Declarator); ok && d != nil {
		if t := d.Type(); t != nil {
			if a := t.Attributes(); a != nil && (a.IsAttrSet("noreturn") || a.IsAttrSet("__noreturn__")) {
				return false
			}
		}
	}
	return true
}
