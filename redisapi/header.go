package redisapi

import (
	"fmt"
	"strings"
	"sync"
)

// HeaderName is the file name under which rmlint serves its generated header,
// so that both #include "redismodule.h" and #include "../redismodule.h"
// resolve to it when it is placed in the right directories.
func HeaderName() string { return "redismodule.h" }

var (
	headerOnce sync.Once
	headerText []byte
)

// Header returns rmlint's own redismodule.h-compatible header, generated from
// the tables of this package plus the hand-written type declarations in
// header_types.go. It declares every API function pointer, constant, type
// and structure a module needs, with the same names, values and layouts as
// Redis's header (those are ABI facts), and its own RedisModule_Init. Nothing
// is gated behind REDISMODULE_EXPERIMENTAL_API: everything is declared.
//
// The result is computed once; callers must not modify it.
func Header() []byte {
	headerOnce.Do(func() { headerText = []byte(generateHeader()) })
	return headerText
}

// noPrintfAttr lists functions with a printf-style Format parameter that
// Redis's header declares without a format attribute. We follow it: adding the
// attribute would make modules that build cleanly against Redis fail under
// -Werror=format. (rmlint checks these formats itself.)
var noPrintfAttr = map[string]bool{"ReplyWithErrorFormat": true}

func generateHeader() string {
	var b strings.Builder
	b.WriteString(headerBanner)
	b.WriteString(headerPrologue)

	b.WriteString("\n/* ======== Constants ======== */\n")
	group := ""
	for _, k := range constants {
		if k.Enum != "" {
			continue
		}
		if k.Group != group {
			group = k.Group
			fmt.Fprintf(&b, "\n/* %s */\n", group)
		}
		fmt.Fprintf(&b, "#define %s %s\n", k.Name, k.Value)
	}

	b.WriteString("\n/* ======== Enumerations ======== */\n")
	enum := ""
	for i, k := range constants {
		if k.Enum == "" {
			continue
		}
		if k.Enum != enum {
			enum = k.Enum
			b.WriteString("\ntypedef enum {\n")
		}
		fmt.Fprintf(&b, "    %s = %s", k.Name, k.Value)
		if i+1 < len(constants) && constants[i+1].Enum == enum {
			b.WriteString(",\n")
		} else {
			fmt.Fprintf(&b, "\n} %s;\n", enum)
		}
	}

	b.WriteString(headerTypes)

	b.WriteString("\n/* ======== Server events ======== */\n\n")
	b.WriteString("#if defined(__GNUC__)\n#define RMLINT_EVENT_DEPRECATED_ __attribute__((deprecated))\n#else\n#define RMLINT_EVENT_DEPRECATED_\n#endif\n")
	for _, ev := range serverEvents {
		attr := ""
		if ev.deprecated {
			attr = " RMLINT_EVENT_DEPRECATED_"
		}
		fmt.Fprintf(&b, "static const RedisModuleEvent RedisModuleEvent_%s%s = { %s, 1 };\n", ev.name, attr, ev.id)
	}
	b.WriteString("#undef RMLINT_EVENT_DEPRECATED_\n")

	b.WriteString(headerAPIHooks)
	b.WriteString("\n/* ======== API function pointers (first release in the comment) ======== */\n\n")
	for _, fn := range functions {
		attrs := "REDISMODULE_ATTR"
		if fn.Format >= 0 && fn.Variadic && !noPrintfAttr[fn.Name] {
			attrs += fmt.Sprintf(" REDISMODULE_ATTR_PRINTF(%d,%d)", fn.Format+1, fn.Format+2)
		}
		since := fn.Since.String()
		if fn.Since.IsZero() {
			since = "never implemented by the server"
		}
		fmt.Fprintf(&b, "REDISMODULE_API %s %s; /* %s */\n", declarator(fn), attrs, since)
	}

	b.WriteString(headerMacros)
	b.WriteString(initFunction())
	b.WriteString("\n#endif /* REDISMODULE_H */\n")
	return b.String()
}

// declarator renders "int (*RedisModule_X)(RedisModuleCtx *ctx, int n)".
func declarator(fn *Func) string {
	var ps []string
	for _, p := range fn.Params {
		ps = append(ps, paramDecl(p))
	}
	if fn.Variadic {
		ps = append(ps, "...")
	}
	if len(ps) == 0 {
		ps = []string{"void"}
	}
	return fmt.Sprintf("%s(*%s)(%s)", typePrefix(fn.Result), fn.CName(), strings.Join(ps, ", "))
}

