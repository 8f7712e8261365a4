/* Types created in helpers OnLoad reaches through a table of function
 * pointers, and in a helper a command also calls: the rule cannot tell
 * these run after OnLoad, so it stays silent. */
#include "redismodule.h"

static RedisModuleType *Graph, *Shared;

static void *Load(RedisModuleIO *rdb, int encver) { (void)encver; return RedisModule_LoadStringBuffer(rdb, NULL); }
static void Save(RedisModuleIO *rdb, void *value) { RedisModule_SaveStringBuffer(rdb, value, 1); }
static void Rewrite(RedisModuleIO *aof, RedisModuleString *key, void *value) {
    (void)value;
    RedisModule_EmitAOF(aof, "X.SET", "s", key);
}
static void Free(void *value) { RedisModule_Free(value); }

static RedisModuleTypeMethods Methods = {
    .version = REDISMODULE_TYPE_METHOD_VERSION,
    .rdb_load = Load, .rdb_save = Save, .aof_rewrite = Rewrite, .free = Free,
};

static int initGraph(RedisModuleCtx *ctx) {
    Graph = RedisModule_CreateDataType(ctx, "indirect1", 0, &Methods);
    return Graph ? REDISMODULE_OK : REDISMODULE_ERR;
}

typedef int (*initfn)(RedisModuleCtx *ctx);
static const initfn Inits[] = { initGraph };

static int initShared(RedisModuleCtx *ctx) {
    if (Shared) return REDISMODULE_OK;
    Shared = RedisModule_CreateDataType(ctx, "indirect2", 0, &Methods);
    return Shared ? REDISMODULE_OK : REDISMODULE_ERR;
}

static int Reinit(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (initShared(ctx) == REDISMODULE_ERR) return RedisModule_ReplyWithError(ctx, "ERR");
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* Registered only by a function nothing calls: never runs. */
static RedisModuleType *Dead;
static int DeadCmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    Dead = RedisModule_CreateDataType(ctx, "indirect3", 0, &Methods);
    return Dead ? RedisModule_ReplyWithSimpleString(ctx, "OK") : RedisModule_ReplyWithError(ctx, "ERR");
}
int RegisterDebugCommands(RedisModuleCtx *ctx);
int RegisterDebugCommands(RedisModuleCtx *ctx) {
    return RedisModule_CreateCommand(ctx, "indirect.dead", DeadCmd, "write", 0, 0, 0);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "indirect", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    for (unsigned i = 0; i < sizeof(Inits) / sizeof(Inits[0]); i++)
        if (Inits[i](ctx) == REDISMODULE_ERR) return REDISMODULE_ERR;
    if (initShared(ctx) == REDISMODULE_ERR) return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "indirect.reinit", Reinit, "write", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
