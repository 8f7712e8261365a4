/* The type is created in a helper in another file, which OnLoad calls. */
#include "types.h"

RedisModuleType *GraphType;

static void *Load(RedisModuleIO *rdb, int encver) { (void)encver; return RedisModule_LoadStringBuffer(rdb, NULL); }
static void Save(RedisModuleIO *rdb, void *value) { RedisModule_SaveStringBuffer(rdb, value, 1); }
static void Rewrite(RedisModuleIO *aof, RedisModuleString *key, void *value) {
    (void)value;
    RedisModule_EmitAOF(aof, "GRAPH.SET", "s", key);
}
static void Free(void *value) { RedisModule_Free(value); }

RedisModuleTypeMethods GraphTypeMethods = {
    .version = REDISMODULE_TYPE_METHOD_VERSION,
    .rdb_load = Load,
    .rdb_save = Save,
    .aof_rewrite = Rewrite,
    .free = Free,
};

int RegisterTypes(RedisModuleCtx *ctx) {
    GraphType = RedisModule_CreateDataType(ctx, "graph-ty1", 0, &GraphTypeMethods);
    return GraphType == NULL ? REDISMODULE_ERR : REDISMODULE_OK;
}
