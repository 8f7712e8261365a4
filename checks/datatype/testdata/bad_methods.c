/* Method tables Redis rejects or whose callbacks crash the server. */
#include "redismodule.h"
#include <string.h>

static RedisModuleType *T1, *T2, *T3, *T4, *T5, *T6, *T7, *T8, *T9, *T10, *T11, *T12;

static void *Load(RedisModuleIO *rdb, int encver) { (void)encver; return RedisModule_LoadStringBuffer(rdb, NULL); }
static void Save(RedisModuleIO *rdb, void *value) { RedisModule_SaveStringBuffer(rdb, value, 1); }
static void Rewrite(RedisModuleIO *aof, RedisModuleString *key, void *value) {
    (void)value;
    RedisModule_EmitAOF(aof, "X.SET", "s", key);
}
static void Free(void *value) { RedisModule_Free(value); }
static void *Copy(RedisModuleString *from, RedisModuleString *to, const void *value) {
    (void)from; (void)to;
    return (void *)value;
}

/* Positional: version, rdb_load, rdb_save, aof_rewrite, mem_usage, digest,
 * free (missing). */
static RedisModuleTypeMethods Positional = { REDISMODULE_TYPE_METHOD_VERSION, Load, Save, Rewrite };

static RedisModuleTypeMethods FileScope;

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "badmeth", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;

    RedisModuleTypeMethods noversion = {
        .rdb_load = Load, .rdb_save = Save, .aof_rewrite = Rewrite, .free = Free,
    };
    T1 = RedisModule_CreateDataType(ctx, "badmeth-1", 0, &noversion); /* want `type "badmeth-1": noversion does not set \.version: RedisModule_CreateDataType returns NULL .* set \.version = REDISMODULE_TYPE_METHOD_VERSION` */
    if (T1 == NULL) return REDISMODULE_ERR;

    RedisModuleTypeMethods version0 = {
        .version = 0, .rdb_load = Load, .rdb_save = Save, .aof_rewrite = Rewrite, .free = Free,
    };
    T2 = RedisModule_CreateDataType(ctx, "badmeth-2", 0, &version0); /* want `version0 sets \.version to 0` */
    if (T2 == NULL) return REDISMODULE_ERR;

    RedisModuleTypeMethods noload = {
        .version = REDISMODULE_TYPE_METHOD_VERSION,
        .rdb_save = Save, .aof_rewrite = Rewrite, .free = NULL,
    };
    T3 = RedisModule_CreateDataType(ctx, "badmeth-3", 0, &noload); /* want `type "badmeth-3": noload does not set rdb_load and sets free to NULL: Redis calls them without a NULL check \(rdb_load to load an RDB file.*; free when a key .*\).* set \.rdb_load and \.free in noload` */
    if (T3 == NULL) return REDISMODULE_ERR;

    RedisModuleTypeMethods noaof = {
        .version = REDISMODULE_TYPE_METHOD_VERSION,
        .rdb_load = Load, .rdb_save = Save, .free = Free,
    };
    T4 = RedisModule_CreateDataType(ctx, "badmeth-4", 0, &noaof); /* want `type "badmeth-4": noaof does not set aof_rewrite: an AOF rewrite without RDB preamble` */
    if (T4 == NULL) return REDISMODULE_ERR;

    T5 = RedisModule_CreateDataType(ctx, "badmeth-5", 0, &Positional); /* want `Positional does not set free` */
    if (T5 == NULL) return REDISMODULE_ERR;

    /* A file-scope table filled here, with rdb_save explicitly NULL. */
    FileScope.version = REDISMODULE_TYPE_METHOD_VERSION;
    FileScope.rdb_load = Load;
    FileScope.aof_rewrite = Rewrite;
    FileScope.free = Free;
    FileScope.rdb_save = NULL;
    T6 = RedisModule_CreateDataType(ctx, "badmeth-6", 0, &FileScope); /* want `FileScope sets rdb_save to NULL` */
    if (T6 == NULL) return REDISMODULE_ERR;

    /* No initializer: what is not assigned is stack garbage. */
    RedisModuleTypeMethods garbage;
    garbage.version = REDISMODULE_TYPE_METHOD_VERSION;
    garbage.rdb_load = Load;
    garbage.rdb_save = Save;
    garbage.aof_rewrite = Rewrite;
    garbage.free = Free;
    T7 = RedisModule_CreateDataType(ctx, "badmeth-7", 0, &garbage); /* want `garbage is a local variable without an initializer, so the members it never assigns \(mem_usage, digest, aux_load, .*aux_save2\) hold stack garbage.*RedisModuleTypeMethods garbage = \{0\}` */
    if (T7 == NULL) return REDISMODULE_ERR;

    /* Version 1 tables: Redis does not read copy. */
    RedisModuleTypeMethods old = {
        .version = 1,
        .rdb_load = Load, .rdb_save = Save, .aof_rewrite = Rewrite, .free = Free,
        .copy = Copy,
    };
    T8 = RedisModule_CreateDataType(ctx, "badmeth-8", 0, &old); /* want `old sets \.version = 1, so Redis ignores copy \(version 3\) as if it were NULL` */
    if (T8 == NULL) return REDISMODULE_ERR;

    T9 = RedisModule_CreateDataType(ctx, "badmeth-9", 0, NULL); /* want `the method table is NULL` */
    if (T9 == NULL) return REDISMODULE_ERR;

    /* memset, then only some members. */
    RedisModuleTypeMethods cleared;
    memset(&cleared, 0, sizeof cleared);
    cleared.version = REDISMODULE_TYPE_METHOD_VERSION;
    cleared.rdb_load = Load;
    cleared.rdb_save = Save;
    cleared.aof_rewrite = Rewrite;
    T10 = RedisModule_CreateDataType(ctx, "badmeth-a", 0, &cleared); /* want `cleared does not set free` */
    if (T10 == NULL) return REDISMODULE_ERR;

    /* A compound literal. */
    T11 = RedisModule_CreateDataType(ctx, "badmeth-b", 0, &(RedisModuleTypeMethods){ /* want `the compound literal does not set rdb_save` */
        .version = REDISMODULE_TYPE_METHOD_VERSION,
        .rdb_load = Load, .aof_rewrite = Rewrite, .free = Free,
    });
    if (T11 == NULL) return REDISMODULE_ERR;

    /* A static local, zeroed. */
    static RedisModuleTypeMethods kept;
    kept.version = REDISMODULE_TYPE_METHOD_VERSION;
    kept.rdb_load = Load;
    kept.rdb_save = Save;
    kept.free = Free;
    T12 = RedisModule_CreateDataType(ctx, "badmeth-c", 0, &kept); /* want `kept does not set aof_rewrite` */
    if (T12 == NULL) return REDISMODULE_ERR;
    return REDISMODULE_OK;
}

