package leak

const doc = `leak: strings, keys, call replies, memory and iterators not released on some path

## What it finds

Objects the module owns and must release, followed along every path of every
function (early returns, goto cleanup, loops, helpers that release or keep
what they are given):

- strings from RedisModule_CreateString* (FreeString), keys from OpenKey
  (CloseKey), replies from RedisModule_Call (FreeCallReply), dicts, server
  info — unless RedisModule_AutoMemory is in effect on that path;
- RedisModule_Alloc/Calloc/Realloc/Strdup memory, dict iterators, scan
  cursors, thread-safe contexts, cluster node lists — which AutoMemory does
  not release;
- a fresh allocation passed straight to an API that copies it, such as
  RedisModule_ReplyWithSimpleString(ctx, RedisModule_Strdup("...")).

Ownership that moves on ends the tracking: a value stored in a struct, a
global or a dict, returned, given to RedisModule_ModuleTypeSetValue, to an
unblock or timer call as private data, or to a function rmlint cannot see.

## Why it matters

A command runs millions of times: a few bytes leaked per call is an
out-of-memory crash in production, and a key left open keeps WATCH and
client-side tracking from noticing changes.

## Example

` + "```c" + `
int Greet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModule_ReplyWithSimpleString(ctx, RedisModule_Strdup("Hello"));
    return REDISMODULE_OK;
}
` + "```" + `

## Fixed

` + "```c" + `
int Greet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModule_ReplyWithSimpleString(ctx, "Hello");
    return REDISMODULE_OK;
}
` + "```" + `
`
