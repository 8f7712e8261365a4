package datatype

import (
	"fmt"

	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
)

// deferredAPIs register callbacks that Redis runs only after OnLoad has
// returned (command handlers, timers, events, ...). A function passed to any
// other API (a config setter LoadConfigs calls during OnLoad, a scan
// callback) may run inside OnLoad.
var deferredAPIs = map[string]bool{
	"RedisModule_CreateCommand":                  true,
	"RedisModule_CreateSubcommand":               true,
	"RedisModule_CreateTimer":                    true,
	"RedisModule_BlockClient":                    true,
	"RedisModule_BlockClientOnKeys":              true,
	"RedisModule_BlockClientOnKeysWithFlags":     true,
	"RedisModule_BlockClientOnAuth":              true,
	"RedisModule_SubscribeToKeyspaceEvents":      true,
	"RedisModule_RegisterCommandFilter":          true,
	"RedisModule_EventLoopAdd":                   true,
	"RedisModule_EventLoopAddOneShot":            true,
	"RedisModule_RegisterClusterMessageReceiver": true,
	"RedisModule_RegisterInfoFunc":               true,
	"RedisModule_AddPostNotificationJob":         true,
	"RedisModule_RegisterAuthCallback":           true,
	"RedisModule_SetDisconnectCallback":          true,
}

// registration is a module function handed to a deferred API.
type registration struct {
	fn   *cparse.Func
	call *cc.PostfixExpression
	api  string
	in   *cparse.Func // the function that registers it
}

type onloadInfo struct {
	// mayRun holds the functions that can run during OnLoad: OnLoad, the
	// functions whose address is taken other than for a deferred API (they
	// may be called through the pointer from OnLoad), and what they call.
	mayRun    map[*cparse.Func]bool
	callbacks []registration
}

// callees returns the module functions f calls directly (cached).
func (c *checker) callees(f *cparse.Func) []*cparse.Func {
	if c.calls == nil {
		c.calls = map[*cparse.Func][]*cparse.Func{}
	}
	if r, ok := c.calls[f]; ok {
		return r
	}
	r := c.m.Callees(f)
	c.calls[f] = r
	return r
}

// reachFrom returns the functions reachable from roots through direct
// calls, roots included.
func (c *checker) reachFrom(roots ...*cparse.Func) map[*cparse.Func]bool {
	seen := map[*cparse.Func]bool{}
	stack := append([]*cparse.Func(nil), roots...)
	for _, r := range roots {
		seen[r] = true
	}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, g := range c.callees(f) {
			if !seen[g] {
				seen[g] = true
				stack = append(stack, g)
			}
		}
	}
	return seen
}

// callers returns the functions from which f is reachable through direct
// calls, f included.
func (c *checker) callers(f *cparse.Func) map[*cparse.Func]bool {
	if c.rev == nil {
		c.rev = map[*cparse.Func][]*cparse.Func{}
		for _, g := range c.m.Funcs() {
			for _, h := range c.callees(g) {
				c.rev[h] = append(c.rev[h], g)
			}
		}
	}
	seen := map[*cparse.Func]bool{f: true}
	stack := []*cparse.Func{f}
	for len(stack) > 0 {
		g := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, h := range c.rev[g] {
			if !seen[h] {
				seen[h] = true
				stack = append(stack, h)
			}
		}
	}
	return seen
}

func (c *checker) onloadInfo() *onloadInfo {
	if c.onload != nil {
		return c.onload
	}
	info := &onloadInfo{}
	roots := []*cparse.Func{c.m.OnLoad}
	for _, u := range c.m.Units {
		x := c.index(u)
		for _, id := range x.idents {
			d, ok := id.ResolvedTo().(*cc.Declarator)
			if !ok || !isFunc(d) {
				continue
			}
			fn := c.m.Func(u, d.Name())
			if fn == nil {
				continue
			}
			if p, below := x.up(id, false); p != nil {
				if call, ok := p.(*cc.PostfixExpression); ok && call.Case == cc.PostfixExpressionCall && cc.Node(call.PostfixExpression) == below {
					continue // a direct call: Reachable follows it
				}
			}
			if call, _ := x.callOfArg(id); call != nil && deferredAPIs[cparse.CalleeName(call)] {
				info.callbacks = append(info.callbacks, registration{fn: fn, call: call, api: cparse.CalleeName(call), in: c.funcOf(u, call)})
				continue
			}
			roots = append(roots, fn)
		}
	}
	info.mayRun = c.reachFrom(roots...)

	// Keep the registrations that run: made by code that runs during OnLoad
	// or by a callback registered so (a timer that arms another one).
	live := map[*cparse.Func]bool{}
	for f := range info.mayRun {
		live[f] = true
	}
	var kept []registration
	taken := make([]bool, len(info.callbacks))
	for changed := true; changed; {
		changed = false
		for i, r := range info.callbacks {
			if taken[i] || r.in == nil || !live[r.in] {
				continue
			}
			taken[i], changed = true, true
			for f := range c.reachFrom(r.fn) {
				live[f] = true
			}
		}
	}
	for i, r := range info.callbacks {
		if taken[i] {
			kept = append(kept, r)
		}
	}
	info.callbacks = kept
	c.onload = info
	return info
}

// checkOutsideOnLoad reports a type created in code that only runs after
// OnLoad: a command handler, a timer, an event callback, or what they call.
// A function nothing is seen to call (a library's, or one whose caller is in
// a file not analysed) is not reported: where it runs is unknown.
func (c *checker) checkOutsideOnLoad(t *typeCall) {
	if c.m.OnLoad == nil {
		return // a file set without OnLoad: who calls what is unknown
	}
	info := c.onloadInfo()
	if info.mayRun[t.in] {
		return
	}
	callers := c.callers(t.in)
	for _, cb := range info.callbacks {
		if !callers[cb.fn] {
			continue
		}
		role := fmt.Sprintf("a callback registered with %s", cb.api)
		for _, cmd := range c.m.Commands {
			if cmd.Call == cb.call && cmd.Handler == cb.fn {
				role = "the handler of " + inspect.Label(cmd)
			}
		}
		where := t.in.Name
		if cb.fn != t.in {
			where = fmt.Sprintf("%s (reached from %s)", t.in.Name, cb.fn.Name)
		}
		subject := "A data type"
		if t.nameKnown {
			subject = fmt.Sprintf("Type %q", t.name)
		}
		d := c.m.Diagnostic(t.call, "%s is created in %s, which runs as %s after RedisModule_OnLoad has returned: outside OnLoad %s returns NULL (Redis 7.2 and later; older releases document it as OnLoad-only); create the type in RedisModule_OnLoad or a helper it calls, and keep the pointer in a global",
			subject, where, role, createDataType)
		d.Related = append(d.Related, c.m.Related(cb.call, "%s is registered with %s here", cb.fn.Name, cb.api))
		c.pass.Report(d)
		return
	}
}
