/* Names and encoding versions CreateDataType refuses. */
#include "redismodule.h"

#define LONG_NAME "mymodule-type"
static const char *ShortName = "mytype";
static const char ArrayName[] = "arr";
static RedisModuleType *T1, *T2, *T3, *T4, *T5, *T6, *T7, *T8, *T9;

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

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "badname", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;

    T1 = RedisModule_CreateDataType(ctx, LONG_NAME, 0, &Methods); /* want `data type name "mymodule-type" is 13 characters long: RedisModule_CreateDataType returns NULL for it and the type is not registered; a type name must be exactly 9 characters from A-Z a-z 0-9 - _` */
    if (T1 == NULL) return REDISMODULE_ERR;
    T2 = RedisModule_CreateDataType(ctx, ShortName, 0, &Methods); /* want `data type name "mytype" is 6 characters long` */
    if (T2 == NULL) return REDISMODULE_ERR;
    T3 = RedisModule_CreateDataType(ctx, "my.type01", 0, &Methods); /* want `data type name "my.type01" contains '\.', which is not allowed: .*; for instance "my-type01"` */
    if (T3 == NULL) return REDISMODULE_ERR;
    T4 = RedisModule_CreateDataType(ctx, "a:b c", 0, &Methods); /* want `data type name "a:b c" is 5 characters long and contains ':', ' ', which are not allowed` */
    if (T4 == NULL) return REDISMODULE_ERR;
    T5 = RedisModule_CreateDataType(ctx, "badname-5", 1024, &Methods); /* want `type "badname-5": encoding version 1024 is outside 0\.\.1023 .*returns NULL` */
    if (T5 == NULL) return REDISMODULE_ERR;
    T6 = RedisModule_CreateDataType(ctx, "badname-6", -1, &Methods); /* want `encoding version -1 is outside 0\.\.1023` */
    if (T6 == NULL) return REDISMODULE_ERR;
    T7 = RedisModule_CreateDataType(ctx, "AAAAAAAAA", 0, &Methods); /* want `type name "AAAAAAAAA" with encoding version 0 encodes to type ID 0` */
    if (T7 == NULL) return REDISMODULE_ERR;
    T8 = RedisModule_CreateDataType(ctx, "AAAAAAAAA", 1, &Methods); /* "AAAAAAAAA" with another version is a valid (if lame) ID */
    if (T8 == NULL) return REDISMODULE_ERR;
    T9 = RedisModule_CreateDataType(ctx, ArrayName, 2, &Methods); /* want `data type name "arr" is 3 characters long` */
    if (T9 == NULL) return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
