package keypos

import (
	"fmt"

	"golang.org/x/tools/go/analysis"
	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/cparse/cfg"
)

// posRequest is one of the two "ask the handler for positions" protocols.
type posRequest struct {
	flag string // the command flag that opts in
	test string // the API that tells the handler it is such a call
	at   string // the API that reports a position
	what string // "key" or "channel"
}

var posRequests = []*posRequest{
	{flag: "getkeys-api", test: "RedisModule_IsKeysPositionRequest", at: "RedisModule_KeyAtPosWithFlags", what: "key"},
	{flag: "getchannels-api", test: "RedisModule_IsChannelsPositionRequest", at: "RedisModule_ChannelAtPosWithFlags", what: "channel"},
}

// needsClient lists the API functions that dereference the context's client
// without testing it for NULL (module.c: ctx->client->db, ctx->client->resp,
// addReplyErrorArity(ctx->client), moduleBlockClient's c->bstate, ...). In a
// position request Redis calls the handler with a context that has no
// client, so each of these crashes the server there.
//
// Reply* functions other than the attribute ones are not listed: they go
// through moduleGetReplyClient and are silently dropped without a client.
// GetClientId, NotifyKeyspaceEvent, GetContextFlags,
// RedactClientCommandArgument and GetCurrentCommandName test the client and
// are safe.
var needsClient = map[string]bool{
	"RedisModule_WrongArity":                 true,
	"RedisModule_OpenKey":                    true,
	"RedisModule_KeyExists":                  true,
	"RedisModule_Call":                       true,
	"RedisModule_Replicate":                  true,
	"RedisModule_ReplicateVerbatim":          true,
	"RedisModule_SelectDb":                   true,
	"RedisModule_GetSelectedDb":              true,
	"RedisModule_BlockClient":                true,
	"RedisModule_BlockClientOnKeys":          true,
	"RedisModule_BlockClientOnKeysWithFlags": true,
	"RedisModule_BlockClientOnAuth":          true,
	"RedisModule_ReplyWithAttribute":         true,
	"RedisModule_ReplySetAttributeLength":    true,
	"RedisModule_SignalModifiedKey":          true,
	"RedisModule_SignalKeyAsReady":           true,
	"RedisModule_DbSize":                     true,
	"RedisModule_RandomKey":                  true,
	"RedisModule_Scan":                       true,
	"RedisModule_GetCurrentUserName":         true,
	"RedisModule_AddPostNotificationJob":     true,
	"RedisModule_ACLAddLogEntry":             true,
	"RedisModule_ACLAddLogEntryByUserName":   true,
}

// reqHit is a client-needing call reached where it can crash.
type reqHit struct {
	call    *cc.PostfixExpression // the call in the analysed function (the API call or a helper call)
	api     string                // the client-needing API
	apiCall *cc.PostfixExpression // its call (in call's function or in a helper)
	apiIn   *cparse.Func
	cond    cc.ExpressionNode // for hits in the request branch: the test
}

// reqResult summarises one function for one protocol.
type reqResult struct {
	// checks: the function (or a helper it calls) calls the test.
	checks bool
	// opaque: the function (or a helper) passes the context to code that
	// is not analysed (see isOpaque), which may test for the request.
	opaque bool
	// unchecked is the first (in source order) client-needing call that
	// some path reaches before the test has been called, directly or in a
	// helper; nil if none.
	unchecked *reqHit
	// inRequest is the first client-needing call some path reaches after
	// the test was found true (a request branch that does not return).
	inRequest *reqHit
}

type reqAnalysis struct {
	m    *inspect.Module
	k    *posRequest
	memo map[*cparse.Func]*reqResult
}

// reqState is the may-state at a program point.
type reqState struct {
	unchecked bool              // some path got here without calling the test
	inRequest bool              // some path got here through the test's true edge
	cond      cc.ExpressionNode // that test
	// written are the variables assigned since the test was found true
	// (`if (IsKeysPositionRequest(ctx)) { ...; done = 1; }`): a later
	// condition on one of them may be what keeps the request out of the
	// normal path, so the request state is dropped there.
	written []*cc.Declarator
}

func (s reqState) join(t reqState) reqState {
	r := reqState{unchecked: s.unchecked || t.unchecked, inRequest: s.inRequest || t.inRequest, cond: s.cond}
	if r.cond == nil {
		r.cond = t.cond
	}
	r.written = union(s.written, t.written)
	return r
}

func (s reqState) same(t reqState) bool {
	return s.unchecked == t.unchecked && s.inRequest == t.inRequest && (s.cond == nil) == (t.cond == nil) && len(s.written) == len(t.written)
}

func union(a, b []*cc.Declarator) []*cc.Declarator {
	if len(b) == 0 {
		return a
	}
	r := append([]*cc.Declarator(nil), a...)
	for _, d := range b {
		if !contains(r, d) {
			r = append(r, d)
		}
	}
	return r
}

