#include "cmds.h"

static int MultiGet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (handle_keys(ctx, argv, argc)) return REDISMODULE_OK;
    if (argc < 2) return RedisModule_WrongArity(ctx);
    RedisModule_ReplyWithArray(ctx, argc - 1);
    for (int j = 1; j < argc; j++) {
        RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[j], REDISMODULE_READ);
        RedisModule_ReplyWithLongLong(ctx, RedisModule_KeyType(key));
        RedisModule_CloseKey(key);
    }
    return REDISMODULE_OK;
}

static int Store(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3) return RedisModule_WrongArity(ctx);
    return store(ctx, argv, argc);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "multi", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "m.mget", MultiGet, "readonly getkeys-api", 1, -1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "m.store", Store, "write", KEYS_FIRST, KEYS_LAST, KEYS_STEP) == REDISMODULE_ERR) /* want `command "m.store": keystep is 0` */
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
