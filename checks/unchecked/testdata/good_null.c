#include "redismodule.h"
#include <assert.h>
#include <string.h>

static RedisModuleType *MyType;

typedef struct Point { long long x, y; } Point;

/* if (!reply) / if (reply == NULL) before use. */
int Checked(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModuleCallReply *reply = RedisModule_Call(ctx, "INCR", "s", argv[1]);
    if (!reply) return RedisModule_ReplyWithError(ctx, "ERR call failed");
    long long v = RedisModule_CallReplyInteger(reply);
    RedisModule_FreeCallReply(reply);
    reply = RedisModule_Call(ctx, "INCR", "s", argv[1]);
    if (reply == NULL) return RedisModule_ReplyWithError(ctx, "ERR call failed");
    v += RedisModule_CallReplyInteger(reply);
    RedisModule_FreeCallReply(reply);
    if ((reply = RedisModule_Call(ctx, "INCR", "s", argv[1])) == NULL)
        return RedisModule_ReplyWithError(ctx, "ERR call failed");
    v += RedisModule_CallReplyInteger(reply);
    RedisModule_FreeCallReply(reply);
    return RedisModule_ReplyWithLongLong(ctx, v);
}

/* The reply type is tested first: NULL is REDISMODULE_REPLY_UNKNOWN. */
int Typed(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModule_AutoMemory(ctx);
    RedisModuleCallReply *reply = RedisModule_Call(ctx, "LRANGE", "scc", argv[1], "0", "-1");
    if (RedisModule_CallReplyType(reply) != REDISMODULE_REPLY_ARRAY)
        return RedisModule_ReplyWithError(ctx, "ERR not a list");
    size_t n = RedisModule_CallReplyLength(reply);
    long long sum = 0;
    for (size_t i = 0; i < n; i++) {
        RedisModuleCallReply *e = RedisModule_CallReplyArrayElement(reply, i);
        sum += RedisModule_CallReplyInteger(e);
    }
    int type = RedisModule_CallReplyType(reply);
    if (type == REDISMODULE_REPLY_ARRAY)
        sum += (long long)RedisModule_CallReplyLength(reply);
    return RedisModule_ReplyWithLongLong(ctx, sum);
}

/* A switch over the reply type. */
int Switch(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 2) return RedisModule_WrongArity(ctx);
    RedisModuleCallReply *reply = RedisModule_Call(ctx, "GET", "s", argv[1]);
    switch (RedisModule_CallReplyType(reply)) {
    case REDISMODULE_REPLY_STRING: {
        size_t len;
        const char *s = RedisModule_CallReplyStringPtr(reply, &len);
        RedisModule_ReplyWithStringBuffer(ctx, s, len);
        break;
    }
    case REDISMODULE_REPLY_NULL:
        RedisModule_ReplyWithNull(ctx);
        break;
    default:
        RedisModule_ReplyWithError(ctx, "ERR unexpected");
        if (reply) RedisModule_FreeCallReply(reply);
        return REDISMODULE_OK;
    }
    RedisModule_FreeCallReply(reply);
    return REDISMODULE_OK;
}

/* Assertions. */
int Asserted(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModuleCallReply *a = RedisModule_Call(ctx, "DBSIZE", "");
    RedisModule_Assert(a != NULL);
    long long n = RedisModule_CallReplyInteger(a);
    RedisModule_FreeCallReply(a);
    RedisModuleCallReply *b = RedisModule_Call(ctx, "DBSIZE", "");
    assert(b);
    n += RedisModule_CallReplyInteger(b);
    RedisModule_FreeCallReply(b);
    return RedisModule_ReplyWithLongLong(ctx, n);
}

/* The E flag turns failures into error replies; && and ?: guards. */
int Guards(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 2) return RedisModule_WrongArity(ctx);
    const char *cmd = RedisModule_StringPtrLen(argv[1], NULL);
    RedisModuleCallReply *r = RedisModule_Call(ctx, cmd, "Ev", argv + 2, (size_t)(argc - 2));
    long long n = (long long)RedisModule_CallReplyLength(r);
    RedisModule_FreeCallReply(r);
    RedisModuleCallReply *s = RedisModule_Call(ctx, cmd, "v", argv + 2, (size_t)(argc - 2));
    if (s && RedisModule_CallReplyType(s) == REDISMODULE_REPLY_INTEGER)
        n += RedisModule_CallReplyInteger(s);
    n += s ? (long long)RedisModule_CallReplyLength(s) : 0;
    if (s != NULL) RedisModule_FreeCallReply(s);
    return RedisModule_ReplyWithLongLong(ctx, n);
}

