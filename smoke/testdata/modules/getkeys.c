/* Crashes only when Redis extracts the keys (ACL key patterns, cluster,
 * tracking, COMMAND GETKEYS): key step 0 (gk.step0), and a getkeys-api
 * handler that opens a key before answering the position request (gk.api). */
#include "redismodule.h"

int GkStep0_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    return RedisModule_ReplyWithLongLong(ctx, argc);
}

int GkApi_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    if (RedisModule_IsKeysPositionRequest(ctx)) {
        RedisModule_KeyAtPos(ctx, 1);
        RedisModule_CloseKey(key);
        return REDISMODULE_OK;
    }
    int type = RedisModule_KeyType(key);
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithLongLong(ctx, type);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "getkeys", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "gk.step0", GkStep0_RedisCommand, "readonly", 1, 1, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "gk.api", GkApi_RedisCommand, "readonly getkeys-api", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
