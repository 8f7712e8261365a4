#include "redismodule.h"

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModule_Init(ctx, "ignored", 1, REDISMODULE_APIVER_1); /* want `the result of RedisModule_Init is ignored` */
    return REDISMODULE_OK;
}
