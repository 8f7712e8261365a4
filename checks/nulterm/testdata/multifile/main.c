/* A module whose parsing helper lives in parse.c. */
#include "redismodule.h"

long long parse_ll(const char *s);
long long parse_ll_len(RedisModuleCtx *ctx, const char *s, size_t len);

int Load(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModule_AutoMemory(ctx);
    RedisModuleCallReply *r = RedisModule_Call(ctx, "GET", "s", argv[1]);
    size_t len;
    const char *s = RedisModule_CallReplyStringPtr(r, &len);
    if (s == NULL) return RedisModule_ReplyWithNull(ctx);
    long long good = parse_ll_len(ctx, s, len);
    long long bad = parse_ll(s); /* want `command "mf.load": .s. is passed to parse_ll\(\), which reads its parameter s as a C string with atoll\(\)` */
    return RedisModule_ReplyWithLongLong(ctx, good + bad);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "multifile", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "mf.load", Load, "readonly", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
