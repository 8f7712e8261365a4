// rmlint-test: redis-version=5.0
/* "A" and "R" arrived in 5.0.7: a module for 5.0.0 cannot use them. */
#include "redismodule.h"

static int Cmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argc);
    RedisModuleCallReply *r;
    r = RedisModule_Call(ctx, "INCR", "!As", argv[1]); /* want `"A" needs Redis 5.0.7, but the oldest Redis this module targets is 5.0.0` */
    RedisModule_Replicate(ctx, "INCR", "Rs", argv[1]); /* want `RedisModule_Replicate format "Rs": "R" needs Redis 5.0.7.*RedisModule_Replicate returns REDISMODULE_ERR` */
    r = RedisModule_Call(ctx, "INCR", "!sl", argv[1], (long long)1);
    return RedisModule_ReplyWithCallReply(ctx, r);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "callv50", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "b.cmd", Cmd, "write", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
