#include "redismodule.h"
#include <string.h>

typedef struct Point { long long x, y; } Point;

/* Reply of a constant command: NULL only if the command is renamed or the
 * key lives on another cluster node (a warning). */
int Incr(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModuleCallReply *reply = RedisModule_Call(ctx, "INCR", "s", argv[1]);
    long long v = RedisModule_CallReplyInteger(reply); /* want `^command "null.incr": reply may be NULL here and RedisModule_CallReplyInteger dereferences it without a NULL test \(the server crashes\): RedisModule_Call returns NULL when the command cannot run \(with a constant command and format, as here: when it is renamed or disabled` */
    RedisModule_FreeCallReply(reply);
    return RedisModule_ReplyWithLongLong(ctx, v);
}

/* Arguments from the client: wrong arity or an unknown command give NULL. */
int Exec(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 2) return RedisModule_WrongArity(ctx);
    const char *cmd = RedisModule_StringPtrLen(argv[1], NULL);
    RedisModuleCallReply *reply = RedisModule_Call(ctx, cmd, "v", argv + 2, (size_t)(argc - 2));
    if (RedisModule_CallReplyType(reply) == REDISMODULE_REPLY_ERROR) {
        /* NULL is REDISMODULE_REPLY_UNKNOWN, not an error reply: it gets past. */
        RedisModule_ReplyWithCallReply(ctx, reply);
        RedisModule_FreeCallReply(reply);
        return REDISMODULE_OK;
    }
    size_t n = RedisModule_CallReplyLength(reply); /* want `^command "null.exec": reply may be NULL here and RedisModule_CallReplyLength dereferences it without a NULL test \(the server crashes\): RedisModule_Call returns NULL when the command could not run \(errno EBADF` */
    RedisModule_FreeCallReply(reply);
    return RedisModule_ReplyWithLongLong(ctx, (long long)n);
}

/* Run as the user: NULL when ACLs say no. Its release is badfree's. */
int AsUser(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModuleCallReply *r = RedisModule_Call(ctx, "GET", "Cs", argv[1]);
    RedisModule_FreeCallReply(r); /* reported by badfree */
    RedisModuleCallReply *q = RedisModule_Call(ctx, "STRLEN", "Cs", argv[1]);
    long long n = RedisModule_CallReplyInteger(q); /* want `^command "null.asuser": q may be NULL here and RedisModule_CallReplyInteger dereferences it without a NULL test \(the server crashes\): RedisModule_Call returns NULL when the command could not run` */
    RedisModule_FreeCallReply(q);
    return RedisModule_ReplyWithLongLong(ctx, n);
}

/* The reply goes straight into an accessor. */
int Straight(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 2) return RedisModule_WrongArity(ctx);
    long long n = RedisModule_CallReplyInteger(RedisModule_Call(ctx, "EXISTS", "v", argv + 1, (size_t)(argc - 1))); /* want `the result of RedisModule_Call goes straight to RedisModule_CallReplyInteger, which dereferences it without a NULL test` */
    return RedisModule_ReplyWithLongLong(ctx, n);
}

/* A key opened for reading is NULL when it does not exist. */
int Peek(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    size_t len;
    char *s = RedisModule_StringDMA(key, &len, REDISMODULE_READ); /* want `^command "null.peek": key may be NULL here and RedisModule_StringDMA dereferences it without a NULL test \(the server crashes\): RedisModule_OpenKey returns NULL when mode lacks REDISMODULE_WRITE and the key does not exist; test it first: if \(key == NULL\) \{ \.\.\. \}$` */
    RedisModule_ReplyWithStringBuffer(ctx, s, len);
    RedisModule_CloseKey(key);
    return REDISMODULE_OK;
}

/* A mode held in a constant variable; only one branch is unchecked. */
int HashField(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    const int mode = REDISMODULE_READ;
    RedisModuleString *val = NULL;
    if (argc != 3) return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], mode);
    if (argc > 10) {
        if (key == NULL) return RedisModule_ReplyWithNull(ctx);
        RedisModule_HashGet(key, REDISMODULE_HASH_NONE, argv[2], &val, NULL);
    } else {
        RedisModule_HashGet(key, REDISMODULE_HASH_NONE, argv[2], &val, NULL); /* want `key may be NULL here and RedisModule_HashGet dereferences it` */
    }
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithString(ctx, val);
}

