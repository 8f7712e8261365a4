/* A file without RedisModule_OnLoad (a library, or the files a pre-commit
 * hook passes): who calls CreateTypes is unknown, so it is not judged. */
#include "redismodule.h"

static RedisModuleType *LibType;

static void *Load(RedisModuleIO *rdb, int encver) { (void)encver; return RedisModule_LoadStringBuffer(rdb, NULL); }
static void Save(RedisModuleIO *rdb, void *value) { RedisModule_SaveStringBuffer(rdb, value, 1); }
static void Rewrite(RedisModuleIO *aof, RedisModuleString *key, void *value) {
    (void)value;
    RedisModule_EmitAOF(aof, "X.SET", "s", key);
}
static void Free(void *value) { RedisModule_Free(value); }

int CreateTypes(RedisModuleCtx *ctx) {
    RedisModuleTypeMethods tm = {
        .version = REDISMODULE_TYPE_METHOD_VERSION,
        .rdb_load = Load, .rdb_save = Save, .aof_rewrite = Rewrite, .free = Free,
    };
    LibType = RedisModule_CreateDataType(ctx, "libtype-1", 0, &tm);
    return LibType == NULL ? REDISMODULE_ERR : REDISMODULE_OK;
}
