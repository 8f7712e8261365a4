// rmlint-test: redis-version=7.0
/* "M" arrived in 7.0.1, "D" and "K" in 7.2.0. */
#include "redismodule.h"

static int Cmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argc);
    RedisModuleCallReply *r;
    r = RedisModule_Call(ctx, "SET", "MEss", argv[1], argv[2]); /* want `"M" needs Redis 7.0.1, but the oldest Redis this module targets is 7.0.0` */
    r = RedisModule_Call(ctx, "SET", "Dss", argv[1], argv[2]); /* want `"D" needs Redis 7.2.0` */
    r = RedisModule_Call(ctx, "BLPOP", "Ksc", argv[1], "0"); /* want `"K" needs Redis 7.2.0` */
    r = RedisModule_Call(ctx, "GET", "30CSWEs", argv[1]);
    return RedisModule_ReplyWithCallReply(ctx, r);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "callv70", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "b.cmd", Cmd, "write", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
