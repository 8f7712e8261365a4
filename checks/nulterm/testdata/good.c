/* Correct uses of pointer + length buffers, and C strings that are fine. */
#include "redismodule.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The module guide's HELLO.GREET idiom: StringPtrLen results are used as C
 * strings by every Redis example and are not reported. */
int Greet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModule_AutoMemory(ctx);
    size_t len;
    const char *name = RedisModule_StringPtrLen(argv[1], &len);
    if (strcmp(name, "admin") == 0)
        return RedisModule_ReplyWithError(ctx, "ERR not allowed");
    RedisModule_Log(ctx, "notice", "greeting %s", name);
    RedisModuleString *s = RedisModule_CreateStringPrintf(ctx, "Hello, %s", name);
    return RedisModule_ReplyWithString(ctx, s);
}

/* COUNTER.INCR done right: parse the DMA buffer with its length. */
int Incr(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModule_AutoMemory(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ | REDISMODULE_WRITE);
    int type = RedisModule_KeyType(key);
    if (type != REDISMODULE_KEYTYPE_EMPTY && type != REDISMODULE_KEYTYPE_STRING)
        return RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
    long long value = 0;
    if (type == REDISMODULE_KEYTYPE_STRING) {
        size_t len;
        char *str = RedisModule_StringDMA(key, &len, REDISMODULE_READ);
        RedisModuleString *v = RedisModule_CreateString(ctx, str, len);
        if (RedisModule_StringToLongLong(v, &value) != REDISMODULE_OK)
            return RedisModule_ReplyWithError(ctx, "ERR value is not an integer");
        const char *p = RedisModule_StringPtrLen(v, NULL);
        if (strcmp(p, "0") == 0)
            value = 0;
    }
    RedisModule_StringSet(key, RedisModule_CreateStringFromLongLong(ctx, value + 1));
    RedisModule_ReplicateVerbatim(ctx);
    return RedisModule_ReplyWithLongLong(ctx, value + 1);
}

/* Length-bounded functions: %.*s, strncmp and memcmp with the length,
 * ReplyWithStringBuffer, "b" in RedisModule_Call. */
int Bounded(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModule_AutoMemory(ctx);
    RedisModuleCallReply *r = RedisModule_Call(ctx, "GET", "c", "config");
    if (RedisModule_CallReplyType(r) != REDISMODULE_REPLY_STRING)
        return RedisModule_ReplyWithError(ctx, "ERR no config");
    size_t len;
    const char *v = RedisModule_CallReplyStringPtr(r, &len);
    RedisModule_Log(ctx, "notice", "config (%zu bytes): %.*s", len, (int)len, v);
    if (len == 3 && memcmp(v, "off", 3) == 0)
        return RedisModule_ReplyWithLongLong(ctx, 0);
    if (len == 2 && strncmp(v, "on", len) == 0)
        return RedisModule_ReplyWithLongLong(ctx, 1);
    if (len >= 4 && strncasecmp(v, "auto", 4) == 0)
        return RedisModule_ReplyWithLongLong(ctx, 2);
    if (memchr(v, ':', len) != NULL)
        RedisModule_Call(ctx, "SET", "cb", "last", v, len);
    printf("%.*s\n", (int)len, v);
    return RedisModule_ReplyWithStringBuffer(ctx, v, len);
}

/* Copied into a buffer the module terminates itself. */
int Copy(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModuleCallReply *r = RedisModule_Call(ctx, "GET", "c", "n");
    size_t len = 0;
    const char *s = RedisModule_CallReplyStringPtr(r, &len);
    char buf[32];
    if (s == NULL || len >= sizeof(buf)) {
        RedisModule_FreeCallReply(r);
        return RedisModule_ReplyWithError(ctx, "ERR bad value");
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    long n = atol(buf);
    char *dup = RedisModule_Alloc(len + 1);
    memcpy(dup, s, len);
    dup[len] = 0;
    s = dup; /* s is now the terminated copy */
    RedisModule_Log(ctx, "notice", "n=%ld from %s", n, s);
    RedisModule_Free(dup);
    RedisModule_FreeCallReply(r);
    return RedisModule_ReplyWithLongLong(ctx, n);
}

/* RDB loading: grow the buffer and terminate it, or keep it in a struct. */
typedef struct { char *name; size_t len; long long n; } Obj;

void *ObjLoad(RedisModuleIO *rdb, int encver) {
    REDISMODULE_NOT_USED(encver);
    Obj *o = RedisModule_Alloc(sizeof(*o));
    size_t len;
    char *buf = RedisModule_LoadStringBuffer(rdb, &len);
    buf = RedisModule_Realloc(buf, len + 1);
    buf[len] = '\0';
    o->n = strtoll(buf, NULL, 10);
    RedisModule_Free(buf);
    o->name = RedisModule_LoadStringBuffer(rdb, &o->len);
    return o;
}

void ObjSave(RedisModuleIO *rdb, void *value) {
    Obj *o = value;
    RedisModule_SaveStringBuffer(rdb, o->name, o->len);
    RedisModule_SaveSigned(rdb, o->n);
}

/* A DMA buffer opened for writing, terminated by the module itself. */
int Terminate(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ | REDISMODULE_WRITE);
    if (RedisModule_KeyType(key) != REDISMODULE_KEYTYPE_STRING || RedisModule_ValueLength(key) == 0) {
        RedisModule_CloseKey(key);
        return RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
    }
    size_t len;
    char *p = RedisModule_StringDMA(key, &len, REDISMODULE_WRITE);
    p[len - 1] = '\0';
    size_t n = strlen(p);
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithLongLong(ctx, (long long)n);
}