/* goto cleanup. */
int Cleanup(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModuleCallReply *reply = NULL;
    long long n = 0;
    if (argc != 2) {
        RedisModule_WrongArity(ctx);
        goto done;
    }
    reply = RedisModule_Call(ctx, "STRLEN", "s", argv[1]);
    if (reply == NULL || RedisModule_CallReplyType(reply) != REDISMODULE_REPLY_INTEGER) {
        RedisModule_ReplyWithError(ctx, "ERR failed");
        goto done;
    }
    n = RedisModule_CallReplyInteger(reply);
    RedisModule_ReplyWithLongLong(ctx, n);
done:
    if (reply) RedisModule_FreeCallReply(reply);
    return REDISMODULE_OK;
}

/* A helper tests the reply. */
static int replyOK(RedisModuleCallReply *r) {
    return r != NULL && RedisModule_CallReplyType(r) != REDISMODULE_REPLY_ERROR;
}

int Helper(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModuleCallReply *reply = RedisModule_Call(ctx, "INCR", "s", argv[1]);
    if (!replyOK(reply)) return RedisModule_ReplyWithError(ctx, "ERR failed");
    long long v = RedisModule_CallReplyInteger(reply);
    RedisModule_FreeCallReply(reply);
    return RedisModule_ReplyWithLongLong(ctx, v);
}

/* Keys: write mode is never NULL; read mode tested through KeyType,
 * ValueLength, ModuleTypeGetType or NULL. */
int Keys(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3) return RedisModule_WrongArity(ctx);
    RedisModuleKey *w = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ | REDISMODULE_WRITE);
    RedisModule_StringSet(w, argv[2]);
    RedisModule_CloseKey(w);

    RedisModuleKey *k = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    if (RedisModule_KeyType(k) != REDISMODULE_KEYTYPE_STRING) {
        RedisModule_CloseKey(k);
        return RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
    }
    size_t len;
    char *s = RedisModule_StringDMA(k, &len, REDISMODULE_READ);
    RedisModule_CloseKey(k);

    RedisModuleKey *h = RedisModule_OpenKey(ctx, argv[2], REDISMODULE_READ);
    int type = RedisModule_KeyType(h);
    if (type == REDISMODULE_KEYTYPE_EMPTY) {
        RedisModule_CloseKey(h);
        return RedisModule_ReplyWithNull(ctx);
    }
    RedisModuleString *val = NULL;
    if (type == REDISMODULE_KEYTYPE_HASH)
        RedisModule_HashGet(h, REDISMODULE_HASH_CFIELDS, "f", &val, NULL);
    RedisModule_CloseKey(h);

    RedisModuleKey *z = RedisModule_OpenKey(ctx, argv[2], REDISMODULE_READ);
    if (RedisModule_ValueLength(z) == 0) {
        RedisModule_CloseKey(z);
        return RedisModule_ReplyWithNull(ctx);
    }
    double score = 0;
    RedisModule_ZsetScore(z, argv[1], &score);
    RedisModule_CloseKey(z);

    RedisModuleKey *m = RedisModule_OpenKey(ctx, argv[2], REDISMODULE_READ);
    if (RedisModule_ModuleTypeGetType(m) != MyType) {
        RedisModule_CloseKey(m);
        return RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
    }
    RedisModule_SetExpire(m, 1000);
    RedisModule_CloseKey(m);

    RedisModuleKey *n = RedisModule_OpenKey(ctx, argv[2], REDISMODULE_READ);
    if (n != NULL) {
        RedisModule_StringTruncate(n, 0);
        RedisModule_CloseKey(n);
    }
    RedisModule_ReplyWithArray(ctx, 3);
    RedisModule_ReplyWithStringBuffer(ctx, s, len);
    RedisModule_ReplyWithString(ctx, val);
    return RedisModule_ReplyWithDouble(ctx, score);
}

/* A mode with REDISMODULE_WRITE on every path, or one given by the caller. */
static void deleteWith(RedisModuleCtx *ctx, RedisModuleString *name, int mode) {
    RedisModuleKey *key = RedisModule_OpenKey(ctx, name, mode);
    RedisModule_DeleteKey(key);
    RedisModule_CloseKey(key);
}

