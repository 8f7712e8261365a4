#include "redismodule.h"

void do_store(RedisModuleCtx *ctx, RedisModuleString *k, RedisModuleString *v);

int Store(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3)
        return RedisModule_WrongArity(ctx);
    do_store(ctx, argv[1], argv[2]); /* want `command "mf.store" changes the dataset here \(RedisModule_HashSet\)` */
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

int StoreReplicated(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3)
        return RedisModule_WrongArity(ctx);
    do_store(ctx, argv[1], argv[2]);
    RedisModule_ReplicateVerbatim(ctx);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "mf", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModule_CreateCommand(ctx, "mf.store", Store, "write deny-oom", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "mf.storerep", StoreReplicated, "write deny-oom", 1, 1, 1);
    return REDISMODULE_OK;
}
