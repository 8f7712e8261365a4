// Package leak defines the leak rule: objects a module must release and
// does not, on some path.
package leak

import (
	"golang.org/x/tools/go/analysis"

	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/checks/ownership"
	"github.com/rmlint/rmlint/redisapi"
	"github.com/rmlint/rmlint/reports"
)

// Analyzer is the leak rule.
var Analyzer = &analysis.Analyzer{
	Name:     "leak",
	Doc:      doc,
	URL:      "https://github.com/rmlint/rmlint/blob/main/docs/rules/leak.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer, ownership.Analyzer},
	Run:      run,
}

// Rule is leak's metadata.
var Rule = &inspect.Rule{Analyzer: Analyzer, Severity: reports.SeverityWarning, Tags: []string{"memory", "leak"}, Precision: "high"}

// releaseOf names the function that releases each kind of object.
var releaseOf = map[redisapi.Resource]string{
	redisapi.String:       "RedisModule_FreeString",
	redisapi.Key:          "RedisModule_CloseKey",
	redisapi.CallReply:    "RedisModule_FreeCallReply",
	redisapi.Memory:       "RedisModule_Free",
	redisapi.Dict:         "RedisModule_FreeDict",
	redisapi.DictIter:     "RedisModule_DictIteratorStop",
	redisapi.ServerInfo:   "RedisModule_FreeServerInfo",
	redisapi.ThreadCtx:    "RedisModule_FreeThreadSafeContext",
	redisapi.ScanCursor:   "RedisModule_ScanCursorDestroy",
	redisapi.ClusterNodes: "RedisModule_FreeClusterNodesList",
	redisapi.ModuleUser:   "RedisModule_FreeModuleUser",
	redisapi.RdbStream:    "RedisModule_RdbStreamFree",
}

func run(pass *analysis.Pass) (any, error) {
	m := inspect.Of(pass)
	res := pass.ResultOf[ownership.Analyzer].(*ownership.Result)
	for _, p := range res.Problems {
		label := "in " + p.Func.Name + "()"
		cmds := m.CommandOf(p.Func)
		if len(cmds) > 0 {
			label = inspect.Label(cmds[0])
		}
		rel := releaseOf[p.Object]
		auto := ""
		if p.Object.AutoMemoryTracks() {
			auto = " (or call RedisModule_AutoMemory(ctx) first thing in the command)"
		} else {
			auto = " (RedisModule_AutoMemory does not release this kind of object)"
		}
		var d analysis.Diagnostic
		switch p.Kind {
		case ownership.Leak:
			if p.Message == "discarded" {
				d = m.Diagnostic(p.At, "%s: the result of %s is thrown away, so the %s it returns leaks; keep it and call %s on it%s", label, p.Creator, p.Object, rel, auto)
			} else if p.Message == "overwritten" {
				d = m.Diagnostic(p.At, "%s: the %s from %s is overwritten before it is released and leaks; call %s on it first%s", label, p.Object, p.Creator, rel, auto)
				d.Related = append(d.Related, m.Related(p.Created, "overwritten here"))
			} else {
				d = m.Diagnostic(p.At, "%s: the %s from %s is not released on a path that returns here; call %s before returning%s", label, p.Object, p.Creator, rel, auto)
				d.Related = append(d.Related, m.Related(p.Created, "returns here without releasing it"))
			}
		case ownership.LeakCopied:
			d = m.Diagnostic(p.At, "%s: the %s from %s is passed straight to %s, which copies it and does not release it: it leaks every time; pass a literal or a buffer you free%s", label, p.Object, p.Creator, p.Releaser, auto)
		default:
			continue
		}
		if len(cmds) > 0 {
			d = m.ForCommand(d, cmds[0])
		}
		pass.Report(d)
	}
	return nil, nil
}
