/* crash.boom dereferences NULL when given a key (smokecrash); crash.ok,
 * registered after it, must still be probed on a restarted server. */
#include "redismodule.h"
#include <stddef.h>

struct counter { long long n; };

static struct counter *lookup(RedisModuleString *name) {
    REDISMODULE_NOT_USED(name);
    return NULL; /* "not found" */
}

int CrashBoom_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    struct counter *c = lookup(argv[1]);
    c->n++; /* NULL dereference */
    return RedisModule_ReplyWithLongLong(ctx, c->n);
}

int CrashOk_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "crash", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "crash.boom", CrashBoom_RedisCommand, "write", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "crash.ok", CrashOk_RedisCommand, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
