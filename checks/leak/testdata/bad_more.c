#include "redismodule.h"

/* A created string thrown away. */
int Discard(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    RedisModule_CreateStringFromLongLong(ctx, argc); /* want `the result of RedisModule_CreateStringFromLongLong is thrown away` */
    return RedisModule_ReplyWithNull(ctx);
}

/* Dict keys are copied: the loaded key string leaks. */
static void *Load(RedisModuleIO *io, int encver) {
    REDISMODULE_NOT_USED(encver);
    RedisModuleDict *d = RedisModule_CreateDict(NULL);
    RedisModuleString *k = RedisModule_LoadString(io); /* want `in Load\(\): the string from RedisModule_LoadString is not released` */
    RedisModuleString *v = RedisModule_LoadString(io);
    RedisModule_DictSet(d, k, v);
    return d;
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "leakbad2", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    REDISMODULE_NOT_USED(Load);
    return RedisModule_CreateCommand(ctx, "b.discard", Discard, "readonly", 0, 0, 0);
}
