// rmlint-test: redis-version=6.2
#include "redismodule.h"

static int has_bool;

static int Cmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    if (RMAPI_FUNC_SUPPORTED(RedisModule_ReplyWithErrorFormat) && argc > 5)
        return RedisModule_ReplyWithErrorFormat(ctx, "ERR too many: %d", argc);
    if (has_bool)
        return RedisModule_ReplyWithBool(ctx, argc > 2);
    if (RedisModule_ReplyWithMap != NULL) {
        RedisModule_ReplyWithMap(ctx, 1);
        RedisModule_ReplyWithCString(ctx, "argc");
        return RedisModule_ReplyWithLongLong(ctx, argc);
    }
    return RedisModule_ReplyWithLongLong(ctx, argc);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "g62", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    has_bool = RedisModule_ReplyWithBool != NULL;
    if (RedisModule_CreateCommand(ctx, "g62.cmd", Cmd, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
