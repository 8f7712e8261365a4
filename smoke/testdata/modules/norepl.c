/* A write command that never replicates (norepl.set: smokerepl), one that
 * replicates its effect twice (norepl.twice: smokerepl), one that does it
 * right (norepl.good) and a read-only one (norepl.get). */
#include "redismodule.h"

static int set(RedisModuleCtx *ctx, RedisModuleString **argv, int argc, int replicate) {
    if (argc != 3) return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ | REDISMODULE_WRITE);
    int type = RedisModule_KeyType(key);
    if (type != REDISMODULE_KEYTYPE_EMPTY && type != REDISMODULE_KEYTYPE_STRING) {
        RedisModule_CloseKey(key);
        return RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
    }
    RedisModule_StringSet(key, argv[2]);
    RedisModule_CloseKey(key);
    if (replicate) RedisModule_ReplicateVerbatim(ctx);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

int NoReplSet_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    return set(ctx, argv, argc, 0);
}

int NoReplGood_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    return set(ctx, argv, argc, 1);
}

int NoReplGet_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    if (key == NULL) return RedisModule_ReplyWithNull(ctx);
    if (RedisModule_KeyType(key) != REDISMODULE_KEYTYPE_STRING) {
        RedisModule_CloseKey(key);
        return RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
    }
    size_t len;
    const char *v = RedisModule_StringDMA(key, &len, REDISMODULE_READ);
    RedisModule_ReplyWithStringBuffer(ctx, v, len);
    RedisModule_CloseKey(key);
    return REDISMODULE_OK;
}

/* INCR through RedisModule_Call with "!" already propagates the INCR;
 * replicating the module command as well applies it twice on replicas. */
int NoReplTwice_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModule_AutoMemory(ctx);
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModuleCallReply *reply = RedisModule_Call(ctx, "INCR", "!s", argv[1]);
    if (reply == NULL) return RedisModule_ReplyWithError(ctx, "ERR INCR failed");
    RedisModule_ReplicateVerbatim(ctx);
    return RedisModule_ReplyWithCallReply(ctx, reply);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "norepl", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "norepl.set", NoReplSet_RedisCommand, "write deny-oom", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "norepl.good", NoReplGood_RedisCommand, "write deny-oom", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "norepl.twice", NoReplTwice_RedisCommand, "write deny-oom", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "norepl.get", NoReplGet_RedisCommand, "readonly fast", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
