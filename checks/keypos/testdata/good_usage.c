#include "redismodule.h"

int MGet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModule_ReplyWithArray(ctx, argc - 1);
    for (int j = 1; j < argc; j++) {
        RedisModuleKey *k = RedisModule_OpenKey(ctx, argv[j], REDISMODULE_READ);
        RedisModule_ReplyWithLongLong(ctx, RedisModule_KeyType(k));
        RedisModule_CloseKey(k);
    }
    return REDISMODULE_OK;
}

/* key value key value ... */
int MSet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 3 || argc % 2 == 0)
        return RedisModule_WrongArity(ctx);
    for (int j = 1; j + 1 < argc; j += 2) {
        RedisModuleKey *k = RedisModule_OpenKey(ctx, argv[j], REDISMODULE_WRITE);
        RedisModule_StringSet(k, argv[j + 1]);
        RedisModule_CloseKey(k);
    }
    RedisModule_ReplicateVerbatim(ctx);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* Keys only through RedisModule_Call, at the declared positions. */
int Copy(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3)
        return RedisModule_WrongArity(ctx);
    RedisModuleCallReply *r = RedisModule_Call(ctx, "COPY", "!ss", argv[1], argv[2]);
    RedisModule_ReplyWithCallReply(ctx, r);
    if (r) RedisModule_FreeCallReply(r);
    return REDISMODULE_OK;
}

/* Two fixed keys. */
int Swap(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3)
        return RedisModule_WrongArity(ctx);
    RedisModuleKey *a = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    RedisModuleKey *b = RedisModule_OpenKey(ctx, argv[2], REDISMODULE_READ);
    RedisModule_ReplyWithLongLong(ctx, RedisModule_KeyType(a) + RedisModule_KeyType(b));
    RedisModule_CloseKey(a);
    RedisModule_CloseKey(b);
    return REDISMODULE_OK;
}

/* No keys at all. */
int Ping(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithSimpleString(ctx, "PONG");
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "kg", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModule_CreateCommand(ctx, "kg.mget", MGet, "readonly", 1, -1, 1);
    RedisModule_CreateCommand(ctx, "kg.mset", MSet, "write deny-oom", 1, -1, 2);
    RedisModule_CreateCommand(ctx, "kg.copy", Copy, "write", 1, 2, 1);
    RedisModule_CreateCommand(ctx, "kg.swap", Swap, "readonly", 1, 2, 1);
    RedisModule_CreateCommand(ctx, "kg.ping", Ping, "readonly fast", 0, 0, 0);
    return REDISMODULE_OK;
}
