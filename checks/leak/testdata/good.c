#include "redismodule.h"
#include <string.h>

static RedisModuleDict *store;
static RedisModuleType *MyType;

typedef struct { char *buf; RedisModuleString *name; } Obj;

/* AutoMemory releases strings, keys and replies. */
int Auto(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    RedisModule_AutoMemory(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    RedisModuleString *s = RedisModule_CreateStringPrintf(ctx, "%d", RedisModule_KeyType(key));
    RedisModuleCallReply *r = RedisModule_Call(ctx, "PING", "");
    REDISMODULE_NOT_USED(r);
    return RedisModule_ReplyWithString(ctx, s);
}

/* goto cleanup releases on every path. */
int Cleanup(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModuleKey *key = NULL;
    RedisModuleString *s = NULL;
    char *buf = NULL;
    if (argc != 2) {
        RedisModule_WrongArity(ctx);
        goto done;
    }
    key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    if (!key) {
        RedisModule_ReplyWithNull(ctx);
        goto done;
    }
    buf = RedisModule_Alloc(32);
    s = RedisModule_CreateString(ctx, "x", 1);
    RedisModule_ReplyWithString(ctx, s);
done:
    if (s) RedisModule_FreeString(ctx, s);
    if (buf) RedisModule_Free(buf);
    if (key) RedisModule_CloseKey(key);
    return REDISMODULE_OK;
}

/* A read-only key may be NULL: nothing to close then. */
int ReadOnly(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    if (key == NULL)
        return RedisModule_ReplyWithNull(ctx);
    RedisModule_ReplyWithLongLong(ctx, RedisModule_KeyType(key));
    RedisModule_CloseKey(key);
    return REDISMODULE_OK;
}

static void closeIt(RedisModuleKey *k) { RedisModule_CloseKey(k); }

/* Helpers that release or keep what they get. */
int Helpers(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    closeIt(key);
    Obj *o = RedisModule_Alloc(sizeof(*o));
    o->buf = RedisModule_Strdup("payload");
    o->name = RedisModule_CreateStringFromString(NULL, argv[1]);
    RedisModule_DictSet(store, argv[1], o);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* Ownership handed to Redis. */
int SetValue(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    Obj *o = RedisModule_Calloc(1, sizeof(*o));
    if (RedisModule_ModuleTypeSetValue(key, MyType, o) != REDISMODULE_OK) {
        RedisModule_Free(o);
        RedisModule_CloseKey(key);
        return RedisModule_ReplyWithError(ctx, "ERR cannot set");
    }
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* Returned to the caller: it owns it. */
static RedisModuleString *makeName(RedisModuleCtx *ctx, long long id) {
    return RedisModule_CreateStringPrintf(ctx, "obj:%lld", id);
}

int UsesMaker(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    RedisModuleString *n = makeName(ctx, argc);
    RedisModule_ReplyWithString(ctx, n);
    RedisModule_FreeString(ctx, n);
    return REDISMODULE_OK;
}

/* Iterators stopped, loops releasing per iteration. */
int Iterate(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModuleDictIter *it = RedisModule_DictIteratorStartC(store, "^", NULL, 0);
    RedisModuleString *k;
    long n = 0;
    RedisModule_ReplyWithArray(ctx, REDISMODULE_POSTPONED_LEN);
    while ((k = RedisModule_DictNext(NULL, it, NULL)) != NULL) {
        RedisModule_ReplyWithString(ctx, k);
        RedisModule_FreeString(NULL, k);
        n++;
    }
    RedisModule_DictIteratorStop(it);
    RedisModule_ReplySetArrayLength(ctx, n);
    return REDISMODULE_OK;
}

/* Realloc keeps one live buffer. */
int Grow(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    char *b = RedisModule_Alloc(8);
    b = RedisModule_Realloc(b, 16);
    memset(b, 0, 16);
    RedisModule_Free(b);
    return RedisModule_ReplyWithLongLong(ctx, argc);
}

/* A thread-safe context released by the thread. */
static void *worker(void *arg) {
    RedisModuleBlockedClient *bc = arg;
    RedisModuleCtx *tctx = RedisModule_GetThreadSafeContext(bc);
    RedisModule_ThreadSafeContextLock(tctx);
    RedisModuleCallReply *r = RedisModule_Call(tctx, "INCR", "c", "counter");
    if (r) RedisModule_FreeCallReply(r);
    RedisModule_ThreadSafeContextUnlock(tctx);
    RedisModule_FreeThreadSafeContext(tctx);
    RedisModule_UnblockClient(bc, NULL);
    return NULL;
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "leakgood", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    store = RedisModule_CreateDict(NULL);
    RedisModule_CreateCommand(ctx, "g.auto", Auto, "readonly", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "g.cleanup", Cleanup, "readonly", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "g.ro", ReadOnly, "readonly", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "g.helpers", Helpers, "write", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "g.set", SetValue, "write", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "g.maker", UsesMaker, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "g.iter", Iterate, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "g.grow", Grow, "readonly", 0, 0, 0);
    REDISMODULE_NOT_USED(worker);
    return REDISMODULE_OK;
}
