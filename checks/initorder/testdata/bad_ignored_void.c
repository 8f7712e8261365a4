#include "redismodule.h"

static void init_module(RedisModuleCtx *ctx) {
    (void)RedisModule_Init(ctx, "ignored2", 1, REDISMODULE_APIVER_1); /* want `the result of RedisModule_Init is ignored` */
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    init_module(ctx);
    RedisModule_Log(ctx, "notice", "loaded");
    return REDISMODULE_OK;
}
