#include "redismodule.h"

/* The reply callback must reply. */
static int Reply_CB(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    long long *v = RedisModule_GetBlockedClientPrivateData(ctx);
    if (v == NULL)
        return REDISMODULE_OK; /* want `Reply_CB \(a blocked client's reply callback\) can return without sending any reply` */
    return RedisModule_ReplyWithLongLong(ctx, *v);
}

static int Timeout_CB(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithNull(ctx);
}

static void Free_CB(RedisModuleCtx *ctx, void *p) {
    REDISMODULE_NOT_USED(ctx);
    RedisModule_Free(p);
}

/* OnKeys reply callbacks: REDISMODULE_ERR means "keep waiting", so they must
 * not have replied. */
static int OnKeys_CB(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModuleKey *k = RedisModule_OpenKey(ctx, RedisModule_GetBlockedClientReadyKey(ctx), REDISMODULE_READ);
    int type = RedisModule_KeyType(k);
    RedisModule_CloseKey(k);
    RedisModule_ReplyWithLongLong(ctx, type); /* want `replies and then returns REDISMODULE_ERR` */
    if (type != REDISMODULE_KEYTYPE_LIST)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}

int Block(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModuleBlockedClient *bc = RedisModule_BlockClient(ctx, Reply_CB, Timeout_CB, Free_CB, 1000);
    RedisModule_UnblockClient(bc, NULL);
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
    if (RedisModule_Init(ctx, "badblk", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "badblk.block", Block, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "badblk.keys", BlockKeys, "readonly", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
