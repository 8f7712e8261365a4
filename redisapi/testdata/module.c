/* A module that touches a broad part of the API. It is only compiled (by
 * header_test.go, against the generated header), never loaded. */
#include "redismodule.h"

#include <pthread.h>
#include <string.h>

static RedisModuleType *CounterType;
static int verbose_cfg;

typedef struct {
    long long value;
} Counter;

/* ---- data type ---- */

static void *CounterLoad(RedisModuleIO *rdb, int encver) {
    Counter *c;
    if (encver != 0) return NULL;
    c = RedisModule_Alloc(sizeof(*c));
    c->value = RedisModule_LoadSigned(rdb);
    return c;
}

static void CounterSave(RedisModuleIO *rdb, void *value) {
    RedisModule_SaveSigned(rdb, ((Counter *)value)->value);
}

static void CounterRewrite(RedisModuleIO *aof, RedisModuleString *key, void *value) {
    RedisModule_EmitAOF(aof, "CNT.SET", "sl", key, ((Counter *)value)->value);
}

static void CounterFree(void *value) { RedisModule_Free(value); }

static size_t CounterMemUsage(const void *value) {
    REDISMODULE_NOT_USED(value);
    return sizeof(Counter);
}

static void CounterDigest(RedisModuleDigest *md, void *value) {
    RedisModule_DigestAddLongLong(md, ((Counter *)value)->value);
    RedisModule_DigestEndSequence(md);
}

/* ---- commands ---- */

static int CntSet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModuleKey *key;
    Counter *c;
    long long v;

    if (argc != 3) return RedisModule_WrongArity(ctx);
    if (RedisModule_StringToLongLong(argv[2], &v) != REDISMODULE_OK)
        return RedisModule_ReplyWithError(ctx, "ERR value is not an integer");
    key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ | REDISMODULE_WRITE);
    if (RedisModule_KeyType(key) != REDISMODULE_KEYTYPE_EMPTY &&
        RedisModule_ModuleTypeGetType(key) != CounterType) {
        RedisModule_CloseKey(key);
        return RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
    }
    c = RedisModule_Alloc(sizeof(*c));
    c->value = v;
    if (RedisModule_ModuleTypeSetValue(key, CounterType, c) != REDISMODULE_OK) RedisModule_Free(c);
    RedisModule_CloseKey(key);
    RedisModule_ReplicateVerbatim(ctx);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

static int StrCmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModuleKey *key;
    size_t len;
    const char *p;
    RedisModuleString *s;

    RedisModule_AutoMemory(ctx);
    if (argc != 2) return RedisModule_WrongArity(ctx);
    key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE | REDISMODULE_OPEN_KEY_NOTOUCH);
    s = RedisModule_CreateStringPrintf(ctx, "%s-%d", "v", 42);
    RedisModule_StringSet(key, s);
    RedisModule_SetExpire(key, 1000);
    (void)RedisModule_GetExpire(key);
    p = RedisModule_StringPtrLen(s, &len);
    RedisModule_ReplyWithArray(ctx, REDISMODULE_POSTPONED_LEN);
    RedisModule_ReplyWithStringBuffer(ctx, p, len);
    RedisModule_ReplyWithMap(ctx, 1);
    RedisModule_ReplyWithCString(ctx, "k");
    RedisModule_ReplyWithDouble(ctx, 1.5);
    RedisModule_ReplyWithBool(ctx, 1);
    RedisModule_ReplyWithNull(ctx);
    RedisModule_ReplySetArrayLength(ctx, 4);
    return REDISMODULE_OK;
}

static int CallCmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModuleCallReply *reply, *el;
    const char *str;
    size_t len;

    if (argc < 2) return RedisModule_WrongArity(ctx);
    reply = RedisModule_Call(ctx, "LRANGE", "!sll3", argv[1], 0LL, -1LL);
    if (reply == NULL) return RedisModule_ReplyWithError(ctx, "ERR call failed");
    if (RedisModule_CallReplyType(reply) == REDISMODULE_REPLY_ARRAY && RedisModule_CallReplyLength(reply) > 0) {
        el = RedisModule_CallReplyArrayElement(reply, 0);
        str = RedisModule_CallReplyStringPtr(el, &len);
        if (str) RedisModule_Log(ctx, REDISMODULE_LOGLEVEL_NOTICE, "first: %.*s", (int)len, str);
    }
    RedisModule_ReplyWithCallReply(ctx, reply);
    RedisModule_FreeCallReply(reply);
    RedisModule_Replicate(ctx, "INCR", "c", "calls");
    return REDISMODULE_OK;
}

