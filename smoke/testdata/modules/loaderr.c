/* OnLoad insists on an argument nobody gives it and returns ERR: the module
 * never loads (smokeload, quoting "initialization failed"). */
#include "redismodule.h"

int LoadErr_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    if (RedisModule_Init(ctx, "loaderr", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (argc != 1) {
        RedisModule_Log(ctx, "warning", "loaderr needs exactly one argument: the limit");
        return REDISMODULE_ERR;
    }
    if (RedisModule_CreateCommand(ctx, "loaderr.cmd", LoadErr_RedisCommand, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
