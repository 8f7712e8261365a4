#include "redismodule.h"

static RedisModuleType *CounterType;

static void *CounterLoad(RedisModuleIO *rdb, int encver) {
    REDISMODULE_NOT_USED(encver);
    long long *v = RedisModule_Alloc(sizeof(*v));
    *v = (long long)RedisModule_LoadSigned(rdb);
    return v;
}
static void CounterSave(RedisModuleIO *rdb, void *value) { RedisModule_SaveSigned(rdb, *(long long *)value); }
static void CounterFree(void *value) { RedisModule_Free(value); }

#define CHECK(call) do { if ((call) == REDISMODULE_ERR) return REDISMODULE_ERR; } while (0)
#define TRY(call) if ((call) == REDISMODULE_ERR) return REDISMODULE_ERR

/* Parses with the result tested, or without reading the value afterwards,
 * or parses a server reply (which does not fail). */
int Set(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 3) return RedisModule_WrongArity(ctx);
    RedisModule_AutoMemory(ctx);
    long long n;
    if (RedisModule_StringToLongLong(argv[2], &n) != REDISMODULE_OK)
        return RedisModule_ReplyWithError(ctx, "ERR not an integer");
    double d;
    int ok = RedisModule_StringToDouble(argv[2], &d) == REDISMODULE_OK;
    long long unused;
    RedisModule_StringToLongLong(argv[2], &unused);
    unused = 0;
    RedisModuleCallReply *r = RedisModule_Call(ctx, "GET", "s", argv[1]);
    if (r && RedisModule_CallReplyType(r) == REDISMODULE_REPLY_STRING) {
        long long old = 0;
        RedisModule_StringToLongLong(RedisModule_CreateStringFromCallReply(r), &old);
        n += old;
    }
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ | REDISMODULE_WRITE);
    int type = RedisModule_KeyType(key);
    if (type != REDISMODULE_KEYTYPE_EMPTY && RedisModule_ModuleTypeGetType(key) != CounterType)
        return RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
    long long *v = RedisModule_Alloc(sizeof(*v));
    *v = n + (ok ? (long long)d : 0) + unused;
    RedisModule_ModuleTypeSetValue(key, CounterType, v); /* a key opened for writing */
    RedisModule_StringSet(key, argv[1]);
    RedisModule_ReplicateVerbatim(ctx);
    RedisModule_ReplyWithSimpleString(ctx, "OK");
    return REDISMODULE_OK;
}

/* A helper that tests and propagates the result. */
static int parseCount(RedisModuleCtx *ctx, RedisModuleString *arg, long long *out) {
    if (RedisModule_StringToLongLong(arg, out) != REDISMODULE_OK || *out < 0) {
        RedisModule_ReplyWithError(ctx, "ERR count must be a non-negative integer");
        return REDISMODULE_ERR;
    }
    return REDISMODULE_OK;
}

/* The output goes to the caller: not followed. */
static void parseInto(RedisModuleString *s, long long *out) {
    RedisModule_StringToLongLong(s, out);
}

/* The out-parameter is not a plain variable here. */
typedef struct Args { long long count; } Args;

int Get(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    long long count;
    Args a;
    if (argc != 2) return RedisModule_WrongArity(ctx);
    if (parseCount(ctx, argv[1], &count) == REDISMODULE_ERR) return REDISMODULE_OK;
    RedisModule_StringToLongLong(argv[1], &a.count);
    parseInto(argv[1], &count);
    return RedisModule_ReplyWithLongLong(ctx, count + a.count);
}

static int registerAll(RedisModuleCtx *ctx) {
    if (RedisModule_CreateCommand(ctx, "good.get", Get, "readonly", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return RedisModule_CreateCommand(ctx, "good.set", Set, "write deny-oom", 1, 1, 1);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModule_Init(ctx, "good", 1, REDISMODULE_APIVER_1); /* initorder's finding, not this rule's */
    RedisModuleTypeMethods tm = {
        .version = REDISMODULE_TYPE_METHOD_VERSION,
        .rdb_load = CounterLoad,
        .rdb_save = CounterSave,
        .free = CounterFree,
    };
    RedisModule_CreateDataType(ctx, "counter-t", 0, &tm); /* datatype's finding */
    CounterType = RedisModule_CreateDataType(ctx, "counter-u", 0, &tm);
    if (CounterType == NULL) return REDISMODULE_ERR;
    if (registerAll(ctx) == REDISMODULE_ERR) return REDISMODULE_ERR;
    CHECK(RedisModule_CreateCommand(ctx, "good.a", Get, "readonly", 1, 1, 1));
    TRY(RedisModule_CreateCommand(ctx, "good.b", Get, "readonly", 1, 1, 1));
    int err = RedisModule_CreateCommand(ctx, "good.c", Get, "readonly", 1, 1, 1);
    if (err != REDISMODULE_OK) return err;
    if (RedisModule_CreateCommand(ctx, "good.parent", NULL, "", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModuleCommand *parent = RedisModule_GetCommand(ctx, "good.parent");
    if (!parent || RedisModule_CreateSubcommand(parent, "get", Get, "readonly", 1, 1, 1) != REDISMODULE_OK)
        return REDISMODULE_ERR;
    RedisModule_Log(ctx, "notice", "loaded");
    return RedisModule_LoadConfigs(ctx);
}