func contains(ds []*cc.Declarator, d *cc.Declarator) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}

// writes lists the variables n assigns, increments, decrements or takes
// the address of.
func writes(n cc.Node) []*cc.Declarator {
	var r []*cc.Declarator
	add := func(e cc.ExpressionNode) {
		if d := cparse.Declarator(e); d != nil && !contains(r, d) {
			r = append(r, d)
		}
	}
	cparse.Inspect(n, func(x cc.Node) bool {
		switch x := x.(type) {
		case *cc.AssignmentExpression:
			if x.Case != cc.AssignmentExpressionCond {
				add(x.UnaryExpression)
			}
		case *cc.UnaryExpression:
			switch x.Case {
			case cc.UnaryExpressionInc, cc.UnaryExpressionDec:
				add(x.UnaryExpression)
			case cc.UnaryExpressionAddrof:
				add(x.CastExpression)
			}
		case *cc.PostfixExpression:
			if x.Case == cc.PostfixExpressionInc || x.Case == cc.PostfixExpressionDec {
				add(x.PostfixExpression)
			}
		}
		return true
	})
	return r
}

// reads reports whether n mentions one of ds.
func reads(n cc.Node, ds []*cc.Declarator) bool {
	found := false
	cparse.Inspect(n, func(x cc.Node) bool {
		if p, ok := x.(*cc.PrimaryExpression); ok && p.Case == cc.PrimaryExpressionIdent {
			if d, ok := p.ResolvedTo().(*cc.Declarator); ok && contains(ds, d) {
				found = true
			}
		}
		return !found
	})
	return found
}

func (ra *reqAnalysis) result(f *cparse.Func) *reqResult {
	if r, ok := ra.memo[f]; ok {
		return r
	}
	r := &reqResult{}
	ra.memo[f] = r // a recursive call contributes nothing more
	for _, call := range inspect.CallsInOrder(f.Body()) {
		if cparse.CalleeName(call) == ra.k.test {
			r.checks = true
		}
		if isOpaque(ra.m, f, call) {
			r.opaque = true
		}
		if g := ra.m.Callee(f.Unit, call); g != nil && g != f {
			sub := ra.result(g)
			r.checks = r.checks || sub.checks
			r.opaque = r.opaque || sub.opaque
		}
	}
	ra.flow(f, r)
	return r
}

// flow runs the may-analysis over f's CFG and fills r's hits.
func (ra *reqAnalysis) flow(f *cparse.Func, r *reqResult) {
	g := f.CFG()
	in := make([]reqState, len(g.Blocks))
	out := make([]reqState, len(g.Blocks))
	seen := make([]bool, len(g.Blocks))
	var unchecked, inReq []*reqHit
	transfer := func(b *cfg.Block, s reqState, record bool) reqState {
		for _, node := range b.Nodes {
			if s.inRequest {
				s.written = union(s.written, writes(node))
			}
			for _, call := range inspect.CallsInOrder(node) {
				name := cparse.CalleeName(call)
				if name == ra.k.test {
					s.unchecked = false
					continue
				}
				if h := ra.m.Callee(f.Unit, call); h != nil {
					if h == f {
						continue
					}
					sub := ra.result(h)
					if sub.unchecked != nil && record {
						hit := &reqHit{call: call, api: sub.unchecked.api, apiCall: sub.unchecked.apiCall, apiIn: sub.unchecked.apiIn}
						if s.unchecked {
							unchecked = append(unchecked, hit)
						} else if s.inRequest {
							hit.cond = s.cond
							inReq = append(inReq, hit)
						}
					}
					if sub.inRequest != nil && record && (s.unchecked || s.inRequest) {
						// The helper tests, then goes on to a client-needing
						// call in its request branch.
						inReq = append(inReq, &reqHit{call: call, api: sub.inRequest.api, apiCall: sub.inRequest.apiCall, apiIn: sub.inRequest.apiIn, cond: sub.inRequest.cond})
					}
					if sub.checks || sub.opaque {
						s.unchecked = false
					}
					continue
				}
				if isOpaque(ra.m, f, call) {
					// Unseen code may test for the request: assume it did.
					s.unchecked = false
					continue
				}
				if !needsClient[name] || !record {
					continue
				}
				hit := &reqHit{call: call, api: name, apiCall: call, apiIn: f}
				if s.unchecked {
					unchecked = append(unchecked, hit)
				} else if s.inRequest {
					hit.cond = s.cond
					inReq = append(inReq, hit)
				}
			}
		}
		return s
	}
	// Two passes. The first follows the request state without looking at
	// later conditions and collects, per block, the variables written
	// since the test was found true. The second drops the request state at
	// conditions that read one of those (the first pass's sets are fixed
	// there, so both passes are monotone and terminate).
	var written [][]*cc.Declarator
	edge := func(b *cfg.Block, i int, s reqState) reqState {
		var ctrl cc.Node
		switch {
		case b.Cond != nil && len(b.Succs) == 2:
			ctrl = b.Cond
			if truth, ok := ra.testForm(b.Cond); ok {
				if (i == 0) == truth {
					s.inRequest, s.cond, s.written = true, b.Cond, nil
				} else {
					s.inRequest, s.cond, s.written = false, nil, nil
				}
				return s
			}
		case b.Switch != nil && len(b.Nodes) > 0:
			ctrl = b.Nodes[len(b.Nodes)-1]
		}
		if written != nil && s.inRequest && ctrl != nil && len(written[b.Index]) > 0 && reads(ctrl, written[b.Index]) {
			// The branch may depend on what the request branch set
			// (`if (!done) ...`): do not follow the request state through it.
			s.inRequest, s.cond = false, nil
		}
		return s
	}
	solve := func() {
		for i := range seen {
			seen[i] = false
		}
		for changed := true; changed; {
			changed = false
			for _, b := range g.Blocks {
				if !b.Live {
					continue
				}
				var s reqState
				if b.Index == 0 {
					s = reqState{unchecked: true}
				}
				for _, p := range b.Preds {
					if !p.Live || !seen[p.Index] {
						continue
					}
					for i, succ := range p.Succs {
						if succ == b {
							s = s.join(edge(p, i, out[p.Index]))
						}
					}
				}
				in[b.Index] = s
				o := transfer(b, s, false)
				if !seen[b.Index] || !o.same(out[b.Index]) {
					out[b.Index] = o
					seen[b.Index] = true
					changed = true
				}
			}
		}
	}
	solve()
	written = make([][]*cc.Declarator, len(g.Blocks))
	for i := range out {
		written[i] = out[i].written
	}
	solve()
	for _, b := range g.Blocks {
		if b.Live && seen[b.Index] {
			transfer(b, in[b.Index], true)
		}
	}
	r.unchecked = firstHit(unchecked)
	r.inRequest = firstHit(inReq)
}

