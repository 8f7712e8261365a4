package inspect

import (
	"strings"
	"sync"

	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/redisapi"
)

// Reach summarises the API use of a function together with the module
// functions it calls directly (transitively). It is computed once per
// function.
type Reach struct {
	// Init is the first RedisModule_Init call reached, nil if none.
	Init *cc.PostfixExpression
	// API is the first call of another RedisModule_* function reached (in
	// source order, callees at the place they are called), nil if none;
	// APIName is its name and APIIn the function that contains it.
	API     *cc.PostfixExpression
	APIName string
	APIIn   *cparse.Func
}

type reachMemo struct {
	mu   sync.Mutex
	memo map[*cparse.Func]*Reach
}

// Reach returns f's summary.
func (m *Module) Reach(f *cparse.Func) *Reach {
	m.reach.mu.Lock()
	defer m.reach.mu.Unlock()
	if m.reach.memo == nil {
		m.reach.memo = map[*cparse.Func]*Reach{}
	}
	return m.reachLocked(f)
}

func (m *Module) reachLocked(f *cparse.Func) *Reach {
	if r, ok := m.reach.memo[f]; ok {
		return r
	}
	r := &Reach{}
	m.reach.memo[f] = r // breaks recursion: a cycle contributes nothing more
	for _, call := range CallsInOrder(f.Body()) {
		name := cparse.CalleeName(call)
		g := m.Callee(f.Unit, call)
		switch {
		case name == "RedisModule_Init":
			if r.Init == nil {
				r.Init = call
			}
		case g == nil && IsAPIName(name):
			if r.API == nil {
				r.API, r.APIName, r.APIIn = call, name, f
			}
		default:
			if g != nil && g != f {
				sub := m.reachLocked(g)
				if r.Init == nil && sub.Init != nil {
					r.Init = sub.Init
				}
				if r.API == nil && sub.API != nil {
					r.API, r.APIName, r.APIIn = sub.API, sub.APIName, sub.APIIn
				}
			}
		}
	}
	return r
}

// IsAPIName reports whether name is a RedisModule_* API function pointer
// (not RedisModule_Init, which the header defines, nor the module's own
// entry points).
func IsAPIName(name string) bool {
	if !strings.HasPrefix(name, redisapi.Prefix) || name == "RedisModule_Init" {
		return false
	}
	switch name {
	case cparse.OnLoadName, "RedisModule_OnUnload":
		return false
	}
	return true
}
