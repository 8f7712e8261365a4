/* Method tables and names the rule cannot see through: it stays silent. */
#include "redismodule.h"
#include <string.h>

static RedisModuleType *T1, *T2, *T3, *T4, *T5, *T6, *T7;

static void *Load(RedisModuleIO *rdb, int encver) { (void)encver; return RedisModule_LoadStringBuffer(rdb, NULL); }
static void Save(RedisModuleIO *rdb, void *value) { RedisModule_SaveStringBuffer(rdb, value, 1); }
static void Free(void *value) { RedisModule_Free(value); }

/* Filled by a function: what it sets is not followed. */
static void fillMethods(RedisModuleTypeMethods *tm) {
    tm->version = REDISMODULE_TYPE_METHOD_VERSION;
    tm->rdb_load = Load;
    tm->rdb_save = Save;
    tm->free = Free;
}

/* Defined in a file that is not analysed. */
extern RedisModuleTypeMethods SharedMethods;

static RedisModuleTypeMethods Template = {
    .version = REDISMODULE_TYPE_METHOD_VERSION, .rdb_load = Load, .rdb_save = Save, .free = Free,
};

/* Its address is kept: someone may change it. */
static RedisModuleTypeMethods Escaping;
RedisModuleTypeMethods *EscapingPtr = &Escaping;

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_Init(ctx, "unknown", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;

    RedisModuleTypeMethods filled = {0};
    fillMethods(&filled);
    T1 = RedisModule_CreateDataType(ctx, "unknown-1", 0, &filled);
    if (T1 == NULL) return REDISMODULE_ERR;

    T2 = RedisModule_CreateDataType(ctx, "unknown-2", 0, &SharedMethods);
    if (T2 == NULL) return REDISMODULE_ERR;

    /* Copied whole, then changed. */
    RedisModuleTypeMethods copy = Template;
    copy.digest = NULL;
    T3 = RedisModule_CreateDataType(ctx, "unknown-3", 0, &copy);
    if (T3 == NULL) return REDISMODULE_ERR;

    T4 = RedisModule_CreateDataType(ctx, "unknown-4", 0, &Escaping);
    if (T4 == NULL) return REDISMODULE_ERR;

    /* Through a pointer. */
    RedisModuleTypeMethods *p = &Escaping;
    T5 = RedisModule_CreateDataType(ctx, "unknown-5", 0, p);
    if (T5 == NULL) return REDISMODULE_ERR;

    /* A name and version from the module's arguments. */
    if (argc == 2) {
        long long ver = 0;
        if (RedisModule_StringToLongLong(argv[1], &ver) != REDISMODULE_OK) return REDISMODULE_ERR;
        T6 = RedisModule_CreateDataType(ctx, RedisModule_StringPtrLen(argv[0], NULL), (int)ver, &Template);
        if (T6 == NULL) return REDISMODULE_ERR;
    }

    /* memset after the members were set wipes them: too clever to judge. */
    RedisModuleTypeMethods late;
    late.version = REDISMODULE_TYPE_METHOD_VERSION;
    memset(&late, 0, sizeof(late));
    T7 = RedisModule_CreateDataType(ctx, "unknown-7", 0, &late);
    if (T7 == NULL) return REDISMODULE_ERR;

    /* Declared extern inside the function: defined in another file. */
    {
        extern RedisModuleTypeMethods OtherMethods;
        RedisModuleType *T9 = RedisModule_CreateDataType(ctx, "unknown-9", 0, &OtherMethods);
        if (T9 == NULL) return REDISMODULE_ERR;
    }

    /* A name built at run time in a buffer. */
    char name[16] = "unk";
    strcat(name, "nown-8");
    RedisModuleType *T8 = RedisModule_CreateDataType(ctx, name, 0, &Template);
    if (T8 == NULL) return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
