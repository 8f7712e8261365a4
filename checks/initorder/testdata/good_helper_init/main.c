#include "redismodule.h"

int module_init(RedisModuleCtx *ctx);
int module_commands(RedisModuleCtx *ctx);

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (module_init(ctx) != REDISMODULE_OK)
        return REDISMODULE_ERR;
    if (module_commands(ctx) != REDISMODULE_OK)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
