#include "types.h"

static RedisModuleType *ListType;

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "list", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    ListType = RedisModule_CreateDataType(ctx, "list-type", 0, &ListTypeMethods); /* want `type "list-type": ListTypeMethods does not set free` */
    if (ListType == NULL)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "list.create", ListCreateCommand, "write", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
