#include "redismodule.h"

typedef struct { RedisModuleString **argv; int argc; RedisModuleString *name; } Work;

static void onDone(RedisModuleCtx *ctx, RedisModuleCallReply *reply, void *pd) {
    REDISMODULE_NOT_USED(ctx);
    REDISMODULE_NOT_USED(reply);
    Work *w = pd;
    RedisModule_Free(w->argv);
    RedisModule_Free(w);
}

/* Allocations stored into a struct through a compound literal, handed to
 * Redis as private data. */
int Async(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    RedisModuleCallReply *rep = RedisModule_Call(ctx, "BLPOP", "Kcc", "list", "0");
    Work *w = RedisModule_Alloc(sizeof(*w));
    *w = (Work){ .argv = RedisModule_Alloc(sizeof(RedisModuleString *) * (size_t)argc), .argc = argc };
    Work local = { .name = RedisModule_CreateString(NULL, "n", 1) };
    w->name = local.name;
    RedisModule_CallReplyPromiseSetUnblockHandler(rep, onDone, w);
    RedisModule_FreeCallReply(rep);
    return RedisModule_ReplyWithNull(ctx);
}

/* A loaded string is NULL exactly when an I/O error is flagged. */
static void *Load(RedisModuleIO *io, int encver) {
    REDISMODULE_NOT_USED(encver);
    RedisModuleString *s = RedisModule_LoadString(io);
    if (RedisModule_IsIOError(io))
        return NULL;
    return s;
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "leakmore", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    REDISMODULE_NOT_USED(Load);
    return RedisModule_CreateCommand(ctx, "g.async", Async, "readonly", 0, 0, 0);
}