// testForm reports whether cond is the test itself (truth true: the request
// branch is the true edge) or its negation (truth false), in the forms
// test(ctx), !test(ctx), test(ctx) != 0, test(ctx) == 0.
func (ra *reqAnalysis) testForm(cond cc.ExpressionNode) (truth bool, ok bool) {
	e := cparse.StripCasts(cond)
	if u, isU := e.(*cc.UnaryExpression); isU && u.Case == cc.UnaryExpressionNot {
		t, ok := ra.testForm(u.CastExpression)
		return !t, ok
	}
	if eq, isEq := e.(*cc.EqualityExpression); isEq && eq.Case != cc.EqualityExpressionRel {
		l, r := eq.EqualityExpression, eq.RelationalExpression
		if isZero(l) {
			l, r = r, l
		}
		if !isZero(r) {
			return false, false
		}
		t, ok := ra.testForm(l)
		if eq.Case == cc.EqualityExpressionEq {
			t = !t
		}
		return t, ok
	}
	if call := cparse.AsCall(e); call != nil && cparse.CalleeName(call) == ra.k.test {
		return true, true
	}
	return false, false
}

func isZero(e cc.ExpressionNode) bool {
	switch v := cparse.StripCasts(e).Value().(type) {
	case cc.Int64Value:
		return v == 0
	case cc.UInt64Value:
		return v == 0
	}
	return false
}

func firstHit(hits []*reqHit) *reqHit {
	var best *reqHit
	for _, h := range hits {
		if best == nil || before(h.call, best.call) {
			best = h
		}
	}
	return best
}

// before orders two nodes of the same file by their first token.
func before(a, b cc.Node) bool {
	pa, pb := firstTok(a), firstTok(b)
	if pa.Filename != pb.Filename {
		return pa.Filename < pb.Filename
	}
	return pa.Offset < pb.Offset
}

func firstTok(n cc.Node) (p struct {
	Filename string
	Offset   int
}) {
	if toks := cc.NodeTokens(n); len(toks) > 0 {
		tp := toks[0].Position()
		p.Filename, p.Offset = tp.Filename, tp.Offset
	}
	return p
}

