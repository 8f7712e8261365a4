#include "redismodule.h"

#define FIRST_KEY 1

/* Fixed keys at 1 and 2 (read, then write). */
static int Copy(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3) return RedisModule_WrongArity(ctx);
    RedisModule_AutoMemory(ctx);
    RedisModuleKey *src = RedisModule_OpenKey(ctx, argv[FIRST_KEY], REDISMODULE_READ);
    RedisModuleKey *dst = RedisModule_OpenKey(ctx, argv[2], REDISMODULE_WRITE);
    REDISMODULE_NOT_USED(src);
    REDISMODULE_NOT_USED(dst);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* Every argument from 1 is a key. */
static int Mget(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 2) return RedisModule_WrongArity(ctx);
    RedisModule_ReplyWithArray(ctx, argc - 1);
    for (int j = 1; j < argc; j++) {
        RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[j], REDISMODULE_READ);
        RedisModule_ReplyWithLongLong(ctx, RedisModule_KeyType(key));
        RedisModule_CloseKey(key);
    }
    return REDISMODULE_OK;
}

/* Key/value pairs: keys at 1, 3, 5, ... (the loop variable starts at 0). */
static int Mset(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    int i;
    if (argc < 3 || argc % 2 == 0) return RedisModule_WrongArity(ctx);
    for (i = 0; i + 1 < argc; i += 2) {
        RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[i + 1], REDISMODULE_WRITE);
        RedisModule_StringSet(key, argv[i + 2]);
        RedisModule_CloseKey(key);
    }
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* The key is opened in a helper that receives argv. */
static int exists_at(RedisModuleCtx *ctx, RedisModuleString **args, int n) {
    REDISMODULE_NOT_USED(n);
    return RedisModule_KeyExists(ctx, args[2]);
}

static int Exists(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3) return RedisModule_WrongArity(ctx);
    return RedisModule_ReplyWithLongLong(ctx, exists_at(ctx, argv, argc));
}

/* A key name the module builds itself. */
static int Counter(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModuleString *name = RedisModule_CreateString(ctx, "counter", 7);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, name, REDISMODULE_READ);
    RedisModule_CloseKey(key);
    RedisModule_FreeString(ctx, name);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* Shifted argv: positions are not command positions. */
static int Shifted(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    argv++;
    argc--;
    if (argc < 1) return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[0], REDISMODULE_READ);
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "keymodel", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "km.copy", Copy, "write", 1, 2, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "km.mget", Mget, "readonly", 1, -1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "km.mset", Mset, "write", 1, -1, 2) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "km.exists", Exists, "readonly", 2, 2, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "km.counter", Counter, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "km.shifted", Shifted, "readonly", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "km.container", NULL, "", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
