/* Buffers returned as pointer + length used as C strings. */
#include "redismodule.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The module guide's COUNTER.INCR: sscanf on a StringDMA pointer. */
int CounterIncr(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
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
        if (str == NULL || sscanf(str, "%lld", &value) != 1) /* want `command "counter.incr": sscanf\(\) parses .str. as a NUL-terminated C string, but it comes from RedisModule_StringDMA.*RedisModule_StringToLongLong\(RedisModule_CreateString\(ctx, str, len\), &value\)` */
            return RedisModule_ReplyWithError(ctx, "ERR value is not an integer");
    }
    RedisModule_StringSet(key, RedisModule_CreateStringFromLongLong(ctx, value + 1));
    return RedisModule_ReplyWithLongLong(ctx, value + 1);
}

/* Through an alias and a cast, then into a reply that takes a C string. */
int Echo(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    if (RedisModule_KeyType(key) != REDISMODULE_KEYTYPE_STRING) {
        RedisModule_CloseKey(key);
        return RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
    }
    size_t vlen;
    char *s = RedisModule_StringDMA(key, &vlen, REDISMODULE_READ);
    const char *p = (const char *)s;
    RedisModule_ReplyWithSimpleString(ctx, p); /* want `command "echo": RedisModule_ReplyWithSimpleString\(\) reads .p.*RedisModule_ReplyWithStringBuffer\(ctx, p, vlen\)` */
    RedisModule_CloseKey(key);
    return REDISMODULE_OK;
}

/* Call replies: strlen, strcmp, printf-style %s, RedisModule_Call "c". */
int Reply(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModule_AutoMemory(ctx);
    RedisModuleCallReply *r = RedisModule_Call(ctx, "GET", "c", "config");
    if (RedisModule_CallReplyType(r) != REDISMODULE_REPLY_STRING)
        return RedisModule_ReplyWithError(ctx, "ERR no config");
    size_t n;
    const char *v = RedisModule_CallReplyStringPtr(r, &n);
    size_t l = strlen(v); /* want `strlen\(\) reads .v.*use the length \(n\) instead of strlen\(\)` */
    if (strcmp(v, "off") == 0) /* want `strcmp\(\) reads .v.*memcmp\(v, other, n\)` */
        return RedisModule_ReplyWithLongLong(ctx, 0);
    RedisModule_Log(ctx, "notice", "config %d/%zu: %s", 1, l, v); /* want `the %s conversion of RedisModule_Log\(\) reads .v.*"%\.\*s" and \(int\)n, v` */
    RedisModuleCallReply *r2 = RedisModule_Call(ctx, "GET", "c", v); /* want `the "c" format of RedisModule_Call\(\) reads .v.*"b" format` */
    REDISMODULE_NOT_USED(r2);
    RedisModuleString *msg = RedisModule_CreateStringPrintf(ctx, "%-*s|%s", 10, "x", v); /* want `the %s conversion of RedisModule_CreateStringPrintf\(\)` */
    return RedisModule_ReplyWithString(ctx, msg);
}

