// Package smoke is rmlint's dynamic part: it compiles each module the static
// model found with the system C compiler, loads it into a throwaway
// redis-server, checks that the registration Redis sees matches the static
// model, probes every command with arguments derived from its arity checks
// and key positions, and checks that write commands propagate their effects.
//
// It sits beside the checks: it is fed by the same module model (package
// cparse) and reports the same reports.Finding type, under five rules of its
// own (smokebuild, smokeload, smokereply, smokecrash, smokerepl). Every
// finding is an observed misbehaviour: a compiler diagnostic, a line of the
// server's log, or the bytes a client read.
//
// Servers are confined: each listens only on a Unix socket (mode 700) in a
// fresh temporary directory that is also its working directory, with no
// persistence except the AOF the propagation check reads; every server is
// killed on every exit path (context cancellation, panics, and on Linux the
// death of rmlint itself), and the temporary directory is removed.
package smoke

import (
	"strings"

	"github.com/rmlint/rmlint/reports"
)

// Rule names. They are a public interface: reports, suppressions and CI
// configurations name them.
const (
	RuleBuild = "smokebuild"
	RuleLoad  = "smokeload"
	RuleReply = "smokereply"
	RuleCrash = "smokecrash"
	RuleRepl  = "smokerepl"
)

type ruleDoc struct {
	name     string
	severity reports.Severity
	doc      string
}

var ruleDocs = []ruleDoc{
	{RuleBuild, reports.SeverityError, docBuild},
	{RuleLoad, reports.SeverityError, docLoad},
	{RuleReply, reports.SeverityError, docReply},
	{RuleCrash, reports.SeverityError, docCrash},
	{RuleRepl, reports.SeverityError, docRepl},
}

// Rules returns the metadata of the smoke rules, in the order `rmlint rules`
// lists them.
func Rules() []reports.Rule {
	var r []reports.Rule
	for _, d := range ruleDocs {
		r = append(r, ruleInfo(d))
	}
	return r
}

// Lookup returns the metadata of one smoke rule, or nil.
func Lookup(name string) *reports.Rule {
	for _, d := range ruleDocs {
		if d.name == name {
			r := ruleInfo(d)
			return &r
		}
	}
	return nil
}

// Names returns the smoke rule names.
func Names() []string {
	var r []string
	for _, d := range ruleDocs {
		r = append(r, d.name)
	}
	return r
}

func ruleInfo(d ruleDoc) reports.Rule {
	summary, rest, _ := strings.Cut(d.doc, "\n")
	summary = strings.TrimPrefix(strings.TrimSpace(summary), d.name+": ")
	return reports.Rule{
		Name:      d.name,
		Summary:   summary,
		Doc:       strings.TrimSpace(rest),
		Severity:  d.severity,
		Tags:      []string{"smoke", "dynamic"},
		Precision: "very-high",
	}
}

const docBuild = `smokebuild: compiler errors and warnings that matter when the module is built as a shared object (--smoke)

## What it finds

With --smoke, rmlint compiles every module it found with the system C
compiler (` + "`cc -fPIC -shared`" + `, or $CC), with the same include paths, macros and
compile_commands.json flags as the analysis, and rmlint's own redismodule.h
when no real one is on the include path. It reports, at their file:line:

- every compiler error (the module cannot be built, so it is not loaded);
- the warnings that mean a wrong program rather than a style issue: implicit
  function declarations, incompatible pointer types, integer/pointer
  conversions, printf-style format mismatches (-Wformat), a non-void function
  falling off its end, and the like. Unused variables and parameters are not
  reported.

## Why it matters

A call of an undeclared function (a misspelt RedisModule_ name, a missing
#include) compiles with an implicit int declaration and fails only when the
module is loaded, or truncates a returned pointer to 32 bits. Passing a
RedisModuleString* where a char* is expected compiles with a warning and
crashes the server at run time.

## Example

` + "```c" + `
int Greet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    return RedisModule_ReplyWithSimpleString(ctx, argv[1]); /* incompatible pointer type */
}
` + "```" + `

## Fixed

` + "```c" + `
int Greet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    return RedisModule_ReplyWithString(ctx, argv[1]);
}
` + "```" + `
`

const docLoad = `smokeload: the module fails to load into a real redis-server, or registers commands differently from what its source says (--smoke)

## What it finds

With --smoke, each module that compiled is loaded into a throwaway
redis-server (--loadmodule, in a fresh temporary directory, on a Unix
socket). rmlint reports:

- a module that fails to load, quoting the server log's reason
  ("Module ... initialization failed. Module not loaded", "undefined
  symbol: ...", a lookup failure of RedisModule_OnLoad), with what the module
  itself logged;
- a crash of the server inside RedisModule_OnLoad, with the signal and the
  function it crashed in;
- an OnLoad that does not finish within the load time limit (5 times
  --smoke-timeout, at least 10s);
- a command the source registers that is not registered after loading (its
  RedisModule_CreateCommand failed and the result was ignored);
- a registration that differs from the source: COMMAND INFO shows other
  flags or other key positions (first, last, step) than the static model
  read from RedisModule_CreateCommand. A warning.
- as a note, a command the module registers that the static model did not see
  (registered under a computed name, in a loop, ...), so that the static checks
  could not cover it.

The registration checks belong to this rule because they compare what loading
produced with the source; they are not about what a command does.

## Why it matters

A module that does not load takes the server down with it when loaded from
the configuration ("Can't load module ... server aborting"). A
registration different from the source (for example key positions 2,1,1,
which Redis 7 turns into "2 to the last argument") makes ACL key patterns,
cluster redirection and client-side tracking act on the wrong arguments.

## Example

` + "```c" + `
int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_Init(ctx, "mymod", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (argc != 1) {
        RedisModule_Log(ctx, "warning", "expected one argument");
        return REDISMODULE_ERR; /* "Module ... initialization failed" */
    }
    return REDISMODULE_OK;
}
` + "```" + `

## Fixed

` + "```c" + `
int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_Init(ctx, "mymod", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    long long limit = 100; /* a default when no argument is given */
    if (argc >= 1 && RedisModule_StringToLongLong(argv[0], &limit) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
` + "```" + `
`

