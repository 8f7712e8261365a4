package apiversion

const doc = `apiversion: RedisModule_* functions newer than the oldest Redis the module must run on

## What it finds

Calls of RedisModule_* functions introduced after the release given with
--redis-version (the oldest Redis the module must run on; by default the
newest release rmlint knows, so nothing is reported unless you ask for an
older one). A function whose pointer the module tests anywhere
(RMAPI_FUNC_SUPPORTED(RedisModule_X), if (RedisModule_X != NULL), ...) is
taken as guarded and not reported. Command flags and RedisModule_Call
format characters newer than the target are reported by cmdflags and callfmt.

## Why it matters

RedisModule_Init fills each API pointer by asking the server for it by name;
an older server does not know the newer functions, so their pointers stay
NULL and the first call crashes the server, typically on a code path nobody
tested against the old release.

## Example

` + "```c" + `
// rmlint --redis-version 6.2
const char *v = RedisModule_StringPtrLen(argv[1], NULL);
RedisModule_ReplyWithErrorFormat(ctx, "ERR bad value %s", v); // 7.2 only
` + "```" + `

## Fixed

` + "```c" + `
const char *v = RedisModule_StringPtrLen(argv[1], NULL);
if (RMAPI_FUNC_SUPPORTED(RedisModule_ReplyWithErrorFormat))
    RedisModule_ReplyWithErrorFormat(ctx, "ERR bad value %s", v);
else
    RedisModule_ReplyWithError(ctx, "ERR bad value");
` + "```" + `
`
