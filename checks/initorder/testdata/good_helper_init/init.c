#include "redismodule.h"

static int Ping(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithSimpleString(ctx, "PONG");
}

int module_init(RedisModuleCtx *ctx) {
    if (RedisModule_Init(ctx, "helperinit", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModule_Log(ctx, "notice", "initialised");
    return REDISMODULE_OK;
}

int module_commands(RedisModuleCtx *ctx) {
    return RedisModule_CreateCommand(ctx, "helperinit.ping", Ping, "readonly", 0, 0, 0);
}
