#include "redismodule.h"

static int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) { /* want `RedisModule_OnLoad is declared static` */
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "static", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}

static int RedisModule_OnUnload(RedisModuleCtx *ctx) { /* want `RedisModule_OnUnload is declared static` */
    REDISMODULE_NOT_USED(ctx);
    return REDISMODULE_OK;
}
