#include "redismodule.h"

int RedisModule_Onload(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) { /* want `RedisModule_Onload is not RedisModule_OnLoad` */
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "typo", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
