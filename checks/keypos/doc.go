package keypos

const doc = `keypos: key positions that crash or mislead Redis, getkeys-api handlers that do their work in a position request, argv reads past the arity check

## What it finds

For every RedisModule_CreateCommand and RedisModule_CreateSubcommand whose
firstkey, lastkey and keystep are constants (also through macros, enums and
const variables):

- keystep 0 (or negative) with a firstkey above 0: an error;
- a negative firstkey: an error;
- a lastkey other than 0 with firstkey 0 (ignored: the command declares no
  keys): a warning;
- a lastkey of 0, or between 1 and firstkey - 1, with firstkey above 0 (its
  meaning changed in Redis 7.0): a warning.

The shapes Redis handles are (0, 0, 0) and firstkey ≥ 1, keystep ≥ 1 with
lastkey ≥ firstkey or lastkey < 0 (counted from the end: -1 is the last
argument).

For commands flagged "getkeys-api" (or "getchannels-api"), the handler (and
the module functions it calls) is followed path by path:

- a call that needs the calling client (RedisModule_WrongArity, OpenKey,
  KeyExists, Call, Replicate, ReplicateVerbatim, SelectDb, GetSelectedDb,
  BlockClient*, SignalModifiedKey, Scan, DbSize, RandomKey, ...) that can run
  before RedisModule_IsKeysPositionRequest (IsChannelsPositionRequest) has
  been called;
- such a call reached after the test returned true, when that branch does
  not return;
- a handler that never calls the test at all (reported at the flags; an
  error when it reaches such a call, else a warning: it reports no
  positions).

Replies are not reported: without a client Redis drops them (except
WrongArity and the attribute replies, which crash). Code the analysis cannot
see (a function pointer, a function in another file that receives the
context) is assumed to perform the test.

And in every command handler, a read of argv[K] (constant K) where the
handler's own checks of argc (==, !=, <, <=, >, >=, !, && and ||, switch)
leave argc ≤ K on every path that reaches it. Helpers that receive the
handler's argv and argc unchanged are followed too. Handlers that shift or
rewrite argv or argc (argv++, argc--) are skipped.

## Why it matters

Redis does not validate the key triple. With keystep 0 its key extraction
never advances, and the server crashes the first time it extracts the
command's keys: COMMAND GETKEYS, any call by an ACL user with key patterns,
cluster mode, client tracking. A negative firstkey makes it read argv before
the command's arguments. firstkey 0 means "no keys" whatever lastkey says, so
the command is never redirected in a cluster and bypasses ACL key patterns.
A lastkey below firstkey means "no keys" before Redis 7.0 and "every
argument from firstkey on" since 7.0.

To get the key positions of a getkeys-api command, Redis calls its handler
with a context that has no client. Everything that touches the client
(WrongArity, OpenKey, Call, replication, blocking, the selected db)
dereferences NULL and crashes the server, so the test must come first.

Reading argv[K] when argc ≤ K reads past the argument array: garbage or a
crash, triggered by any client that sends too few arguments.

## Example

` + "```c" + `
int Get(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    RedisModuleString *def = argv[2];
    /* ... */
}

int Mget(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 2) return RedisModule_WrongArity(ctx);
    if (RedisModule_IsKeysPositionRequest(ctx)) {
        for (int j = 1; j < argc; j++) RedisModule_KeyAtPos(ctx, j);
        return REDISMODULE_OK;
    }
    /* ... */
}

/* in RedisModule_OnLoad */
RedisModule_CreateCommand(ctx, "my.get", Get, "readonly", 1, 1, 0);
RedisModule_CreateCommand(ctx, "my.mget", Mget, "readonly getkeys-api", 1, -1, 1);
` + "```" + `

## Fixed

` + "```c" + `
int Get(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2 && argc != 3) return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    RedisModuleString *def = argc == 3 ? argv[2] : NULL;
    /* ... */
}

int Mget(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_IsKeysPositionRequest(ctx)) {
        for (int j = 1; j < argc; j++) RedisModule_KeyAtPos(ctx, j);
        return REDISMODULE_OK;
    }
    if (argc < 2) return RedisModule_WrongArity(ctx);
    /* ... */
}

/* in RedisModule_OnLoad */
RedisModule_CreateCommand(ctx, "my.get", Get, "readonly", 1, 1, 1);
RedisModule_CreateCommand(ctx, "my.mget", Mget, "readonly getkeys-api", 1, -1, 1);
` + "```" + `
`
