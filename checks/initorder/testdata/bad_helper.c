#include "redismodule.h"

static int Ping(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithSimpleString(ctx, "PONG");
}

static int register_all(RedisModuleCtx *ctx) {
    return RedisModule_CreateCommand(ctx, "helper.ping", Ping, "readonly", 0, 0, 0);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (register_all(ctx) == REDISMODULE_ERR) /* want `register_all calls RedisModule_CreateCommand \(in register_all\) before RedisModule_Init` */
        return REDISMODULE_ERR;
    if (RedisModule_Init(ctx, "helper", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