/* Empty braces zero the table too: free is NULL. */
static RedisModuleType *T13;
int createT13(RedisModuleCtx *ctx);
int createT13(RedisModuleCtx *ctx) {
    RedisModuleTypeMethods empty = {};
    empty.version = REDISMODULE_TYPE_METHOD_VERSION;
    empty.rdb_load = Load;
    empty.rdb_save = Save;
    empty.aof_rewrite = Rewrite;
    T13 = RedisModule_CreateDataType(ctx, "badmeth-d", 0, &empty); /* want `empty does not set free` */
    return T13 == NULL ? REDISMODULE_ERR : REDISMODULE_OK;
}

/* aof_rewrite explicitly NULL, and a name that is not constant. */
static RedisModuleType *T14, *T15;
int createMore(RedisModuleCtx *ctx, const char *name);
int createMore(RedisModuleCtx *ctx, const char *name) {
    RedisModuleTypeMethods noaof = {
        .version = REDISMODULE_TYPE_METHOD_VERSION,
        .rdb_load = Load, .rdb_save = Save, .free = Free,
        .aof_rewrite = NULL,
    };
    T14 = RedisModule_CreateDataType(ctx, "badmeth-e", 0, &noaof); /* want `noaof sets aof_rewrite to NULL: an AOF rewrite without RDB preamble` */
    if (T14 == NULL) return REDISMODULE_ERR;
    RedisModuleTypeMethods nofree = {
        .version = REDISMODULE_TYPE_METHOD_VERSION,
        .rdb_load = Load, .rdb_save = Save, .aof_rewrite = Rewrite,
    };
    T15 = RedisModule_CreateDataType(ctx, name, 0, &nofree); /* want `^the data type created here: nofree does not set free` */
    if (T15 == NULL) return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
