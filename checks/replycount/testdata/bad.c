#include "redismodule.h"
#include <string.h>

/* The module guide's HELLO.GREET: two replies. */
int HelloGreet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) {
        return RedisModule_WrongArity(ctx);
    }
    RedisModule_ReplyWithSimpleString(ctx, "Hello, ");
    return RedisModule_ReplyWithString(ctx, argv[1]); /* want `command "bad.greet" sends a second reply here on a path that already replied` */
}

/* An error reply without return. */
int NoReturn(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    if (argc != 2)
        RedisModule_WrongArity(ctx);
    return RedisModule_ReplyWithLongLong(ctx, argc); /* want `command "bad.noreturn" sends a second reply` */
}

/* return REDISMODULE_ERR sends nothing. */
int ErrNoReply(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    long long v;
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    if (RedisModule_StringToLongLong(argv[1], &v) != REDISMODULE_OK)
        return REDISMODULE_ERR; /* want `command "bad.errnoreply" returns REDISMODULE_ERR without sending a reply` */
    return RedisModule_ReplyWithLongLong(ctx, v);
}

/* An early OK without a reply. */
int EarlyOK(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    if (argc > 5)
        return REDISMODULE_OK; /* want `command "bad.earlyok" can return without sending any reply` */
    return RedisModule_ReplyWithNull(ctx);
}

/* One reply per loop iteration, with no array around them. */
int LoopReplies(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    for (int i = 1; i < argc; i++)
        RedisModule_ReplyWithString(ctx, argv[i]); /* want `command "bad.loop" sends a second reply` */
    return REDISMODULE_OK; /* want `command "bad.loop" can return without sending any reply` */
}

/* Three elements announced, two sent. */
int ShortArray(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    RedisModule_ReplyWithArray(ctx, 3); /* want `announces an aggregate of 3 elements but sends only 2` */
    RedisModule_ReplyWithLongLong(ctx, argc);
    RedisModule_ReplyWithLongLong(ctx, argc * 2);
    return REDISMODULE_OK;
}

/* A postponed array left open on the error path. */
int Postponed(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    long n = 0;
    RedisModule_ReplyWithArray(ctx, REDISMODULE_POSTPONED_LEN); /* want `opens an array with REDISMODULE_POSTPONED_LEN and can return without closing it` */
    for (int i = 1; i < argc; i++) {
        if (RedisModule_StringPtrLen(argv[i], NULL)[0] == '!')
            return REDISMODULE_OK;
        RedisModule_ReplyWithString(ctx, argv[i]);
        n++;
    }
    RedisModule_ReplySetArrayLength(ctx, n);
    return REDISMODULE_OK;
}

static void replyBad(RedisModuleCtx *ctx, const char *what) {
    RedisModule_ReplyWithError(ctx, what);
}

/* A helper replied already. */
int HelperThenReply(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    if (argc < 2)
        replyBad(ctx, "ERR need an argument");
    return RedisModule_ReplyWithSimpleString(ctx, "OK"); /* want `sends a second reply here` */
}

/* Falls off the end of a path without a reply. */
int Switch(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    switch (argc) {
    case 1:
        return RedisModule_ReplyWithLongLong(ctx, 1);
    case 2:
        RedisModule_ReplyWithLongLong(ctx, 2);
        break;
    default:
        break;
    }
    return REDISMODULE_OK; /* want `command "bad.switch" can return without sending any reply` */
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "bad", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModule_CreateCommand(ctx, "bad.greet", HelloGreet, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "bad.noreturn", NoReturn, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "bad.errnoreply", ErrNoReply, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "bad.earlyok", EarlyOK, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "bad.loop", LoopReplies, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "bad.short", ShortArray, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "bad.postponed", Postponed, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "bad.helper", HelperThenReply, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "bad.switch", Switch, "readonly", 0, 0, 0);
    return REDISMODULE_OK;
}

static RedisModuleKey *openOrReply(RedisModuleCtx *ctx, RedisModuleString *name) {
    RedisModuleKey *key = RedisModule_OpenKey(ctx, name, REDISMODULE_READ);
    if (!key) {
        RedisModule_ReplyWithError(ctx, "ERR no such key");
        return NULL;
    }
    return key;
}

/* The helper already replied when it returns NULL. */
int DoubleOnNull(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = openOrReply(ctx, argv[1]);
    if (!key)
        return RedisModule_ReplyWithError(ctx, "ERR key not exists"); /* want `command "bad.doublenull" sends a second reply here` */
    RedisModule_ReplyWithLongLong(ctx, RedisModule_KeyType(key));
    RedisModule_CloseKey(key);
    return REDISMODULE_OK;
}

int RegisterMore(RedisModuleCtx *ctx) {
    return RedisModule_CreateCommand(ctx, "bad.doublenull", DoubleOnNull, "readonly", 1, 1, 1);
}