// typePrefix puts a type in front of a declarator: "int " but "char *".
func typePrefix(t string) string {
	if strings.HasSuffix(t, "*") {
		return t
	}
	return t + " "
}

func paramDecl(p Param) string {
	if i := strings.Index(p.Type, "(*)"); i >= 0 {
		return p.Type[:i+2] + p.Name + p.Type[i+2:]
	}
	return typePrefix(p.Type) + p.Name
}

// initFunction renders RedisModule_Init: it takes the server's lookup
// function from the first pointer of the context, asks it for every API
// pointer by name (unknown names simply stay NULL, which is what
// RMAPI_FUNC_SUPPORTED tests), refuses a module name that is already loaded
// and registers the module.
func initFunction() string {
	var b strings.Builder
	b.WriteString(`
/* ======== RedisModule_Init ======== */

/* Each translation unit that calls it gets its own static copy. The server
 * stores its API lookup function in the first pointer-sized field of the
 * context it passes to RedisModule_OnLoad; every RedisModule_* pointer is
 * then resolved by name. Pointers the running server does not know stay NULL
 * (test them with RMAPI_FUNC_SUPPORTED). */
static int RedisModule_Init(RedisModuleCtx *ctx, const char *name, int ver, int apiver) REDISMODULE_ATTR_UNUSED;
static int RedisModule_Init(RedisModuleCtx *ctx, const char *name, int ver, int apiver) {
    static const struct { const char *api_name; void *slot; } rmlint_api_slots[] = {
`)
	for _, fn := range functions {
		if fn.Name == "GetApi" {
			continue
		}
		fmt.Fprintf(&b, "        { %q, &%s },\n", fn.CName(), fn.CName())
	}
	b.WriteString(`    };
    union { void *obj; int (*fn)(const char *, void *); } rmlint_lookup;
    size_t i;

    rmlint_lookup.obj = ((void **)(void *)ctx)[0];
    RedisModule_GetApi = rmlint_lookup.fn;
    for (i = 0; i < sizeof(rmlint_api_slots) / sizeof(rmlint_api_slots[0]); i++)
        (void)RedisModule_GetApi(rmlint_api_slots[i].api_name, rmlint_api_slots[i].slot);

    if (RedisModule_IsModuleNameBusy != NULL && RedisModule_IsModuleNameBusy(name))
        return REDISMODULE_ERR;
    RedisModule_SetModuleAttribs(ctx, name, ver, apiver);
    return REDISMODULE_OK;
}
`)
	return b.String()
}

// serverEvents are the RedisModuleEvent values a module passes to
// SubscribeToServerEvent; every one has data version 1.
var serverEvents = []struct {
	name, id   string
	deprecated bool
}{
	{"ReplicationRoleChanged", "REDISMODULE_EVENT_REPLICATION_ROLE_CHANGED", false},
	{"Persistence", "REDISMODULE_EVENT_PERSISTENCE", false},
	{"FlushDB", "REDISMODULE_EVENT_FLUSHDB", false},
	{"Loading", "REDISMODULE_EVENT_LOADING", false},
	{"ClientChange", "REDISMODULE_EVENT_CLIENT_CHANGE", false},
	{"Shutdown", "REDISMODULE_EVENT_SHUTDOWN", false},
	{"ReplicaChange", "REDISMODULE_EVENT_REPLICA_CHANGE", false},
	{"CronLoop", "REDISMODULE_EVENT_CRON_LOOP", false},
	{"MasterLinkChange", "REDISMODULE_EVENT_MASTER_LINK_CHANGE", false},
	{"ModuleChange", "REDISMODULE_EVENT_MODULE_CHANGE", false},
	{"LoadingProgress", "REDISMODULE_EVENT_LOADING_PROGRESS", false},
	{"SwapDB", "REDISMODULE_EVENT_SWAPDB", false},
	{"ReplBackup", "REDISMODULE_EVENT_REPL_BACKUP", true}, // never fired since 7.0
	{"ReplAsyncLoad", "REDISMODULE_EVENT_REPL_ASYNC_LOAD", false},
	{"ForkChild", "REDISMODULE_EVENT_FORK_CHILD", false},
	{"EventLoop", "REDISMODULE_EVENT_EVENTLOOP", false},
	{"Config", "REDISMODULE_EVENT_CONFIG", false},
	{"Key", "REDISMODULE_EVENT_KEY", false},
}
