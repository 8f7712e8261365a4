#include "types.h"

static RedisModuleType *GraphV2;

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "graph", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RegisterTypes(ctx) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    /* The table defined in types.c, shared by a second type. */
    GraphV2 = RedisModule_CreateDataType(ctx, "graph-ty2", 0, &GraphTypeMethods);
    if (GraphV2 == NULL)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
