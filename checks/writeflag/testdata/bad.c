#include "redismodule.h"

int Set(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3)
        return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    RedisModule_StringSet(key, argv[2]);
    RedisModule_CloseKey(key);
    RedisModule_ReplicateVerbatim(ctx);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

int CallSet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3)
        return RedisModule_WrongArity(ctx);
    RedisModuleCallReply *r = RedisModule_Call(ctx, "SET", "!ss", argv[1], argv[2]);
    if (r) RedisModule_FreeCallReply(r);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
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
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    RedisModule_ReplyWithLongLong(ctx, RedisModule_KeyType(key));
    RedisModule_CloseKey(key);
    return REDISMODULE_OK;
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "wf", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModule_CreateCommand(ctx, "wf.set", Set, "readonly", 1, 1, 1); /* want `command "wf.set" modifies the dataset \(RedisModule_StringSet\) but is not flagged "write"` */
    RedisModule_CreateCommand(ctx, "wf.callset", CallSet, "fast", 1, 1, 1); /* want `command "wf.callset" modifies the dataset \(RedisModule_Call\("SET"\)\)` */
    RedisModule_CreateCommand(ctx, "wf.publish", Publish, "", 0, 0, 0); /* want `command "wf.publish" replicates .* but is flagged neither "write" nor "may-replicate"` */
    RedisModule_CreateCommand(ctx, "wf.get", Get, "write", 1, 1, 1); /* want `command "wf.get" is flagged "write" but never writes` */
    RedisModule_CreateCommand(ctx, "wf.setnooom", Set, "write", 1, 1, 1); /* want `command "wf.setnooom" adds data \(RedisModule_StringSet\) but is not flagged "deny-oom"` */
    return REDISMODULE_OK;
}
