package inspect

import (
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/cparse"
)

// Callees returns the module functions f calls directly, in source order,
// each once.
func (m *Module) Callees(f *cparse.Func) []*cparse.Func {
	var r []*cparse.Func
	seen := map[*cparse.Func]bool{}
	cparse.Inspect(f.Body(), func(n cc.Node) bool {
		call, ok := n.(*cc.PostfixExpression)
		if !ok || call.Case != cc.PostfixExpressionCall {
			return true
		}
		if g := m.Callee(f.Unit, call); g != nil && !seen[g] {
			seen[g] = true
			r = append(r, g)
		}
		return true
	})
	return r
}

// Reachable returns the module functions reachable from root through direct
// calls, root included.
func (m *Module) Reachable(root *cparse.Func) map[*cparse.Func]bool {
	seen := map[*cparse.Func]bool{root: true}
	stack := []*cparse.Func{root}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, g := range m.Callees(f) {
			if !seen[g] {
				seen[g] = true
				stack = append(stack, g)
			}
		}
	}
	return seen
}

// CommandOf returns the registered commands whose handler is f.
func (m *Module) CommandOf(f *cparse.Func) []*cparse.Command {
	var r []*cparse.Command
	for _, c := range m.Commands {
		if c.Handler == f {
			r = append(r, c)
		}
	}
	return r
}

// Label names a command for messages: `command "hello.greet"`, or `the
// command registered here` when its name is not constant.
func Label(c *cparse.Command) string {
	if c.NameKnown {
		return `command "` + c.Name + `"`
	}
	return "the command registered here"
}
