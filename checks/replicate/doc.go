package replicate

const doc = `replicate: a path that changes the dataset without replicating it, or replicates it twice

## What it finds

Redis never propagates a module command by itself. rmlint follows every path
of each command handler (and the helpers it calls) and reports:

- a path that changes the dataset (a key API write such as StringSet or
  ListPush, a DMA written to, a RedisModule_Call of a core write command
  without "!") and returns without RedisModule_ReplicateVerbatim or
  RedisModule_Replicate — only that path: a command that writes on some paths
  and replicates on exactly those is fine;
- a path that propagates the same change twice: RedisModule_Call with "!"
  and RedisModule_ReplicateVerbatim.

A write whose result is tested and that failed changes nothing; a handler that
blocks the client hands the work (and its replication) to callbacks or a
thread, and is not judged here.

## Why it matters

Replicas and the AOF only see what the module propagates: a write that is not
replicated makes replicas diverge silently and is lost on restart from the
AOF; a write propagated twice is applied twice (INCR by 2). RedisJSON and
redis-cell shipped write commands without replication.

## Example

` + "```c" + `
int CounterSet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3) return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    RedisModule_StringSet(key, argv[2]);
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}
` + "```" + `

## Fixed

` + "```c" + `
int CounterSet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3) return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    RedisModule_StringSet(key, argv[2]);
    RedisModule_CloseKey(key);
    RedisModule_ReplicateVerbatim(ctx);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}
` + "```" + `
`
