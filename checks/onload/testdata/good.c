#include "redismodule.h"
#include <string.h>

static int verbose;

static int Ping(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithSimpleString(ctx, "PONG");
}

static int parse_args(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    for (int i = 0; i < argc; i++) {
        const char *a = RedisModule_StringPtrLen(argv[i], NULL);
        if (!strcmp(a, "verbose")) {
            verbose = 1;
        } else {
            RedisModule_Log(ctx, "warning", "unknown argument %s", a);
            return REDISMODULE_ERR;
        }
    }
    return REDISMODULE_OK;
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    int ret = REDISMODULE_ERR;
    if (RedisModule_Init(ctx, "goodload", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (parse_args(ctx, argv, argc) != REDISMODULE_OK)
        goto fail;
    if (RedisModule_CreateCommand(ctx, "goodload.ping", Ping, "readonly fast", 0, 0, 0) == REDISMODULE_ERR)
        goto fail;
    switch (argc) {
    case 0:
        break;
    default:
        RedisModule_Log(ctx, "notice", "%d arguments", argc);
        break;
    }
    ret = REDISMODULE_OK;
fail:
    return ret;
}

int RedisModule_OnUnload(RedisModuleCtx *ctx) {
    REDISMODULE_NOT_USED(ctx);
    if (verbose)
        return REDISMODULE_OK;
    while (1) {
        return REDISMODULE_OK;
    }
}
