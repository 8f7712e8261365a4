#include "redismodule.h"
#include <pthread.h>

/* The module guide's COUNTER.INCR shape: write, then ReplicateVerbatim. */
int Incr(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    RedisModule_AutoMemory(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ | REDISMODULE_WRITE);
    int type = RedisModule_KeyType(key);
    if (type != REDISMODULE_KEYTYPE_EMPTY && type != REDISMODULE_KEYTYPE_STRING)
        return RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
    RedisModule_StringSet(key, RedisModule_CreateStringFromLongLong(ctx, 1));
    RedisModule_ReplicateVerbatim(ctx);
    return RedisModule_ReplyWithLongLong(ctx, 1);
}

/* Writes on some paths only, and replicates on exactly those. */
int MaybeDel(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    int deleted = 0;
    if (RedisModule_KeyType(key) == REDISMODULE_KEYTYPE_STRING) {
        RedisModule_DeleteKey(key);
        deleted = 1;
    }
    RedisModule_CloseKey(key);
    if (deleted)
        RedisModule_ReplicateVerbatim(ctx);
    return RedisModule_ReplyWithLongLong(ctx, deleted);
}

/* A failed write changes nothing. */
int Checked(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3)
        return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    if (RedisModule_StringSet(key, argv[2]) != REDISMODULE_OK) {
        RedisModule_CloseKey(key);
        return RedisModule_ReplyWithError(ctx, "ERR cannot set");
    }
    RedisModule_CloseKey(key);
    RedisModule_ReplicateVerbatim(ctx);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* RedisModule_Call with "!" propagates by itself. */
int Bang(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3)
        return RedisModule_WrongArity(ctx);
    RedisModuleCallReply *r = RedisModule_Call(ctx, "SET", "!ss", argv[1], argv[2]);
    if (!r)
        return RedisModule_ReplyWithError(ctx, "ERR call failed");
    RedisModule_ReplyWithCallReply(ctx, r);
    RedisModule_FreeCallReply(r);
    return REDISMODULE_OK;
}

/* Replicate with the effect instead of the command. */
int Effect(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    RedisModule_SetExpire(key, 1000);
    RedisModule_CloseKey(key);
    RedisModule_Replicate(ctx, "PEXPIRE", "sl", argv[1], (long long)1000);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* Reads only. */
int Get(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    RedisModuleCallReply *r = RedisModule_Call(ctx, "GET", "s", argv[1]);
    RedisModule_ReplyWithCallReply(ctx, r);
    if (r) RedisModule_FreeCallReply(r);
    return REDISMODULE_OK;
}

/* A blocked command that writes in a thread under the GIL. */
static void *worker(void *arg) {
    RedisModuleBlockedClient *bc = arg;
    RedisModuleCtx *tctx = RedisModule_GetThreadSafeContext(bc);
    RedisModule_ThreadSafeContextLock(tctx);
    RedisModuleCallReply *r = RedisModule_Call(tctx, "INCR", "!c", "jobs");
    if (r) RedisModule_FreeCallReply(r);
    RedisModule_ThreadSafeContextUnlock(tctx);
    RedisModule_FreeThreadSafeContext(tctx);
    RedisModule_UnblockClient(bc, NULL);
    return NULL;
}

static int Reply(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

int Job(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModuleBlockedClient *bc = RedisModule_BlockClient(ctx, Reply, NULL, NULL, 0);
    pthread_t tid;
    if (pthread_create(&tid, NULL, worker, bc) != 0) {
        RedisModule_AbortBlock(bc);
        return RedisModule_ReplyWithError(ctx, "ERR no thread");
    }
    pthread_detach(tid);
    return REDISMODULE_OK;
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "rg", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModule_CreateCommand(ctx, "rg.incr", Incr, "write deny-oom", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "rg.maybedel", MaybeDel, "write", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "rg.checked", Checked, "write deny-oom", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "rg.bang", Bang, "write deny-oom", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "rg.effect", Effect, "write", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "rg.get", Get, "readonly", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "rg.job", Job, "write", 0, 0, 0);
    return REDISMODULE_OK;
}
