#include "redismodule.h"
#include <string.h>
#include <stdlib.h>

int Simple(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithSimpleString(ctx, "Hello, World!");
}

/* AutoMemory, early returns, each path replying once. */
int Incr(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 2 || argc > 3)
        return RedisModule_WrongArity(ctx);
    RedisModule_AutoMemory(ctx);
    long long incr = 1;
    if (argc == 3 && RedisModule_StringToLongLong(argv[2], &incr) != REDISMODULE_OK)
        return RedisModule_ReplyWithError(ctx, "ERR invalid increment");
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ | REDISMODULE_WRITE);
    int type = RedisModule_KeyType(key);
    if (type != REDISMODULE_KEYTYPE_EMPTY && type != REDISMODULE_KEYTYPE_STRING)
        return RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
    RedisModule_ReplicateVerbatim(ctx);
    return RedisModule_ReplyWithLongLong(ctx, incr);
}

/* goto cleanup: errors jump to one exit after replying. */
int Cleanup(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModuleKey *key = NULL;
    if (argc != 2) {
        RedisModule_WrongArity(ctx);
        goto done;
    }
    key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    if (RedisModule_KeyType(key) != REDISMODULE_KEYTYPE_STRING) {
        RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
        goto done;
    }
    RedisModule_ReplyWithLongLong(ctx, (long long)RedisModule_ValueLength(key));
done:
    if (key) RedisModule_CloseKey(key);
    return REDISMODULE_OK;
}

/* A helper replies and says so through its result. */
static int parseCount(RedisModuleCtx *ctx, RedisModuleString *arg, long long *out) {
    if (RedisModule_StringToLongLong(arg, out) != REDISMODULE_OK || *out < 0) {
        RedisModule_ReplyWithError(ctx, "ERR count must be a non-negative integer");
        return REDISMODULE_ERR;
    }
    return REDISMODULE_OK;
}

int WithHelper(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    long long count;
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    if (parseCount(ctx, argv[1], &count) != REDISMODULE_OK)
        return REDISMODULE_OK; /* parseCount replied */
    int rc = parseCount(ctx, argv[1], &count);
    if (rc == REDISMODULE_ERR)
        return REDISMODULE_OK;
    return RedisModule_ReplyWithLongLong(ctx, count);
}

/* An error flag decides the final reply. */
int Flag(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    int err = 0;
    REDISMODULE_NOT_USED(argv);
    if (argc > 3) {
        RedisModule_ReplyWithError(ctx, "ERR too many arguments");
        err = 1;
    }
    if (!err)
        RedisModule_ReplyWithLongLong(ctx, argc);
    return REDISMODULE_OK;
}

/* One postponed array, one element per loop iteration. */
int Keys(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    long n = 0;
    RedisModule_ReplyWithArray(ctx, REDISMODULE_POSTPONED_LEN);
    for (int i = 1; i < argc; i++) {
        if (strlen(RedisModule_StringPtrLen(argv[i], NULL)) == 0)
            continue;
        RedisModule_ReplyWithString(ctx, argv[i]);
        n++;
    }
    RedisModule_ReplySetArrayLength(ctx, n);
    return REDISMODULE_OK;
}

/* Lengths computed at run time. */
int Echo(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModule_ReplyWithArray(ctx, argc - 1);
    for (int i = 1; i < argc; i++)
        RedisModule_ReplyWithString(ctx, argv[i]);
    return REDISMODULE_OK;
}

/* Nested fixed-length aggregates and a map. */
int Nested(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    RedisModule_ReplyWithArray(ctx, 2);
    RedisModule_ReplyWithArray(ctx, 2);
    RedisModule_ReplyWithLongLong(ctx, 1);
    RedisModule_ReplyWithLongLong(ctx, 2);
    RedisModule_ReplyWithMap(ctx, 1);
    RedisModule_ReplyWithCString(ctx, "argc");
    RedisModule_ReplyWithLongLong(ctx, argc);
    return REDISMODULE_OK;
}

/* A fixed-length array filled by a counted loop. */
int Pair(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    RedisModule_ReplyWithArray(ctx, 2);
    for (int i = 0; i < 2; i++)
        RedisModule_ReplyWithLongLong(ctx, argc + i);
    return REDISMODULE_OK;
}

/* Switch with a reply in every case, ?: choosing the reply. */
int Choose(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    switch (argc) {
    case 1:
        RedisModule_ReplyWithNull(ctx);
        break;
    case 2:
    case 3:
        return argc == 2 ? RedisModule_ReplyWithLongLong(ctx, 2) : RedisModule_ReplyWithSimpleString(ctx, "three");
    default:
        RedisModule_ReplyWithError(ctx, "ERR too many");
    }
    return REDISMODULE_OK;
}

