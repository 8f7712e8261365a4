#include "redismodule.h"

static RedisModuleType *T;

int Set(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3)
        return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    RedisModule_StringSet(key, argv[2]);
    RedisModule_CloseKey(key);
    RedisModule_ReplicateVerbatim(ctx);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

int Del(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    RedisModule_DeleteKey(key);
    RedisModule_CloseKey(key);
    RedisModule_ReplicateVerbatim(ctx);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* Changes a module value in place: it may write. */
int Touch(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ | REDISMODULE_WRITE);
    long long *v = RedisModule_ModuleTypeGetValue(key);
    if (v) (*v)++;
    RedisModule_CloseKey(key);
    RedisModule_ReplicateVerbatim(ctx);
    return RedisModule_ReplyWithNull(ctx);
}

int Publish(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModule_Replicate(ctx, "PUBLISH", "cc", "chan", "hello");
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

int Get(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    RedisModuleCallReply *r = RedisModule_Call(ctx, "GET", "s", argv[1]);
    RedisModule_ReplyWithCallReply(ctx, r);
    if (r) RedisModule_FreeCallReply(r);
    return REDISMODULE_OK;
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "wfg", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    REDISMODULE_NOT_USED(T);
    RedisModule_CreateCommand(ctx, "wfg.set", Set, "write deny-oom", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "wfg.del", Del, "write", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "wfg.touch", Touch, "write", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "wfg.publish", Publish, "may-replicate", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "wfg.get", Get, "readonly fast", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "wfg.flags", Get, NULL, 1, 1, 1);
    return REDISMODULE_OK;
}
