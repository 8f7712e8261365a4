#include "redismodule.h"
#include <stdio.h>

int Sum(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    long long a, b = 0;
    double d;
    if (argc != 4) return RedisModule_WrongArity(ctx);
    RedisModule_StringToLongLong(argv[1], &a); /* want `^command "parse.sum": the result of RedisModule_StringToLongLong is ignored but a is read afterwards: when argv\[1\] does not parse, it returns REDISMODULE_ERR and leaves a uninitialised; write if` */
    RedisModule_StringToLongLong(argv[2], &b); /* want `the result of RedisModule_StringToLongLong is ignored but b is read afterwards: .*b silently keeps its previous value` */
    (void)RedisModule_StringToDouble(argv[3], &d); /* want `the result of RedisModule_StringToDouble is ignored but d is read afterwards` */
    return RedisModule_ReplyWithDouble(ctx, (double)(a + b) + d);
}

/* A helper parsing a string it is given. */
static long long parseOr(RedisModuleString *s, long long def) {
    long long v = def;
    RedisModule_StringToLongLong(s, &v); /* want `the result of RedisModule_StringToLongLong is ignored but v is read afterwards: when s does not parse, it returns REDISMODULE_ERR and v silently keeps its previous value; test the result` */
    return v;
}

int Loop(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    long long total = 0;
    unsigned long long u;
    RedisModuleStreamID id;
    for (int i = 1; i < argc; i++) {
        long long x;
        RedisModule_StringToLongLong(argv[i], &x); /* want `the result of RedisModule_StringToLongLong is ignored but x is read afterwards` */
        total += x;
    }
    RedisModule_StringToULongLong(argv[1], &u); /* want `the result of RedisModule_StringToULongLong is ignored but u is read afterwards` */
    if (argc > 2) {
        RedisModule_StringToStreamID(argv[2], &id); /* want `the result of RedisModule_StringToStreamID is ignored but id is read afterwards` */
        printf("%llu\n", (unsigned long long)id.ms);
    }
    total += parseOr(argv[1], 3);
    return RedisModule_ReplyWithLongLong(ctx, total + (long long)u);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_Init(ctx, "parse", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    long long verbose = 0;
    if (argc > 0)
        RedisModule_StringToLongLong(argv[0], &verbose); /* want `the result of RedisModule_StringToLongLong is ignored but verbose is read afterwards: when argv\[0\] does not parse, it returns REDISMODULE_ERR and verbose silently keeps its previous value; write if \(RedisModule_StringToLongLong\(\.\.\., &verbose\) != REDISMODULE_OK\) return REDISMODULE_ERR;$` */
    if (verbose) RedisModule_Log(ctx, "notice", "verbose");
    if (RedisModule_CreateCommand(ctx, "parse.sum", Sum, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "parse.loop", Loop, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
