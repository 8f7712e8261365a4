/* Results that are not checked for NULL. */
#include "redismodule.h"

static RedisModuleType *Stored, *CheckedElsewhere;
static struct { RedisModuleType *type; } Types;

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

static int Set(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    /* A NULL check here does not help: the module has loaded already. */
    if (CheckedElsewhere == NULL) return RedisModule_ReplyWithError(ctx, "ERR no type");
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    RedisModule_ModuleTypeSetValue(key, Stored, RedisModule_Strdup("x"));
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "badres", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;

    RedisModule_CreateDataType(ctx, "badres-t1", 0, &Methods); /* want `type "badres-t1": the result of RedisModule_CreateDataType is discarded: it returns NULL when the type cannot be registered` */
    (void)RedisModule_CreateDataType(ctx, "badres-t2", 0, &Methods); /* want `type "badres-t2": the result of RedisModule_CreateDataType is discarded` */
    Stored = RedisModule_CreateDataType(ctx, "badres-t3", 0, &Methods); /* want `type "badres-t3": RedisModule_OnLoad stores the result of RedisModule_CreateDataType in Stored but never checks it for NULL.*write if \(Stored == NULL\) return REDISMODULE_ERR;` */
    CheckedElsewhere = RedisModule_CreateDataType(ctx, "badres-t4", 0, &Methods); /* want `in CheckedElsewhere but never checks it for NULL` */
    Types.type = RedisModule_CreateDataType(ctx, "badres-t5", 0, &Methods); /* want `in Types\.type but never checks it` */
    RedisModuleType *local = RedisModule_CreateDataType(ctx, "badres-t6", 0, &Methods); /* want `in local but never checks it` */
    (void)local;

    if (RedisModule_CreateCommand(ctx, "badres.set", Set, "write", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
