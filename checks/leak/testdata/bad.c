#include "redismodule.h"
#include <string.h>

/* The module guide's HELLO.GREET: a Strdup handed to a copying reply. */
int Greet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    RedisModule_ReplyWithSimpleString(ctx, RedisModule_Strdup("Hello, ")); /* want `command "leak.greet": the memory from RedisModule_Strdup is passed straight to RedisModule_ReplyWithSimpleString, which copies it` */
    return RedisModule_ReplyWithString(ctx, argv[1]);
}

/* A key left open on the error path. */
int KeyLeak(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE); /* want `command "leak.key": the key from RedisModule_OpenKey is not released on a path that returns here; call RedisModule_CloseKey` */
    if (RedisModule_KeyType(key) == REDISMODULE_KEYTYPE_MODULE)
        return RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
    RedisModule_ReplyWithLongLong(ctx, (long long)RedisModule_ValueLength(key));
    RedisModule_CloseKey(key);
    return REDISMODULE_OK;
}

/* A string created and never freed. */
int StringLeak(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    RedisModuleString *s = RedisModule_CreateStringFromLongLong(ctx, argc); /* want `the string from RedisModule_CreateStringFromLongLong is not released` */
    return RedisModule_ReplyWithString(ctx, s);
}

/* A call reply not freed when the type is wrong. */
int CallLeak(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    RedisModuleCallReply *r = RedisModule_Call(ctx, "GET", "s", argv[1]); /* want `the call reply from RedisModule_Call is not released` */
    if (RedisModule_CallReplyType(r) != REDISMODULE_REPLY_STRING)
        return RedisModule_ReplyWithNull(ctx);
    RedisModule_ReplyWithCallReply(ctx, r);
    RedisModule_FreeCallReply(r);
    return REDISMODULE_OK;
}

/* AutoMemory does not release RedisModule_Alloc memory or iterators. */
int AutoNotEnough(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    RedisModule_AutoMemory(ctx);
    char *buf = RedisModule_Alloc(64); /* want `the memory from RedisModule_Alloc is not released.*RedisModule_AutoMemory does not release this kind` */
    RedisModuleDict *d = RedisModule_CreateDict(ctx);
    RedisModuleDictIter *it = RedisModule_DictIteratorStartC(d, "^", NULL, 0); /* want `the dict iterator from RedisModule_DictIteratorStartC is not released.*call RedisModule_DictIteratorStop` */
    buf[0] = 0;
    return RedisModule_ReplyWithLongLong(ctx, argc);
}

/* Overwritten in a loop. */
int Overwrite(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModuleString *s = NULL;
    for (int i = 1; i < argc; i++) {
        s = RedisModule_CreateStringFromString(ctx, argv[i]); /* want `is overwritten before it is released` */
        RedisModule_ReplyWithString(ctx, s);
    }
    if (s) RedisModule_FreeString(ctx, s);
    return REDISMODULE_OK;
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "leak", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModule_CreateCommand(ctx, "leak.greet", Greet, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "leak.key", KeyLeak, "write", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "leak.string", StringLeak, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "leak.call", CallLeak, "readonly", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "leak.auto", AutoNotEnough, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "leak.overwrite", Overwrite, "readonly", 0, 0, 0);
    return REDISMODULE_OK;
}
