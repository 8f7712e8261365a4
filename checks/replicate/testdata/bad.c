#include "redismodule.h"

/* Writes and never replicates. */
int Set(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3)
        return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    RedisModule_StringSet(key, argv[2]); /* want `command "r.set" changes the dataset here \(RedisModule_StringSet\) and can return without propagating the change` */
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* Replicates on one path only. */
int Push(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 3)
        return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    for (int i = 2; i < argc; i++)
        RedisModule_ListPush(key, REDISMODULE_LIST_TAIL, argv[i]); /* want `command "r.push" changes the dataset here \(RedisModule_ListPush\)` */
    RedisModule_CloseKey(key);
    if (argc > 3)
        RedisModule_ReplicateVerbatim(ctx);
    return RedisModule_ReplyWithLongLong(ctx, argc - 2);
}

/* A core write command called without "!". */
int Incr(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    RedisModuleCallReply *r = RedisModule_Call(ctx, "INCR", "s", argv[1]); /* want `command "r.incr" changes the dataset here \(RedisModule_Call\("INCR"\)\).*add "!" to the RedisModule_Call format` */
    RedisModule_ReplyWithCallReply(ctx, r);
    RedisModule_FreeCallReply(r);
    return REDISMODULE_OK;
}

/* Propagated twice. */
int Twice(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3)
        return RedisModule_WrongArity(ctx);
    RedisModuleCallReply *r = RedisModule_Call(ctx, "SET", "!ss", argv[1], argv[2]);
    RedisModule_FreeCallReply(r);
    RedisModule_ReplicateVerbatim(ctx); /* want `command "r.twice" propagates the change twice` */
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

static void store(RedisModuleCtx *ctx, RedisModuleString *k, RedisModuleString *v) {
    RedisModuleKey *key = RedisModule_OpenKey(ctx, k, REDISMODULE_WRITE);
    RedisModule_StringSet(key, v);
    RedisModule_CloseKey(key);
}

/* The write happens in a helper. */
int ViaHelper(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3)
        return RedisModule_WrongArity(ctx);
    store(ctx, argv[1], argv[2]); /* want `command "r.helper" changes the dataset here \(RedisModule_StringSet\)` */
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* Two loops that each declare i: what the first loop learnt about its i
 * says nothing about the second one's, whose body runs. */
int TwoLoops(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    size_t len;
    const char *s = RedisModule_StringPtrLen(argv[2], &len);
    long n = 0;
    (void)argc;
    for (size_t i = 0; i < len; i++)
        n += s[i] == 'x';
    for (size_t i = 0; i < len; i++)
        RedisModule_ListPush(key, REDISMODULE_LIST_TAIL, argv[2]); /* want `command "r.loops" changes the dataset here \(RedisModule_ListPush\)` */
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithLongLong(ctx, n);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "r", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModule_CreateCommand(ctx, "r.set", Set, "write deny-oom", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "r.push", Push, "write deny-oom", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "r.incr", Incr, "write deny-oom", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "r.twice", Twice, "write deny-oom", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "r.helper", ViaHelper, "write deny-oom", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "r.loops", TwoLoops, "write deny-oom", 1, 1, 1);
    return REDISMODULE_OK;
}
