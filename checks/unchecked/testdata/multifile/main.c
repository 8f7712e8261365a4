#include "helpers.h"

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "multi", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModule_Log(ctx, "notice", "%lld keys", replyCount(ctx));
    RedisModule_CreateCommand(ctx, "multi.count", CountCommand, "readonly", 0, 0, 0); /* want `the result of RedisModule_CreateCommand is ignored` */
    return REDISMODULE_OK;
}