const docReply = `smokereply: a command sent no reply, two replies, or an aggregate with the wrong number of elements (--smoke)

## What it finds

With --smoke, every command of the loaded module is probed with arguments
derived from its arity checks (the comparisons of argc in its handler, and
COMMAND INFO's arity) and its key positions: fresh key names, small integers
and short strings, against an empty database and one seeded with string, list
and hash values at the key positions. Each probe is sent on one connection
followed by a PING with a unique token, so the client sees exactly what a
pipelining client would:

- no reply: the PING's answer arrives first;
- two or more replies: the extra replies arrive where the PING's answer was
  due (the client of the next command reads the wrong answer);
- an aggregate that announces more elements than it sends: the PING's answer
  is swallowed into the array.

The message names the command and the arguments and quotes the replies read.

## Why it matters

Redis never checks that a command replied exactly once. A missing reply makes
the client wait forever; an extra reply is read as the answer to the client's
next command, so every later reply on that connection is off by one — data
returned to the wrong caller.

## Example

` + "```c" + `
int HelloGreet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModule_ReplyWithSimpleString(ctx, "Hello, ");
    return RedisModule_ReplyWithString(ctx, argv[1]); /* second reply */
}
` + "```" + `

## Fixed

` + "```c" + `
int HelloGreet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    size_t len;
    const char *name = RedisModule_StringPtrLen(argv[1], &len);
    RedisModuleString *s = RedisModule_CreateStringPrintf(ctx, "Hello, %.*s", (int)len, name);
    RedisModule_ReplyWithString(ctx, s);
    RedisModule_FreeString(ctx, s);
    return REDISMODULE_OK;
}
` + "```" + `
`

const docCrash = `smokecrash: a command crashed or hung the server when probed (--smoke)

## What it finds

With --smoke, a probe (see smokereply) after which the redis-server process
died, or stopped answering (a busy loop, a deadlock on the module GIL), is
reported with the command, the arguments, and the server log's reason: the
signal, the faulting address and the module function on top of the stack
("crashed by signal: 11 ... in Boom_RedisCommand+0x1f"), or the assertion
that failed. rmlint then starts a new server and carries on with the next
command.

Each command with keys is also asked for its keys (COMMAND GETKEYS), the
extraction Redis does by itself for ACL key patterns, cluster redirection
and client tracking: a key step of 0 crashes it, and so does a getkeys-api
handler that opens keys or replies before it tests
RedisModule_IsKeysPositionRequest. Such a crash is shown at the
registration's key positions (or at the handler for getkeys-api).

A client that is blocked on purpose (RedisModule_BlockClient, the "blocking"
flag) is not a hang: when the server still answers other clients, the probe
is listed as "could not be exercised" in the summary.

## Why it matters

A module runs inside the server process: a NULL dereference in one command
takes down the whole server with every client's data, and a loop that never
returns stops it answering anyone.

## Example

` + "```c" + `
int Get(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    size_t len;
    char *v = RedisModule_StringDMA(key, &len, REDISMODULE_READ); /* key is NULL when missing */
    return RedisModule_ReplyWithStringBuffer(ctx, v, len);
}
` + "```" + `

## Fixed

` + "```c" + `
int Get(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    if (key == NULL) return RedisModule_ReplyWithNull(ctx);
    if (RedisModule_KeyType(key) != REDISMODULE_KEYTYPE_STRING) {
        RedisModule_CloseKey(key);
        return RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
    }
    size_t len;
    char *v = RedisModule_StringDMA(key, &len, REDISMODULE_READ);
    RedisModule_ReplyWithStringBuffer(ctx, v, len);
    RedisModule_CloseKey(key);
    return REDISMODULE_OK;
}
` + "```" + `
`

const docRepl = `smokerepl: a command changed the dataset but what it propagated does not reproduce the change on a replica (--smoke)

## What it finds

With --smoke, the server under test writes an append-only file
(appendfsync always) in its temporary directory, and a second throwaway
server with the same module replays everything the first one propagated, as a
replica or an AOF reload would. After each probe rmlint compares the two
datasets (DEBUG DIGEST, then DEBUG DIGEST-VALUE per key to name the keys).
A probe after which they differ is reported with the command, the
arguments, the keys that differ and what was propagated — typically a write
command that used the low-level key API (RedisModule_StringSet,
RedisModule_HashSet, ...) and never called RedisModule_ReplicateVerbatim or
RedisModule_Replicate, or one that replicated its effect twice.

## Why it matters

Redis never propagates a module command by itself. A write that is not
replicated exists only on the master: replicas and the AOF silently
diverge, and the data is lost at the first failover or restart.

## Example

` + "```c" + `
int Set(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3) return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    RedisModule_StringSet(key, argv[2]);
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}
` + "```" + `

## Fixed

` + "```c" + `
int Set(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3) return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    RedisModule_StringSet(key, argv[2]);
    RedisModule_CloseKey(key);
    RedisModule_ReplicateVerbatim(ctx);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}
` + "```" + `
`
