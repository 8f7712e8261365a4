#include "redismodule.h"

int RedisModule_OnLaod(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) { /* want `RedisModule_OnLaod is not RedisModule_OnLoad` */
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_Init(ctx, "typo2", 1, REDISMODULE_APIVER_1);
}
