// rmlint-test: redis-version=6.2
#include "redismodule.h"

static int Cmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    unsigned long long v;
    if (RedisModule_StringToULongLong(argv[1], &v) != REDISMODULE_OK) /* want `RedisModule_StringToULongLong was added in Redis 7.0.3, but the oldest Redis this module targets is 6.2.0` */
        return RedisModule_ReplyWithErrorFormat(ctx, "ERR not a number: %s", RedisModule_StringPtrLen(argv[1], NULL)); /* want `RedisModule_ReplyWithErrorFormat was added in Redis 7.2.0` */
    RedisModule_ReplyWithBool(ctx, v > 10); /* want `RedisModule_ReplyWithBool was added in Redis 7.0.0` */
    return REDISMODULE_OK;
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "v62", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "v62.cmd", Cmd, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    /* 6.2.0 has these. */
    RedisModule_SetModuleOptions(ctx, REDISMODULE_OPTIONS_HANDLE_IO_ERRORS);
    RedisModuleCommand *c = RedisModule_GetCommand(ctx, "v62.cmd"); /* want `RedisModule_GetCommand was added in Redis 7.0.0` */
    REDISMODULE_NOT_USED(c);
    return REDISMODULE_OK;
}
