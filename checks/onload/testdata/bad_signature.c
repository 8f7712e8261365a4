#include "redismodule.h"

int RedisModule_OnLoad(RedisModuleCtx *ctx) { /* want `RedisModule_OnLoad has type int \(RedisModuleCtx \*\), but Redis calls it as int RedisModule_OnLoad\(RedisModuleCtx \*ctx, RedisModuleString \*\*argv, int argc\)` */
    if (RedisModule_Init(ctx, "sig", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