/* The mode lacks REDISMODULE_WRITE on one path. */
int AnyMode(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    int mode = REDISMODULE_READ;
    if (argc > 2) mode |= REDISMODULE_WRITE;
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], mode);
    RedisModule_DeleteKey(key); /* want `key may be NULL here and RedisModule_DeleteKey dereferences it` */
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* Memory that may not be there. */
int Alloc(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    Point *p = RedisModule_TryAlloc(sizeof(*p));
    p->x = argc; /* want `^command "null.alloc": p may be NULL here and is dereferenced here \(p->x\): RedisModule_TryAlloc returns NULL when the allocation failed; test it first: if \(p == NULL\) \{ \.\.\. \}$` */
    p->y = 0;
    char *buf = RedisModule_TryCalloc(1, 16);
    buf[0] = 'x'; /* want `buf may be NULL here and is dereferenced here \(buf\[0\]\)` */
    long long *q = RedisModule_TryAlloc(sizeof(long long));
    long long r = *q + p->y; /* want `q may be NULL here and is dereferenced here \(\*q\)` */
    RedisModule_Free(p);
    RedisModule_Free(buf);
    RedisModule_Free(q);
    return RedisModule_ReplyWithLongLong(ctx, r);
}

/* Lookups that find nothing. */
int Names(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModuleString *name = RedisModule_GetClientNameById(RedisModule_GetClientId(ctx));
    RedisModuleString *rnd = RedisModule_RandomKey(ctx);
    RedisModuleString *copy = rnd;
    RedisModule_ReplyWithArray(ctx, 2);
    RedisModule_ReplyWithString(ctx, name);
    RedisModule_ReplyWithString(ctx, copy);
    RedisModule_FreeString(ctx, name); /* want `name may be NULL here and RedisModule_FreeString dereferences it without a NULL test \(the server crashes\): RedisModule_GetClientNameById returns NULL when no such client, or it has no name` */
    RedisModule_FreeString(ctx, copy); /* want `copy may be NULL here and RedisModule_FreeString dereferences it .*RedisModule_RandomKey returns NULL when the database is empty` */
    return REDISMODULE_OK;
}

typedef int (*AddFunc)(int, int);

/* A shared API of a module that may not be loaded. */
int Shared(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    AddFunc add = (AddFunc)RedisModule_GetSharedAPI(ctx, "other.add");
    return RedisModule_ReplyWithLongLong(ctx, add(argc, 1)); /* want `add may be NULL here and is called through here \(add\(\.\.\.\)\): RedisModule_GetSharedAPI returns NULL when no loaded module exports that name` */
}

/* Not a handler: no command in the message. */
void logSize(RedisModuleCtx *ctx) {
    RedisModuleCallReply *reply = RedisModule_Call(ctx, "DBSIZE", "");
    RedisModule_Log(ctx, "notice", "%lld keys", RedisModule_CallReplyInteger(reply)); /* want `^reply may be NULL here and RedisModule_CallReplyInteger dereferences it` */
    RedisModule_FreeCallReply(reply);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "null", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "null.incr", Incr, "write", 1, 1, 1) == REDISMODULE_ERR ||
        RedisModule_CreateCommand(ctx, "null.exec", Exec, "write", 0, 0, 0) == REDISMODULE_ERR ||
        RedisModule_CreateCommand(ctx, "null.asuser", AsUser, "readonly", 1, 1, 1) == REDISMODULE_ERR ||
        RedisModule_CreateCommand(ctx, "null.straight", Straight, "readonly", 0, 0, 0) == REDISMODULE_ERR ||
        RedisModule_CreateCommand(ctx, "null.peek", Peek, "readonly", 1, 1, 1) == REDISMODULE_ERR ||
        RedisModule_CreateCommand(ctx, "null.hfield", HashField, "readonly", 1, 1, 1) == REDISMODULE_ERR ||
        RedisModule_CreateCommand(ctx, "null.anymode", AnyMode, "write", 1, 1, 1) == REDISMODULE_ERR ||
        RedisModule_CreateCommand(ctx, "null.alloc", Alloc, "", 0, 0, 0) == REDISMODULE_ERR ||
        RedisModule_CreateCommand(ctx, "null.names", Names, "", 0, 0, 0) == REDISMODULE_ERR ||
        RedisModule_CreateCommand(ctx, "null.shared", Shared, "", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    logSize(ctx);
    return REDISMODULE_OK;
}
