#include "redismodule.h"

static int Ping(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithSimpleString(ctx, "PONG");
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    if (argc == 0) {
        if (RedisModule_Init(ctx, "cond", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
            return REDISMODULE_ERR;
    }
    if (RedisModule_CreateCommand(ctx, "cond.ping", Ping, "readonly", 0, 0, 0) == REDISMODULE_ERR) /* want `RedisModule_CreateCommand can run before RedisModule_Init` */
        return REDISMODULE_ERR;
    return REDISMODULE_OK; /* want `returns 0 before RedisModule_Init` */
}
