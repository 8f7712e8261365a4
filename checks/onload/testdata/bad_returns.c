#include "redismodule.h"

#define C_ERR -1

static int Ping(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithSimpleString(ctx, "PONG");
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_Init(ctx, "rets", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return -1; /* want `RedisModule_OnLoad returns -1: Redis treats only REDISMODULE_ERR \(1\) as failure` */
    if (RedisModule_CreateCommand(ctx, "rets.ping", Ping, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return C_ERR; /* want `returns -1` */
    if (argc > 3)
        return 2; /* want `returns 2` */
    if (argc > 0) {
        RedisModule_Log(ctx, "notice", "args: %d", argc);
        REDISMODULE_NOT_USED(argv);
        return REDISMODULE_OK;
    }
} /* want `RedisModule_OnLoad can reach its closing brace without a return` */
