package unchecked

const doc = `unchecked: ignored results of API calls whose failure matters, and possibly-NULL API results dereferenced without a NULL test

## What it finds

- A call whose result the API table marks as one that must be used, written
  as a statement on its own (possibly cast to void): command and subcommand
  registration, command info and ACL categories, config registration and
  RedisModule_LoadConfigs, RedisModule_SubscribeToServerEvent,
  RedisModule_ExportSharedAPI, RedisModule_ThreadSafeContextTryLock,
  RedisModule_Fork and the like. In RedisModule_OnLoad a fix wraps the call
  as ` + "`if (RedisModule_X(...) == REDISMODULE_ERR) return REDISMODULE_ERR;`" + `.
- RedisModule_StringToLongLong, StringToULongLong, StringToDouble,
  StringToLongDouble and StringToStreamID whose result is ignored while the
  variable they fill is read afterwards (an error when the variable was never
  set before, a warning when it keeps an earlier value). Only strings the
  module received are considered (argv elements, a RedisModuleString *
  parameter): parsing a reply or a stored value does not fail in practice.
- RedisModule_ModuleTypeSetValue (and other key writers the table marks)
  ignored on a key opened without REDISMODULE_WRITE: it always fails there.
- A pointer that may be NULL passed to an API function that dereferences it
  without a NULL test (the table's NullUnsafe parameters, e.g.
  RedisModule_FreeCallReply, RedisModule_CallReplyLength,
  RedisModule_CallReplyInteger, RedisModule_StringDMA, RedisModule_StringSet,
  RedisModule_HashGet), or dereferenced by the module itself (*p, p->f, p[i],
  a call through it), on a path where nothing showed it is not NULL. The
  pointers followed are the results of RedisModule_Call (unless its format
  has the E flag), RedisModule_OpenKey with a mode known to lack
  REDISMODULE_WRITE (except the notified key in a keyspace notification
  callback), RedisModule_TryAlloc/TryCalloc/TryRealloc,
  RedisModule_RandomKey, client name/user/certificate lookups,
  RedisModule_ServerInfoGetField(C) and RedisModule_GetSharedAPI: results
  that are NULL because of the server's state or data. A RedisModule_Call
  with a constant command and format and no flag that makes it refuse
  commands (C, S, W, M, D) only fails when the command is renamed or
  disabled, comes from a module that is not loaded, or touches a key of
  another cluster node: those findings are warnings. Releasing a
  RedisModule_Call reply with the C, S, W or M flags is left to the badfree
  rule.

A pointer counts as tested after ` + "`if (!p)`, `if (p == NULL)`, `if (p)`" + `,
` + "`p && ...`, `RedisModule_Assert(p != NULL)`" + `, and after a test of a
NULL-safe inspector that tells it apart from NULL: RedisModule_KeyType
(REDISMODULE_KEYTYPE_EMPTY for NULL), RedisModule_CallReplyType
(REDISMODULE_REPLY_UNKNOWN), RedisModule_ValueLength (0),
RedisModule_ModuleTypeGetType. Passing it to a function of the module ends
the analysis of that pointer (the helper may test it). RedisModule_Init
(initorder) and RedisModule_CreateDataType (datatype) are left to their own
rules.

## Why it matters

Registration calls fail for ordinary reasons (a flag word the server does not
know, a name already taken, a call outside OnLoad): a module that goes on
loads without the command, config or hook and nothing says why. The string
conversions return REDISMODULE_ERR for input that is not a number and leave
their output untouched, so the command works on an uninitialised or stale
value instead of rejecting the argument. RedisModule_Call returns NULL when
the command could not run (unknown command, wrong arity, ACL, OOM, cluster
redirection) and RedisModule_OpenKey in read mode returns NULL for a missing
key; most API functions dereference their argument without a NULL test, so
the server crashes with a segmentation fault.

## Example

` + "```c" + `
int Cmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    long long n;
    RedisModule_StringToLongLong(argv[2], &n);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    size_t len;
    char *s = RedisModule_StringDMA(key, &len, REDISMODULE_READ);
    RedisModule_ReplyWithStringBuffer(ctx, s, len < (size_t)n ? len : (size_t)n);
    RedisModule_CloseKey(key);
    return REDISMODULE_OK;
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_Init(ctx, "prefix", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModule_CreateCommand(ctx, "prefix.get", Cmd, "readonly", 1, 1, 1);
    return REDISMODULE_OK;
}
` + "```" + `

## Fixed

` + "```c" + `
int Cmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    long long n;
    if (argc != 3) return RedisModule_WrongArity(ctx);
    if (RedisModule_StringToLongLong(argv[2], &n) != REDISMODULE_OK || n < 0)
        return RedisModule_ReplyWithError(ctx, "ERR invalid length");
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    if (RedisModule_KeyType(key) != REDISMODULE_KEYTYPE_STRING) {
        RedisModule_CloseKey(key);
        return RedisModule_ReplyWithNull(ctx);
    }
    size_t len;
    char *s = RedisModule_StringDMA(key, &len, REDISMODULE_READ);
    RedisModule_ReplyWithStringBuffer(ctx, s, len < (size_t)n ? len : (size_t)n);
    RedisModule_CloseKey(key);
    return REDISMODULE_OK;
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_Init(ctx, "prefix", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "prefix.get", Cmd, "readonly", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
` + "```" + `
`
