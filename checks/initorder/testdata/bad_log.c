#include "redismodule.h"

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    RedisModule_Log(ctx, "notice", "loading with %d args", argc); /* want `RedisModule_Log can run before RedisModule_Init` */
    if (RedisModule_Init(ctx, "early", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
