/* The "Hello World" module of the module guide our users learn from, as the
 * guide prints it (bugs included: rmlint must find them). */
#include "redismodule.h"
#include <string.h>

/* HELLO.SIMPLE - Returns a simple greeting */
int HelloSimple_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    return RedisModule_ReplyWithSimpleString(ctx, "Hello, World!");
}

/* HELLO.GREET <name> - Greets the user by name */
int HelloGreet_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) {
        return RedisModule_WrongArity(ctx);
    }

    size_t len;
    const char *name = RedisModule_StringPtrLen(argv[1], &len);

    RedisModule_ReplyWithSimpleString(ctx, RedisModule_Strdup("Hello, "));
    return RedisModule_ReplyWithString(ctx, argv[1]);
}

/* Module initialization function */
int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_Init(ctx, "helloworld", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;

    if (RedisModule_CreateCommand(ctx, "hello.simple",
        HelloSimple_RedisCommand, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;

    if (RedisModule_CreateCommand(ctx, "hello.greet",
        HelloGreet_RedisCommand, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;

    return REDISMODULE_OK;
}
