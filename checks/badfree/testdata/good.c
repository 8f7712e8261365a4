#include "redismodule.h"
#include <stdlib.h>
#include <string.h>

static RedisModuleString *kept;

/* Retained argv strings are the module's to free later. */
int Keep(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    if (kept)
        RedisModule_FreeString(NULL, kept);
    RedisModule_RetainString(NULL, argv[1]);
    kept = argv[1];
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* Set to NULL after freeing, freed once on every path. */
int Once(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    RedisModuleString *s = RedisModule_CreateStringFromLongLong(ctx, argc);
    if (argc > 3) {
        RedisModule_FreeString(ctx, s);
        s = NULL;
    }
    if (s)
        RedisModule_FreeString(ctx, s);
    return RedisModule_ReplyWithNull(ctx);
}

/* The NULL check comes first. */
int CallChecked(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2)
        return RedisModule_WrongArity(ctx);
    RedisModuleCallReply *r = RedisModule_Call(ctx, "GET", "s", argv[1]);
    if (!r)
        return RedisModule_ReplyWithError(ctx, "ERR call failed");
    RedisModule_ReplyWithCallReply(ctx, r);
    RedisModule_FreeCallReply(r);
    return REDISMODULE_OK;
}

/* Plain malloc with free, RedisModule_Alloc with RedisModule_Free. */
int Allocators(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    char *a = malloc(8);
    char *b = RedisModule_Alloc(8);
    memset(a, 0, 8);
    memset(b, 0, 8);
    free(a);
    RedisModule_Free(b);
    return RedisModule_ReplyWithLongLong(ctx, argc);
}

/* A loop that frees what it creates in each iteration. */
int Loop(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModule_ReplyWithArray(ctx, argc - 1);
    for (int i = 1; i < argc; i++) {
        RedisModuleString *s = RedisModule_CreateStringFromString(ctx, argv[i]);
        RedisModule_ReplyWithString(ctx, s);
        RedisModule_FreeString(ctx, s);
    }
    return REDISMODULE_OK;
}

/* Freeing under AutoMemory is allowed. */
int AutoFree(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    RedisModule_AutoMemory(ctx);
    RedisModuleString *s = RedisModule_CreateStringFromLongLong(ctx, argc);
    RedisModule_ReplyWithString(ctx, s);
    RedisModule_FreeString(ctx, s);
    return REDISMODULE_OK;
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "bfgood", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModule_CreateCommand(ctx, "g.keep", Keep, "write", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "g.once", Once, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "g.call", CallChecked, "readonly", 1, 1, 1);
    RedisModule_CreateCommand(ctx, "g.alloc", Allocators, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "g.loop", Loop, "readonly", 0, 0, 0);
    RedisModule_CreateCommand(ctx, "g.autofree", AutoFree, "readonly", 0, 0, 0);
    return REDISMODULE_OK;
}
