/* The method table at file scope, the name and encoding version from macros
 * and constants, the type created in helpers OnLoad calls, and the NULL
 * check in the helper or in OnLoad. */
#include "redismodule.h"
#include <stdlib.h>

#define TYPE_NAME "graph-Acm"
#define TYPE_ENCVER 3
enum { LIST_ENCVER = 1023 };
static const char *const ListTypeName = "list_AcmE";

static RedisModuleType *GraphType;
static RedisModuleType *ListType;

static void *Load(RedisModuleIO *rdb, int encver) { (void)encver; return RedisModule_LoadStringBuffer(rdb, NULL); }
static void Save(RedisModuleIO *rdb, void *value) { RedisModule_SaveStringBuffer(rdb, value, 1); }
static void Rewrite(RedisModuleIO *aof, RedisModuleString *key, void *value) {
    (void)value;
    RedisModule_EmitAOF(aof, "GRAPH.SET", "s", key);
}
static void Free(void *value) { RedisModule_Free(value); }

/* Designated, at file scope. */
static RedisModuleTypeMethods GraphMethods = {
    .version = REDISMODULE_TYPE_METHOD_VERSION,
    .rdb_load = Load,
    .rdb_save = Save,
    .aof_rewrite = Rewrite,
    .free = Free,
};

/* Positional, as old modules wrote it: version, rdb_load, rdb_save,
 * aof_rewrite, mem_usage, digest, free. */
static RedisModuleTypeMethods ListMethods = {
    REDISMODULE_TYPE_METHOD_VERSION, Load, Save, Rewrite, NULL, NULL, Free
};

static int CreateGraphType(RedisModuleCtx *ctx) {
    GraphType = RedisModule_CreateDataType(ctx, TYPE_NAME, TYPE_ENCVER, &GraphMethods);
    if (!GraphType) return REDISMODULE_ERR;
    return REDISMODULE_OK;
}

/* The global is checked by the caller. */
static void CreateListType(RedisModuleCtx *ctx) {
    ListType = RedisModule_CreateDataType(ctx, ListTypeName, LIST_ENCVER, &ListMethods);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "graph", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (CreateGraphType(ctx) != REDISMODULE_OK)
        return REDISMODULE_ERR;
    CreateListType(ctx);
    if (ListType == NULL)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