static int ZsetCmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModuleKey *key;
    int flags = REDISMODULE_ZADD_NX;
    double score;
    long n = 0;

    if (argc != 3) return RedisModule_WrongArity(ctx);
    key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    RedisModule_ZsetAdd(key, 1.0, argv[2], &flags);
    RedisModule_ZsetFirstInScoreRange(key, REDISMODULE_NEGATIVE_INFINITE, REDISMODULE_POSITIVE_INFINITE, 0, 0);
    while (!RedisModule_ZsetRangeEndReached(key)) {
        RedisModuleString *ele = RedisModule_ZsetRangeCurrentElement(key, &score);
        RedisModule_FreeString(ctx, ele);
        n++;
        RedisModule_ZsetRangeNext(key);
    }
    RedisModule_ZsetRangeStop(key);
    RedisModule_HashSet(key, REDISMODULE_HASH_CFIELDS, "f", argv[2], NULL);
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithLongLong(ctx, n);
}

/* ---- blocking and threads ---- */

static int BlockReply(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithLongLong(ctx, *(long long *)RedisModule_GetBlockedClientPrivateData(ctx));
}

static int BlockTimeout(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithNullArray(ctx);
}

static void BlockFree(RedisModuleCtx *ctx, void *privdata) {
    REDISMODULE_NOT_USED(ctx);
    RedisModule_Free(privdata);
}

static void *Worker(void *arg) {
    RedisModuleBlockedClient *bc = arg;
    RedisModuleCtx *tctx = RedisModule_GetThreadSafeContext(bc);
    long long *result = RedisModule_Alloc(sizeof(*result));
    RedisModule_ThreadSafeContextLock(tctx);
    RedisModule_Call(tctx, "PING", "");
    RedisModule_ThreadSafeContextUnlock(tctx);
    *result = 42;
    RedisModule_FreeThreadSafeContext(tctx);
    RedisModule_UnblockClient(bc, result);
    return NULL;
}

static int BlockCmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModuleBlockedClient *bc;
    pthread_t tid;
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);

    if (RedisModule_GetContextFlags(ctx) & REDISMODULE_CTX_FLAGS_DENY_BLOCKING)
        return RedisModule_ReplyWithError(ctx, "ERR cannot block here");
    bc = RedisModule_BlockClient(ctx, BlockReply, BlockTimeout, BlockFree, 1000);
    if (pthread_create(&tid, NULL, Worker, bc) != 0) {
        RedisModule_AbortBlock(bc);
        return RedisModule_ReplyWithError(ctx, "ERR no thread");
    }
    pthread_detach(tid);
    return REDISMODULE_OK;
}

/* ---- events, notifications, timers, info ---- */

static void OnFlush(RedisModuleCtx *ctx, RedisModuleEvent e, uint64_t sub, void *data) {
    RedisModuleFlushInfo *fi = data;
    REDISMODULE_NOT_USED(e);
    if (sub == REDISMODULE_SUBEVENT_FLUSHDB_START)
        RedisModule_Log(ctx, "notice", "flushing db %d", (int)fi->dbnum);
}

static void OnClient(RedisModuleCtx *ctx, RedisModuleEvent e, uint64_t sub, void *data) {
    RedisModuleClientInfo *ci = data;
    REDISMODULE_NOT_USED(ctx);
    REDISMODULE_NOT_USED(e);
    REDISMODULE_NOT_USED(sub);
    RedisModule_Assert(ci->version == REDISMODULE_CLIENTINFO_VERSION);
}

static int OnKeyspace(RedisModuleCtx *ctx, int type, const char *event, RedisModuleString *key) {
    REDISMODULE_NOT_USED(ctx);
    REDISMODULE_NOT_USED(type);
    REDISMODULE_NOT_USED(event);
    REDISMODULE_NOT_USED(key);
    return REDISMODULE_OK;
}

static void OnTimer(RedisModuleCtx *ctx, void *data) {
    REDISMODULE_NOT_USED(data);
    RedisModule_Log(ctx, "verbose", "tick");
}