/* The variable is reassigned on the path that reaches the C string use. */
int Reassigned(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argc);
    size_t len;
    const char *s = "default";
    RedisModuleCallReply *r = RedisModule_Call(ctx, "GET", "s", argv[1]);
    if (RedisModule_CallReplyType(r) == REDISMODULE_REPLY_STRING) {
        s = RedisModule_CallReplyStringPtr(r, &len);
        RedisModule_ReplyWithStringBuffer(ctx, s, len);
        RedisModule_FreeCallReply(r);
        return REDISMODULE_OK;
    }
    RedisModule_FreeCallReply(r);
    return RedisModule_ReplyWithSimpleString(ctx, s);
}

/* Pointers that escape or go to code rmlint cannot see are not followed. */
extern void consume(const char *s);
static const char *last_key;
struct holder { const char *p; };

int Escapes(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModuleCallReply *r = RedisModule_Call(ctx, "GET", "c", "k");
    size_t len;
    const char *s = RedisModule_CallReplyStringPtr(r, &len);
    consume(s);
    last_key = s;
    struct holder h;
    h.p = s;
    printf("%d %s\n", (int)len, "x");
    RedisModule_FreeCallReply(r);
    return RedisModule_ReplyWithSimpleString(ctx, h.p ? "OK" : "none");
}

/* Cluster node ids with their fixed length; the API documents that
 * GetClusterNodeInfo takes them as they are. */
int Nodes(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    size_t numnodes;
    char **ids = RedisModule_GetClusterNodesList(ctx, &numnodes);
    if (ids == NULL) return RedisModule_ReplyWithError(ctx, "ERR cluster not enabled");
    RedisModule_ReplyWithArray(ctx, numnodes);
    for (size_t j = 0; j < numnodes; j++) {
        int port;
        RedisModule_GetClusterNodeInfo(ctx, ids[j], NULL, NULL, &port, NULL);
        RedisModule_Log(ctx, "verbose", "node %.*s port %d", REDISMODULE_NODE_ID_LEN, ids[j], port);
        RedisModule_ReplyWithStringBuffer(ctx, ids[j], REDISMODULE_NODE_ID_LEN);
    }
    RedisModule_FreeClusterNodesList(ids);
    return REDISMODULE_OK;
}

/* Dictionary keys used with their length. */
static RedisModuleDict *Keyspace;

int DictList(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModuleDictIter *iter = RedisModule_DictIteratorStartC(Keyspace, "^", NULL, 0);
    char *key;
    size_t keylen;
    long long n = 0;
    RedisModule_ReplyWithArray(ctx, REDISMODULE_POSTPONED_LEN);
    while ((key = RedisModule_DictNextC(iter, &keylen, NULL)) != NULL) {
        if (keylen == 6 && strncasecmp(key, "hidden", keylen) == 0)
            continue;
        RedisModule_ReplyWithStringBuffer(ctx, key, keylen);
        n++;
    }
    RedisModule_ReplySetArrayLength(ctx, n);
    RedisModule_DictIteratorStop(iter);
    return REDISMODULE_OK;
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "good", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    Keyspace = RedisModule_CreateDict(ctx);
    RedisModuleTypeMethods tm = {.version = REDISMODULE_TYPE_METHOD_VERSION, .rdb_load = ObjLoad, .rdb_save = ObjSave};
    if (RedisModule_CreateDataType(ctx, "goodtype1", 0, &tm) == NULL)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "greet", Greet, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "incr", Incr, "write deny-oom", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "bounded", Bounded, "write", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "copy", Copy, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "terminate", Terminate, "write", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "reassigned", Reassigned, "readonly", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "escapes", Escapes, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "nodes", Nodes, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "dict.list", DictList, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
