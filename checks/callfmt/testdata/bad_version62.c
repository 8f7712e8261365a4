// rmlint-test: redis-version=6.2
/* Format characters newer than Redis 6.2. */
#include "redismodule.h"

static int Cmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argc);
    RedisModuleCallReply *r;
    r = RedisModule_Call(ctx, "HGETALL", "3s", argv[1]); /* want `RedisModule_Call format "3s": "3" needs Redis 7.0.0, but the oldest Redis this module targets is 6.2.0 \(--redis-version\): there Redis rejects the whole format, so RedisModule_Call returns NULL with errno EBADF` */
    r = RedisModule_Call(ctx, "SET", "Ess", argv[1], argv[2]); /* want `"E" needs Redis 7.0.0, but the oldest Redis this module targets is 6.2.0` */
    r = RedisModule_Call(ctx, "GET", "0CSWs", argv[1]); /* want `"0" needs Redis 7.0.0` `"C" needs Redis 7.0.0` `"S" needs Redis 7.0.0` `"W" needs Redis 7.0.0` */
    r = RedisModule_Call(ctx, "SET", "Mss", argv[1], argv[2]); /* want `"M" needs Redis 7.0.1` */
    r = RedisModule_Call(ctx, "SET", "DKss", argv[1], argv[2]); /* want `"D" needs Redis 7.2.0` `"K" needs Redis 7.2.0` */
    r = RedisModule_Call(ctx, "GET", "33s", argv[1]); /* want `"3" needs Redis 7.0.0` */
    /* Known in 6.2: silent. */
    r = RedisModule_Call(ctx, "INCR", "!ARs", argv[1]);
    RedisModule_Replicate(ctx, "INCR", "As", argv[1]);
    return RedisModule_ReplyWithCallReply(ctx, r);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "callv62", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "b.cmd", Cmd, "write", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