// checkPositionRequests reports getkeys-api / getchannels-api handlers that
// can reach a client-needing API in a position request.
func checkPositionRequests(pass *analysis.Pass, m *inspect.Module) {
	for _, k := range posRequests {
		ra := &reqAnalysis{m: m, k: k, memo: map[*cparse.Func]*reqResult{}}
		done := map[*cparse.Func]bool{}
		for _, c := range m.Commands {
			if !c.FlagsKnown || !hasFlag(c.Flags, k.flag) || c.Handler == nil {
				continue // no opt-in, or a NULL / unknown handler: nothing runs
			}
			h := c.Handler
			r := ra.result(h)
			label := inspect.Label(c)
			reg := m.Related(c.Call, "%s is registered with %q here", label, k.flag)
			if !r.checks {
				if !r.opaque {
					reportNeverTests(pass, m, c, k, r)
				}
				continue
			}
			if done[h] {
				continue // one report per handler; the first registration names it
			}
			done[h] = true
			if hit := r.unchecked; hit != nil {
				d := m.Diagnostic(hit.call, "%s (%s): %s can run before %s(ctx) is tested: to ask for %s positions Redis calls the handler with a context that has no client, and %s dereferences it and crashes the server; make `if (%s(ctx)) { %s(ctx, pos, flags)...; return REDISMODULE_OK; }` the first statement of %s",
					label, k.flag, via(hit), k.test, k.what, hit.api, k.test, k.at, h.Name)
				d.Related = append(d.Related, reg)
				if hit.apiCall != hit.call {
					d.Related = append(d.Related, m.Related(hit.apiCall, "%s is called here, in %s", hit.api, hit.apiIn.Name))
				}
				pass.Report(d)
			}
			if hit := r.inRequest; hit != nil {
				d := m.Diagnostic(hit.call, "%s (%s): %s can run after %s(ctx) returned true (%s): in a %s-position request there is no client, and %s dereferences it and crashes the server; in that branch only report the positions with %s, then return REDISMODULE_OK",
					label, k.flag, via(hit), k.test, lineRef(m, hit.cond, hit.call), k.what, hit.api, k.at)
				d.Related = append(d.Related, m.Related(hit.cond, "%s is tested here", k.test), reg)
				if hit.apiCall != hit.call {
					d.Related = append(d.Related, m.Related(hit.apiCall, "%s is called here, in %s", hit.api, hit.apiIn.Name))
				}
				pass.Report(d)
			}
		}
	}
}

// reportNeverTests reports a handler registered with the flag that never
// calls the test, at the flags argument of the registration.
func reportNeverTests(pass *analysis.Pass, m *inspect.Module, c *cparse.Command, k *posRequest, r *reqResult) {
	label := inspect.Label(c)
	h := c.Handler
	if hit := r.unchecked; hit != nil {
		d := m.Diagnostic(c.FlagsArg, "%s is flagged %q, but its handler %s never calls %s: Redis calls %s without a client to ask for the %s positions, and it goes on to %s (%s), which dereferences the missing client and crashes the server; begin %s with `if (%s(ctx)) { %s(ctx, pos, flags)...; return REDISMODULE_OK; }`",
			label, k.flag, h.Name, k.test, h.Name, k.what, hit.api, lineRef(m, hit.apiCall, c.FlagsArg), h.Name, k.test, k.at)
		d.Category = inspect.CategoryError
		d.Related = append(d.Related, m.Related(hit.apiCall, "%s is called here, in %s", hit.api, hit.apiIn.Name))
		pass.Report(d)
		return
	}
	d := m.Diagnostic(c.FlagsArg, "%s is flagged %q, but its handler %s never calls %s: when Redis asks it for the %s positions it runs the whole command instead and reports none, so ACL %s permissions and cluster routing see no %ss; begin %s with `if (%s(ctx)) { %s(ctx, pos, flags)...; return REDISMODULE_OK; }`%s",
		label, k.flag, h.Name, k.test, k.what, k.what, k.what, h.Name, k.test, k.at, dropHint(k))
	d.Category = inspect.CategoryWarning
	pass.Report(d)
}

func via(h *reqHit) string {
	if h.apiCall == h.call {
		return h.api
	}
	return fmt.Sprintf("%s (through %s)", h.api, cparse.CalleeName(h.call))
}

// isOpaque reports whether call hands the context to code the analysis
// cannot see: a function pointer, or a function defined outside the
// analysed files (not the API, not libc: those do not take a
// RedisModuleCtx*). Such code may test for the request itself.
func isOpaque(m *inspect.Module, from *cparse.Func, call *cc.PostfixExpression) bool {
	name := cparse.CalleeName(call)
	if len(name) >= len("RedisModule_") && name[:len("RedisModule_")] == "RedisModule_" {
		return false
	}
	if m.Callee(from.Unit, call) != nil {
		return false
	}
	for _, a := range cparse.Args(call) {
		if a != nil && inspect.IsPointerTo(a.Type(), "RedisModuleCtx") {
			return true
		}
	}
	return false
}

func dropHint(k *posRequest) string {
	if k.what != "key" {
		return ""
	}
	return fmt.Sprintf(", or drop %q if firstkey, lastkey and keystep describe the keys", k.flag)
}
