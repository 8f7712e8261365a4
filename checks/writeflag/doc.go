package writeflag

const doc = `writeflag: a command that writes without the "write" flag, or is flagged "write" and never writes

## What it finds

rmlint summarises what each command's handler (and the helpers it calls)
does: key API writes (StringSet, List/Hash/Zset/Stream writers,
ModuleTypeSetValue, DeleteKey, SetExpire, DMA opened for writing, ...),
RedisModule_Call of core write commands, RedisModule_Replicate.

- a command that writes but is not registered with "write" (an error);
- a command that replicates but has neither "write" nor "may-replicate"
  (a warning);
- a "write" command that can never write (a note: it could be "readonly");
- a "write" command that adds data without "deny-oom" (a note).

## Why it matters

Redis decides from the flags, not from the code, where a command may run. A
writing command without "write" runs on read-only replicas (the replica
then diverges from its master), inside EVAL_RO and FCALL_RO, during CLIENT
PAUSE WRITE and failover, and ignores min-replicas and disk-error write
gates. Real modules (RediSearch, valkey-search) shipped such commands.

## Example

` + "```c" + `
int CounterSet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3) return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    RedisModule_StringSet(key, argv[2]);
    RedisModule_CloseKey(key);
    RedisModule_ReplicateVerbatim(ctx);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* in RedisModule_OnLoad */
RedisModule_CreateCommand(ctx, "counter.set", CounterSet, "readonly", 1, 1, 1);
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

/* in RedisModule_OnLoad */
RedisModule_CreateCommand(ctx, "counter.set", CounterSet, "write deny-oom", 1, 1, 1);
` + "```" + `
`