/* The result used directly; the length was not even requested. */
int Direct(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModuleCallReply *r = RedisModule_Call(ctx, "PING", "");
    if (RedisModule_CallReplyType(r) == REDISMODULE_REPLY_ERROR) {
        RedisModule_ReplyWithError(ctx, RedisModule_CallReplyStringPtr(r, NULL)); /* want `RedisModule_ReplyWithError\(\) reads the result of RedisModule_CallReplyStringPtr .*it is a pointer and a length.*ReplyWithErrorFormat.*pass a size_t \* instead of NULL` */
        RedisModule_FreeCallReply(r);
        return REDISMODULE_OK;
    }
    RedisModule_FreeCallReply(r);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* A macro around RedisModule_Log. */
#define LOG_VALUE(ctx, what) RedisModule_Log(ctx, "warning", "value: %s", what)

/* Big numbers, verbatim strings and raw protocol. */
int Resp3(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModule_AutoMemory(ctx);
    RedisModuleCallReply *r = RedisModule_Call(ctx, "DEBUG", "3cc", "PROTOCOL", "bignum");
    size_t len;
    const char *big = RedisModule_CallReplyBigNumber(r, &len);
    if (big == NULL)
        return RedisModule_ReplyWithError(ctx, "ERR not a big number");
    double d = strtod(big, NULL); /* want `strtod\(\) parses .big.*RedisModule_StringToDouble` */
    const char *format;
    const char *verb = RedisModule_CallReplyVerbatim(r, &len, &format);
    if (verb) LOG_VALUE(ctx, verb); /* want `RedisModule_Log\(\) reads .verb.` */
    const char *proto = RedisModule_CallReplyProto(r, &len);
    char *copy = strdup(proto); /* want `strdup\(\) reads .proto.*copy it with its length` */
    free(copy);
    return RedisModule_ReplyWithDouble(ctx, d);
}

/* Pointer arithmetic and ?: keep pointing into the buffer. */
int Arith(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModuleCallReply *r = RedisModule_Call(ctx, "GET", "c", "k");
    size_t len = 0;
    const char *s = RedisModule_CallReplyStringPtr(r, &len);
    long v = 0;
    if (len > 1)
        v = atol(s + 1); /* want `atol\(\) parses .s \+ 1.` */
    const char *t = s ? s : "";
    char *colon = strchr(t, ':'); /* want `strchr\(\) reads .t.*memchr\(t, c, len\)` */
    REDISMODULE_NOT_USED(colon);
    s++;
    printf("%s\n", s); /* want `the %s conversion of printf\(\) reads .s.` */
    RedisModule_FreeCallReply(r);
    return RedisModule_ReplyWithLongLong(ctx, v);
}

/* Dictionary keys in a loop. */
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
        if (strcasecmp(key, "hidden") == 0) /* want `strcasecmp\(\) reads .key.*DictNextC.*strncasecmp\(key, other, keylen\)` */
            continue;
        RedisModule_ReplyWithCString(ctx, key); /* want `RedisModule_ReplyWithCString\(\) reads .key.` */
        n++;
    }
    RedisModule_ReplySetArrayLength(ctx, n);
    RedisModule_DictIteratorStop(iter);
    return REDISMODULE_OK;
}

/* RDB loading: LoadStringBuffer is not terminated either. */
typedef struct { long long n; } Obj;

void *ObjLoad(RedisModuleIO *rdb, int encver) {
    REDISMODULE_NOT_USED(encver);
    size_t len;
    char *buf = RedisModule_LoadStringBuffer(rdb, &len);
    if (buf == NULL) return NULL;
    Obj *o = RedisModule_Alloc(sizeof(*o));
    o->n = atoll(buf); /* want `atoll\(\) parses .buf.*LoadStringBuffer` */
    RedisModule_Free(buf);
    return o;
}

/* Cluster node ids have a fixed length and no NUL. */
int Nodes(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    size_t numnodes;
    char **ids = RedisModule_GetClusterNodesList(ctx, &numnodes);
    if (ids == NULL) return RedisModule_ReplyWithError(ctx, "ERR no cluster");
    for (size_t j = 0; j < numnodes; j++)
        RedisModule_Log(ctx, "notice", "node %s", ids[j]); /* want `reads .ids\[j\]. .*REDISMODULE_NODE_ID_LEN` */
    const char *me = RedisModule_GetMyClusterID();
    if (me && strcmp(me, ids[0]) == 0) { /* want `strcmp\(\) reads .me.*GetMyClusterID` `strcmp\(\) reads .ids\[0\].` */
        RedisModule_FreeClusterNodesList(ids);
        return RedisModule_ReplyWithSimpleString(ctx, "first");
    }
    RedisModule_FreeClusterNodesList(ids);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "bad", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    Keyspace = RedisModule_CreateDict(ctx);
    if (RedisModule_CreateCommand(ctx, "counter.incr", CounterIncr, "write deny-oom", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "echo", Echo, "readonly", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "reply", Reply, "write", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "direct", Direct, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "resp3", Resp3, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "arith", Arith, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "dict.list", DictList, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "nodes", Nodes, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
