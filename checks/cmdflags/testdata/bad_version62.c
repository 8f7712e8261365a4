// rmlint-test: redis-version=6.2
#include "redismodule.h"

static int Cmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithNull(ctx);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "flags62", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "b.block", Cmd, "readonly blocking", 1, 1, 1) == REDISMODULE_ERR) /* want `flag "blocking" needs Redis 7.0.0, but the oldest Redis this module targets is 6.2.0` */
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "b.busy", Cmd, "allow-busy no-mandatory-keys", 1, 1, 1) == REDISMODULE_ERR) /* want `flag "allow-busy" needs Redis 7.0.0` `flag "no-mandatory-keys" needs Redis 7.0.0` */
        return REDISMODULE_ERR;
    /* may-replicate exists since 6.2: fine for this target. */
    if (RedisModule_CreateCommand(ctx, "b.ok", Cmd, "may-replicate no-slowlog", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