/* The same test twice: the second follows the first. */
int Twice(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    long long v = 0;
    if (argc == 3)
        RedisModule_StringToLongLong(argv[2], &v);
    RedisModule_AutoMemory(ctx);
    if (argc == 3)
        return RedisModule_ReplyWithLongLong(ctx, v);
    return RedisModule_ReplyWithNull(ctx);
}

/* getkeys-api: the position request needs no reply. */
int GetKeys(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_IsKeysPositionRequest(ctx)) {
        for (int i = 1; i < argc; i += 2)
            RedisModule_KeyAtPos(ctx, i);
        return REDISMODULE_OK;
    }
    REDISMODULE_NOT_USED(argv);
    return RedisModule_ReplyWithLongLong(ctx, argc / 2);
}

/* Asserts do not end paths in a way that matters. */
int Asserting(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModule_Assert(argc >= 1);
    REDISMODULE_NOT_USED(argv);
    if (argc > 10)
        abort();
    return RedisModule_ReplyWithLongLong(ctx, argc);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "good", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModule_CreateCommand(ctx, "good.simple", Simple, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "good.incr", Incr, "write", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "good.cleanup", Cleanup, "readonly", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "good.helper", WithHelper, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "good.flag", Flag, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "good.keys", Keys, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "good.echo", Echo, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "good.nested", Nested, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "good.pair", Pair, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "good.choose", Choose, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "good.twice", Twice, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "good.getkeys", GetKeys, "readonly getkeys-api", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "good.assert", Asserting, "readonly", 0, 0, 0);
    return REDISMODULE_OK;
}

/* A status written through a pointer by an API call, tested twice. */
int InfoGet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3)
        return RedisModule_WrongArity(ctx);
    int err = REDISMODULE_OK;
    RedisModuleServerInfoData *info = RedisModule_GetServerInfo(ctx, RedisModule_StringPtrLen(argv[1], NULL));
    long long v = RedisModule_ServerInfoGetFieldSigned(info, RedisModule_StringPtrLen(argv[2], NULL), &err);
    if (err == REDISMODULE_OK)
        RedisModule_ReplyWithLongLong(ctx, v);
    if (err != REDISMODULE_OK)
        RedisModule_ReplyWithError(ctx, "ERR not found");
    RedisModule_FreeServerInfo(ctx, info);
    return REDISMODULE_OK;
}

/* A helper that replies only when asked to, and returns NULL then. */
static RedisModuleKey *openOrReply(RedisModuleCtx *ctx, RedisModuleString *name, int reply) {
    RedisModuleKey *key = RedisModule_OpenKey(ctx, name, REDISMODULE_READ);
    if (!key) {
        if (reply)
            RedisModule_ReplyWithError(ctx, "ERR no such key");
        return NULL;
    }
    return key;
}

int UsesOpenOrReply(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = openOrReply(ctx, argv[1], 1);
    if (!key)
        return REDISMODULE_OK;
    RedisModule_ReplyWithLongLong(ctx, RedisModule_KeyType(key));
    RedisModule_CloseKey(key);
    key = openOrReply(ctx, argv[1], 0);
    if (key)
        RedisModule_CloseKey(key);
    return REDISMODULE_OK;
}

int RegisterMore(RedisModuleCtx *ctx) {
    if (RedisModule_CreateCommand(ctx, "good.infoget", InfoGet, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return RedisModule_CreateCommand(ctx, "good.openorreply", UsesOpenOrReply, "readonly", 1, 1, 1);
}

/* Nested aggregates of run-time length inside a postponed array. */
int Entries(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    long len = 0;
    RedisModule_ReplyWithArray(ctx, REDISMODULE_POSTPONED_LEN);
    for (int j = 1; j + 1 < argc; j += 2) {
        RedisModule_ReplyWithArray(ctx, 2);
        RedisModule_ReplyWithString(ctx, argv[j]);
        RedisModule_ReplyWithArray(ctx, (argc - j) * 2);
        for (int i = j; i < argc; i++) {
            RedisModule_ReplyWithString(ctx, argv[i]);
            RedisModule_ReplyWithString(ctx, argv[i]);
        }
        len++;
    }
    RedisModule_ReplySetArrayLength(ctx, len);
    return REDISMODULE_OK;
}

int RegisterEntries(RedisModuleCtx *ctx) {
    return RedisModule_CreateCommand(ctx, "good.entries", Entries, "readonly", 0, 0, 0);
}
