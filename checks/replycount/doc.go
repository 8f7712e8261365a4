package replycount

const doc = `replycount: a command path that sends no reply, two replies, or a malformed aggregate

## What it finds

Every path through a command handler must send exactly one top-level reply.
rmlint follows each path (early returns, goto cleanup, loops, switch, ?:,
helper functions that reply, error flags) and reports:

- a path that returns without replying, including return REDISMODULE_ERR
  (Redis ignores the handler's return value: it sends nothing);
- a path that replies twice, e.g. an error reply in an if without return,
  followed by the normal reply, or a reply inside a loop with no enclosing
  array;
- an array announced with a fixed length that gets a different number of
  elements on some path;
- an array opened with REDISMODULE_POSTPONED_LEN that some path never closes
  with RedisModule_ReplySetArrayLength.

A handler that blocks the client (RedisModule_BlockClient and friends) hands
the reply to its callbacks, which are checked instead; the getkeys-api
position request path needs no reply. Replies sent on another context (a
thread-safe context) do not count.

## Why it matters

Redis's protocol is strictly one reply per command. With no reply the client
waits forever; with two, the second is read as the answer to the client's
next command, and every reply after it is off by one. An unclosed postponed
array crashes the server when it writes the reply.

## Example

` + "```c" + `
int HelloGreet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) RedisModule_WrongArity(ctx);   /* no return */
    RedisModule_ReplyWithSimpleString(ctx, "Hello, ");
    return RedisModule_ReplyWithString(ctx, argv[1]);
}
` + "```" + `

## Fixed

` + "```c" + `
int HelloGreet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModuleString *s = RedisModule_CreateStringPrintf(ctx, "Hello, %s",
        RedisModule_StringPtrLen(argv[1], NULL));
    RedisModule_ReplyWithString(ctx, s);
    RedisModule_FreeString(ctx, s);
    return REDISMODULE_OK;
}
` + "```" + `
`
