#include "redismodule.h"
#include <stdlib.h>

int FreeArgv(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    RedisModule_ReplyWithString(ctx, argv[1]);
    RedisModule_FreeString(ctx, argv[1]); /* want `command "bf.argv": RedisModule_FreeString releases an argv string, which belongs to Redis` */
    return REDISMODULE_OK;
}

int Double(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    RedisModuleString *s = RedisModule_CreateStringFromLongLong(ctx, argc);
    RedisModule_ReplyWithString(ctx, s);
    RedisModule_FreeString(ctx, s);
    if (argc > 2)
        RedisModule_FreeString(ctx, s); /* want `RedisModule_FreeString releases the string from RedisModule_CreateStringFromLongLong a second time` */
    return REDISMODULE_OK;
}

int UseAfter(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithLongLong(ctx, RedisModule_KeyType(key)); /* want `RedisModule_KeyType uses the key from RedisModule_OpenKey after it was released` */
}

int Mismatch(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    RedisModuleString *s = RedisModule_CreateString(ctx, "abc", 3);
    char *m = RedisModule_Alloc(16);
    RedisModule_Free(s); /* want `the string from RedisModule_CreateString is released with RedisModule_Free` */
    free(m); /* want `the memory from RedisModule_Alloc is released with free` */
    return RedisModule_ReplyWithLongLong(ctx, argc);
}

int CallNull(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    /* "C": runs as the client's user, so ACLs can refuse it: NULL. */
    RedisModuleCallReply *r = RedisModule_Call(ctx, "GET", "Cs", argv[1]);
    RedisModule_FreeCallReply(r); /* want `RedisModule_FreeCallReply can receive NULL here \(RedisModule_Call returns NULL on failure\)` */
    RedisModuleKey *k = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    RedisModule_ReplyWithLongLong(ctx, RedisModule_KeyType(k));
    RedisModule_CloseKey(k);
    return REDISMODULE_OK;
}

static void release(RedisModuleCtx *ctx, RedisModuleString *s) {
    RedisModule_FreeString(ctx, s);
}

int HelperDouble(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    RedisModuleString *s = RedisModule_CreateStringFromLongLong(ctx, argc);
    release(ctx, s);
    RedisModule_FreeString(ctx, s); /* want `releases the string from RedisModule_CreateStringFromLongLong a second time` */
    return RedisModule_ReplyWithNull(ctx);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "bf", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModule_CreateCommand(ctx, "bf.argv", FreeArgv, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "bf.double", Double, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "bf.useafter", UseAfter, "write", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "bf.mismatch", Mismatch, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "bf.callnull", CallNull, "readonly", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "bf.helper", HelperDouble, "readonly", 0, 0, 0);
    return REDISMODULE_OK;
}
