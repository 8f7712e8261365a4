/* Compiles, with warnings that matter: an implicit declaration, an
 * incompatible pointer type and a printf format mismatch (smokebuild). */
#include "redismodule.h"
#include <stdio.h>

int Warn_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    char buf[64];
    snprintf(buf, sizeof buf, "%s arguments", argc);
    if (argc > 5) return undeclared_helper(ctx);
    return RedisModule_ReplyWithSimpleString(ctx, argv[0]);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "warnings", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "warn.cmd", Warn_RedisCommand, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
