/* Results checked in the ways modules do it. */
#include "redismodule.h"

static RedisModuleType *A, *B, *C, *D, *E, *F;

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

/* Returned to the caller, which checks it. */
static RedisModuleType *createA(RedisModuleCtx *ctx) {
    A = RedisModule_CreateDataType(ctx, "result-t1", 0, &Methods);
    return A;
}

static RedisModuleType *createB(RedisModuleCtx *ctx) {
    return RedisModule_CreateDataType(ctx, "result-t2", 0, &Methods);
}

static int createC(RedisModuleCtx *ctx) {
    C = RedisModule_CreateDataType(ctx, "result-t3", 0, &Methods);
    return C != NULL ? REDISMODULE_OK : REDISMODULE_ERR;
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "result", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (createA(ctx) == NULL) return REDISMODULE_ERR;
    B = createB(ctx);
    if (!B) return REDISMODULE_ERR;
    if (createC(ctx) == REDISMODULE_ERR) return REDISMODULE_ERR;

    /* Through a local. */
    RedisModuleType *t = RedisModule_CreateDataType(ctx, "result-t4", 0, &Methods);
    D = t;
    if (D == NULL) return REDISMODULE_ERR;

    /* Tested in place. */
    if ((E = RedisModule_CreateDataType(ctx, "result-t5", 0, &Methods)) == NULL)
        return REDISMODULE_ERR;
    if (RedisModule_CreateDataType(ctx, "result-t6", 0, &Methods) == NULL)
        return REDISMODULE_ERR;

    /* Several at once. */
    F = RedisModule_CreateDataType(ctx, "result-t7", 0, &Methods);
    RedisModuleType *G = RedisModule_CreateDataType(ctx, "result-t8", 0, &Methods);
    if (F == NULL || G == NULL) return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
