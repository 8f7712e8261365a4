#include "redismodule.h"
#include <pthread.h>

static int Reply_CB(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    long long *v = RedisModule_GetBlockedClientPrivateData(ctx);
    return RedisModule_ReplyWithLongLong(ctx, v ? *v : 0);
}

static int Timeout_CB(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithSimpleString(ctx, "Request timedout");
}

static void Free_CB(RedisModuleCtx *ctx, void *p) {
    REDISMODULE_NOT_USED(ctx);
    RedisModule_Free(p);
}

static void *worker(void *arg) {
    RedisModuleBlockedClient *bc = arg;
    RedisModuleCtx *tctx = RedisModule_GetThreadSafeContext(bc);
    RedisModule_ReplyWithSimpleString(tctx, "from the thread");
    RedisModule_FreeThreadSafeContext(tctx);
    long long *v = RedisModule_Alloc(sizeof(*v));
    *v = 42;
    RedisModule_UnblockClient(bc, v);
    return NULL;
}

/* The handler blocks: callbacks reply. */
int Block(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    if (argc > 2)
        return RedisModule_WrongArity(ctx);
    RedisModuleBlockedClient *bc = RedisModule_BlockClient(ctx, Reply_CB, Timeout_CB, Free_CB, 1000);
    pthread_t tid;
    if (pthread_create(&tid, NULL, worker, bc) != 0) {
        RedisModule_AbortBlock(bc);
        return RedisModule_ReplyWithError(ctx, "ERR can't start thread");
    }
    pthread_detach(tid);
    return REDISMODULE_OK;
}

static int OnKeys_CB(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModuleKey *k = RedisModule_OpenKey(ctx, RedisModule_GetBlockedClientReadyKey(ctx), REDISMODULE_READ);
    int type = RedisModule_KeyType(k);
    RedisModule_CloseKey(k);
    if (type != REDISMODULE_KEYTYPE_LIST)
        return REDISMODULE_ERR; /* keep waiting, no reply */
    RedisModule_ReplyWithLongLong(ctx, type);
    return REDISMODULE_OK;
}

int BlockKeys(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    RedisModule_BlockClientOnKeys(ctx, OnKeys_CB, Timeout_CB, NULL, 0, &argv[1], 1, NULL);
    return REDISMODULE_OK;
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "goodblk", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "goodblk.block", Block, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "goodblk.keys", BlockKeys, "readonly", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