int AnyMode(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    int mode = REDISMODULE_WRITE;
    if (argc > 2) mode |= REDISMODULE_READ;
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], mode);
    RedisModule_DeleteKey(key);
    RedisModule_CloseKey(key);
    deleteWith(ctx, argv[1], mode);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* Memory: tested, or from RedisModule_Alloc (never NULL). */
int Memory(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    Point *p = RedisModule_TryAlloc(sizeof(*p));
    if (!p) return RedisModule_ReplyWithError(ctx, "ERR out of memory");
    p->x = argc;
    Point *q;
    if (!(q = RedisModule_TryAlloc(sizeof(*q)))) {
        RedisModule_Free(p);
        return RedisModule_ReplyWithError(ctx, "ERR out of memory");
    }
    q->x = p->x;
    Point *a = RedisModule_Alloc(sizeof(*a));
    a->x = q->x;
    Point *t = RedisModule_TryAlloc(sizeof(Point));
    size_t size = sizeof(*t) + sizeof(t->y); /* not evaluated */
    RedisModule_Free(t);
    long long x = a->x + (long long)size;
    RedisModule_Free(p);
    RedisModule_Free(q);
    RedisModule_Free(a);
    return RedisModule_ReplyWithLongLong(ctx, x);
}

/* A copy tested instead of the original. */
int Copy(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModuleString *k = RedisModule_RandomKey(ctx);
    RedisModuleString *c = k;
    if (c == NULL) return RedisModule_ReplyWithNull(ctx);
    RedisModule_ReplyWithString(ctx, k);
    RedisModule_FreeString(ctx, k);
    return REDISMODULE_OK;
}

/* Lookups tested for NULL. */
int Names(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModuleString *name = RedisModule_GetClientNameById(RedisModule_GetClientId(ctx));
    if (name == NULL) return RedisModule_ReplyWithNull(ctx);
    RedisModule_ReplyWithString(ctx, name);
    RedisModule_FreeString(ctx, name);
    return REDISMODULE_OK;
}

/* The key a notification is about exists for most events. */
static int OnString(RedisModuleCtx *ctx, int type, const char *event, RedisModuleString *key) {
    REDISMODULE_NOT_USED(type);
    REDISMODULE_NOT_USED(event);
    RedisModuleKey *k = RedisModule_OpenKey(ctx, key, REDISMODULE_READ);
    size_t len;
    RedisModule_StringDMA(k, &len, REDISMODULE_READ);
    RedisModule_CloseKey(k);
    return REDISMODULE_OK;
}

/* Loops: the pointer is tested on every iteration. */
int Loop(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    long long total = 0;
    for (int i = 1; i < argc; i++) {
        RedisModuleKey *k = RedisModule_OpenKey(ctx, argv[i], REDISMODULE_READ);
        if (k == NULL) continue;
        if (RedisModule_KeyType(k) == REDISMODULE_KEYTYPE_STRING) {
            size_t len;
            RedisModule_StringDMA(k, &len, REDISMODULE_READ);
            total += (long long)len;
        }
        RedisModule_CloseKey(k);
    }
    return RedisModule_ReplyWithLongLong(ctx, total);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "good", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_SubscribeToKeyspaceEvents(ctx, REDISMODULE_NOTIFY_STRING, OnString) != REDISMODULE_OK)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "good.checked", Checked, "write", 1, 1, 1) == REDISMODULE_ERR) return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "good.typed", Typed, "readonly", 1, 1, 1) == REDISMODULE_ERR) return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "good.switch", Switch, "readonly", 1, 1, 1) == REDISMODULE_ERR) return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "good.asserted", Asserted, "readonly", 0, 0, 0) == REDISMODULE_ERR) return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "good.guards", Guards, "write", 0, 0, 0) == REDISMODULE_ERR) return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "good.cleanup", Cleanup, "readonly", 1, 1, 1) == REDISMODULE_ERR) return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "good.helper", Helper, "write", 1, 1, 1) == REDISMODULE_ERR) return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "good.keys", Keys, "write", 1, 2, 1) == REDISMODULE_ERR) return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "good.anymode", AnyMode, "write", 1, 1, 1) == REDISMODULE_ERR) return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "good.memory", Memory, "", 0, 0, 0) == REDISMODULE_ERR) return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "good.copy", Copy, "readonly", 0, 0, 0) == REDISMODULE_ERR) return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "good.names", Names, "", 0, 0, 0) == REDISMODULE_ERR) return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "good.loop", Loop, "readonly", 1, -1, 1) == REDISMODULE_ERR) return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
