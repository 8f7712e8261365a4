#include "redismodule.h"

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    if (argc > 2)
        return REDISMODULE_OK; /* want `RedisModule_OnLoad returns 0 before RedisModule_Init has run` */
    if (argc > 1)
        return REDISMODULE_ERR; /* fine: Redis refuses the module cleanly */
    if (RedisModule_Init(ctx, "earlyret", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
