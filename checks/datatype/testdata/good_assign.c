/* Method tables filled by member assignment: after = {0}, after memset, in a
 * static local, and in a file-scope table that OnLoad fills. Results tested
 * in every form modules use. */
#include "redismodule.h"
#include <string.h>

static RedisModuleType *A, *B, *C, *D, *E, *G;

static void *Load(RedisModuleIO *rdb, int encver) { (void)encver; return RedisModule_LoadStringBuffer(rdb, NULL); }
static void Save(RedisModuleIO *rdb, void *value) { RedisModule_SaveStringBuffer(rdb, value, 1); }
static void Rewrite(RedisModuleIO *aof, RedisModuleString *key, void *value) {
    (void)value;
    RedisModule_EmitAOF(aof, "X.SET", "s", key);
}
static void Free(void *value) { RedisModule_Free(value); }

static RedisModuleTypeMethods GlobalMethods;

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "assign", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;

    RedisModuleTypeMethods zeroed = {0};
    zeroed.version = REDISMODULE_TYPE_METHOD_VERSION;
    zeroed.rdb_load = Load;
    zeroed.rdb_save = Save;
    zeroed.aof_rewrite = Rewrite;
    zeroed.free = Free;
    if ((A = RedisModule_CreateDataType(ctx, "assign-t1", 0, &zeroed)) == NULL)
        return REDISMODULE_ERR;

    RedisModuleTypeMethods cleared;
    memset(&cleared, 0, sizeof(cleared));
    cleared.version = REDISMODULE_TYPE_METHOD_VERSION;
    cleared.rdb_load = Load;
    cleared.rdb_save = Save;
    cleared.aof_rewrite = Rewrite;
    cleared.free = Free;
    B = RedisModule_CreateDataType(ctx, "assign-t2", 0, &cleared);
    if (B == NULL) return REDISMODULE_ERR;

    static RedisModuleTypeMethods kept;
    kept.version = REDISMODULE_TYPE_METHOD_VERSION;
    kept.rdb_load = Load;
    kept.rdb_save = Save;
    kept.aof_rewrite = Rewrite;
    kept.free = Free;
    C = RedisModule_CreateDataType(ctx, "assign-t3", 0, &kept);
    if (!C) return REDISMODULE_ERR;

    GlobalMethods.version = REDISMODULE_TYPE_METHOD_VERSION;
    GlobalMethods.rdb_load = Load;
    GlobalMethods.rdb_save = Save;
    GlobalMethods.aof_rewrite = Rewrite;
    GlobalMethods.free = Free;
    D = RedisModule_CreateDataType(ctx, "assign-t4", 0, &GlobalMethods);
    E = RedisModule_CreateDataType(ctx, "assign-t5", 0, &GlobalMethods);
    if (D == NULL || E == NULL) return REDISMODULE_ERR;

    /* Empty braces (C23, and a GNU extension before). */
    RedisModuleTypeMethods empty = {};
    empty.version = REDISMODULE_TYPE_METHOD_VERSION;
    empty.rdb_load = Load;
    empty.rdb_save = Save;
    empty.aof_rewrite = Rewrite;
    empty.free = Free;
    G = RedisModule_CreateDataType(ctx, "assign-t7", 0, &empty);
    if (!G) {
        RedisModule_Log(ctx, "warning", "cannot register the type");
        return REDISMODULE_ERR;
    }

    /* A compound literal. */
    RedisModuleType *F = RedisModule_CreateDataType(ctx, "assign-t6", 0, &(RedisModuleTypeMethods){
        .version = REDISMODULE_TYPE_METHOD_VERSION,
        .rdb_load = Load, .rdb_save = Save, .aof_rewrite = Rewrite, .free = Free,
    });
    return F ? REDISMODULE_OK : REDISMODULE_ERR;
}
