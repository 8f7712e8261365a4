/* The canonical shape (src/modules/hellotype.c): every method, the version
 * macro, the result kept in a global and checked, all in OnLoad. */
#include "redismodule.h"
#include <stdlib.h>

static RedisModuleType *CounterType;

struct Counter { long long n; };

static void *CounterRdbLoad(RedisModuleIO *rdb, int encver) {
    if (encver != 0) return NULL;
    struct Counter *c = malloc(sizeof(*c));
    c->n = RedisModule_LoadSigned(rdb);
    return c;
}

static void CounterRdbSave(RedisModuleIO *rdb, void *value) {
    struct Counter *c = value;
    RedisModule_SaveSigned(rdb, c->n);
}

static void CounterAofRewrite(RedisModuleIO *aof, RedisModuleString *key, void *value) {
    struct Counter *c = value;
    RedisModule_EmitAOF(aof, "COUNTER.SET", "sl", key, c->n);
}

static size_t CounterMemUsage(const void *value) {
    (void)value;
    return sizeof(struct Counter);
}

static void CounterFree(void *value) { free(value); }

static void CounterDigest(RedisModuleDigest *md, void *value) {
    struct Counter *c = value;
    RedisModule_DigestAddLongLong(md, c->n);
    RedisModule_DigestEndSequence(md);
}

static int CounterSet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3) return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ | REDISMODULE_WRITE);
    if (RedisModule_KeyType(key) != REDISMODULE_KEYTYPE_EMPTY &&
        RedisModule_ModuleTypeGetType(key) != CounterType) {
        RedisModule_CloseKey(key);
        return RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
    }
    struct Counter *c = malloc(sizeof(*c));
    if (RedisModule_StringToLongLong(argv[2], &c->n) != REDISMODULE_OK) c->n = 0;
    RedisModule_ModuleTypeSetValue(key, CounterType, c);
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "counter", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;

    RedisModuleTypeMethods tm = {
        .version = REDISMODULE_TYPE_METHOD_VERSION,
        .rdb_load = CounterRdbLoad,
        .rdb_save = CounterRdbSave,
        .aof_rewrite = CounterAofRewrite,
        .mem_usage = CounterMemUsage,
        .free = CounterFree,
        .digest = CounterDigest
    };

    CounterType = RedisModule_CreateDataType(ctx, "counter-1", 0, &tm);
    if (CounterType == NULL) return REDISMODULE_ERR;

    if (RedisModule_CreateCommand(ctx, "counter.set", CounterSet, "write deny-oom", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