static void InfoFunc(RedisModuleInfoCtx *ctx, int for_crash_report) {
    REDISMODULE_NOT_USED(for_crash_report);
    if (RedisModule_InfoAddSection(ctx, "stats") == REDISMODULE_OK)
        RedisModule_InfoAddFieldLongLong(ctx, "calls", 1);
}

/* ---- configs ---- */

static int GetVerbose(const char *name, void *privdata) {
    REDISMODULE_NOT_USED(name);
    return *(int *)privdata;
}

static int SetVerbose(const char *name, int val, void *privdata, RedisModuleString **err) {
    REDISMODULE_NOT_USED(name);
    REDISMODULE_NOT_USED(err);
    *(int *)privdata = val;
    return REDISMODULE_OK;
}

/* ---- command info ---- */

static RedisModuleCommandKeySpec cnt_keyspecs[] = {
    {.flags = REDISMODULE_CMD_KEY_RW | REDISMODULE_CMD_KEY_UPDATE,
     .begin_search_type = REDISMODULE_KSPEC_BS_INDEX,
     .bs.index.pos = 1,
     .find_keys_type = REDISMODULE_KSPEC_FK_RANGE,
     .fk.range = {0, 1, 0}},
    {0},
};

static RedisModuleCommandArg cnt_args[] = {
    {.name = "key", .type = REDISMODULE_ARG_TYPE_KEY, .key_spec_index = 0},
    {.name = "value", .type = REDISMODULE_ARG_TYPE_INTEGER, .key_spec_index = -1,
     .flags = REDISMODULE_CMD_ARG_NONE},
    {0},
};

static const RedisModuleCommandInfo cnt_info = {
    .version = REDISMODULE_COMMAND_INFO_VERSION,
    .summary = "set a counter",
    .arity = 3,
    .key_specs = cnt_keyspecs,
    .args = cnt_args,
};

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModuleTypeMethods tm = {
        .version = REDISMODULE_TYPE_METHOD_VERSION,
        .rdb_load = CounterLoad,
        .rdb_save = CounterSave,
        .aof_rewrite = CounterRewrite,
        .mem_usage = CounterMemUsage,
        .digest = CounterDigest,
        .free = CounterFree,
        .aux_save_triggers = REDISMODULE_AUX_BEFORE_RDB,
    };
    RedisModuleCommand *cmd;
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);

    if (RedisModule_Init(ctx, "rmlinttest", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    CounterType = RedisModule_CreateDataType(ctx, "rmlintcnt", 0, &tm);
    if (CounterType == NULL) return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "cnt.set", CntSet, "write deny-oom", 1, 1, 1) == REDISMODULE_ERR ||
        RedisModule_CreateCommand(ctx, "t.str", StrCmd, "write", 1, 1, 1) == REDISMODULE_ERR ||
        RedisModule_CreateCommand(ctx, "t.call", CallCmd, "write", 1, 1, 1) == REDISMODULE_ERR ||
        RedisModule_CreateCommand(ctx, "t.zset", ZsetCmd, "write", 1, 1, 1) == REDISMODULE_ERR ||
        RedisModule_CreateCommand(ctx, "t.block", BlockCmd, "readonly blocking", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    cmd = RedisModule_GetCommand(ctx, "cnt.set");
    if (cmd == NULL || RedisModule_SetCommandInfo(cmd, &cnt_info) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RMAPI_FUNC_SUPPORTED(RedisModule_SetCommandACLCategories) &&
        RedisModule_SetCommandACLCategories(cmd, "write") == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_SubscribeToServerEvent(ctx, RedisModuleEvent_FlushDB, OnFlush) == REDISMODULE_ERR ||
        RedisModule_SubscribeToServerEvent(ctx, RedisModuleEvent_ClientChange, OnClient) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModule_SubscribeToKeyspaceEvents(ctx, REDISMODULE_NOTIFY_GENERIC | REDISMODULE_NOTIFY_STRING, OnKeyspace);
    RedisModule_CreateTimer(ctx, 1000, OnTimer, NULL);
    RedisModule_RegisterInfoFunc(ctx, InfoFunc);
    if (RedisModule_RegisterBoolConfig(ctx, "verbose", 0, REDISMODULE_CONFIG_DEFAULT, GetVerbose, SetVerbose, NULL, &verbose_cfg) == REDISMODULE_ERR ||
        RedisModule_LoadConfigs(ctx) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModule_SetModuleOptions(ctx, REDISMODULE_OPTIONS_HANDLE_IO_ERRORS);
    return REDISMODULE_OK;
}
