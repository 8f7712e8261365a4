#include "redismodule.h"
#include <string.h>
#include <stdlib.h>

static long long limit = 10;

static int Ping(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithSimpleString(ctx, "PONG");
}

/* Plain C before Init is fine. */
static int plain(int argc) { return argc * 2; }

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    int twice = plain(argc);
    if (RedisModule_Init(ctx, "goodinit", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR) {
        /* The pointers are filled even when Init fails (name taken). */
        RedisModule_Log(ctx, "warning", "name taken");
        return REDISMODULE_ERR;
    }
    if (argc > 0 && RedisModule_StringToLongLong(argv[0], &limit) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    for (int i = 0; i < twice; i++) {
        if (i > 100) break;
    }
    if (RedisModule_CreateCommand(ctx, "goodinit.ping", Ping, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
