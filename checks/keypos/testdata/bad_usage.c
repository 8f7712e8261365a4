#include "redismodule.h"

/* Opens a key but declares none. */
int NoKeys(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    RedisModuleKey *k = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    RedisModule_ReplyWithLongLong(ctx, RedisModule_KeyType(k));
    RedisModule_CloseKey(k);
    return REDISMODULE_OK;
}

/* Declares argv[1], opens argv[2]. */
int Shifted(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3)
        return RedisModule_WrongArity(ctx);
    RedisModuleKey *k = RedisModule_OpenKey(ctx, argv[2], REDISMODULE_READ);
    RedisModule_ReplyWithLongLong(ctx, RedisModule_KeyType(k));
    RedisModule_CloseKey(k);
    return REDISMODULE_OK;
}

/* A key reached only through RedisModule_Call. */
int ViaCall(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3)
        return RedisModule_WrongArity(ctx);
    RedisModuleCallReply *r = RedisModule_Call(ctx, "GET", "s", argv[2]);
    RedisModule_ReplyWithCallReply(ctx, r);
    if (r) RedisModule_FreeCallReply(r);
    return REDISMODULE_OK;
}

/* A loop over all keys, declared as a single key. */
int Loop(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    long long n = 0;
    for (int j = 1; j < argc; j++) {
        RedisModuleKey *k = RedisModule_OpenKey(ctx, argv[j], REDISMODULE_READ);
        if (k) n++;
        RedisModule_CloseKey(k);
    }
    return RedisModule_ReplyWithLongLong(ctx, n);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "ku", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModule_CreateCommand(ctx, "ku.nokeys", NoKeys, "readonly", 0, 0, 0); /* want `command "ku.nokeys" uses argv\[1\] as a key \(RedisModule_OpenKey\) but declares no keys \(0, 0, 0\)` */
    RedisModule_CreateCommand(ctx, "ku.shifted", Shifted, "readonly", 1, 1, 1); /* want `command "ku.shifted" uses argv\[2\] as a key .* do not include it` `command "ku.shifted" declares argv\[1\] as a key \(1, 1, 1\) but never uses it as one` */
    RedisModule_CreateCommand(ctx, "ku.viacall", ViaCall, "readonly", 1, 1, 1); /* want `command "ku.viacall" uses argv\[2\] as a key \(RedisModule_Call\("GET"\)\)` `declares argv\[1\] as a key` */
    RedisModule_CreateCommand(ctx, "ku.loop", Loop, "readonly", 1, 1, 1); /* want `command "ku.loop" opens argv\[1\], argv\[2\], ... \(every 1\) up to the last argument as keys, but declares 1, 1, 1; declare 1, -1, 1` */
    return REDISMODULE_OK;
}
