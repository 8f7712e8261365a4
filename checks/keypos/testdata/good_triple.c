#include "redismodule.h"

#define KEYS_ONE 1, 1, 1
#define FIRST 1
#define LAST -1
#define STEP 1

enum { PAIRS = 2 };

static const int first_key = 3;

static int Cmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

static int step_at_runtime(void) { return 1; }

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    if (RedisModule_Init(ctx, "triplegood", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;

    if (RedisModule_CreateCommand(ctx, "g.none", Cmd, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.one", Cmd, "readonly", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.two", Cmd, "readonly", 1, 2, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.all", Cmd, "readonly", 1, -1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.pairs", Cmd, "write", 1, -1, 2) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.range", Cmd, "readonly", 2, 4, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.tail", Cmd, "readonly", 3, -1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.allbutlast", Cmd, "readonly", 1, -2, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.macro", Cmd, "readonly", KEYS_ONE) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.macros", Cmd, "readonly", FIRST, LAST, STEP) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.enum", Cmd, "write", 1, -1, PAIRS) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.const", Cmd, "readonly", first_key, -1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    /* Not constant: nothing to judge. */
    if (RedisModule_CreateCommand(ctx, "g.runtime", Cmd, "readonly", 1, 1, step_at_runtime()) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.argc", Cmd, "readonly", 1, argc, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    /* keystep set while there are no keys: ignored by Redis, harmless. */
    if (RedisModule_CreateCommand(ctx, "g.nokeysstep", Cmd, "readonly", 0, 0, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
