#include "redismodule.h"

#define NO_STEP 0
#define KEYS_BAD 1, 1, 0

enum { FIRST_NEG = -1 };

static const int backwards = -1;

static int Cmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "triplebad", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;

    /* The bug of Redis's own hellodict.c. */
    if (RedisModule_CreateCommand(ctx, "t.step0", Cmd, "write deny-oom", 1, 1, 0) == REDISMODULE_ERR) /* want `command "t.step0": keystep is 0 with firstkey 1 \(1, 1, 0\).*crashes.*use keystep 1` */
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "t.step0var", Cmd, "readonly", 1, -1, NO_STEP) == REDISMODULE_ERR) /* want `command "t.step0var": keystep is 0 with firstkey 1 \(1, -1, 0\)` */
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "t.macro", Cmd, "readonly", KEYS_BAD) == REDISMODULE_ERR) /* want `command "t.macro": keystep is 0` */
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "t.stepneg", Cmd, "readonly", 1, 3, backwards) == REDISMODULE_ERR) /* want `command "t.stepneg": keystep is -1 with firstkey 1.*at least 1` */
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "t.firstneg", Cmd, "readonly", -1, -1, 1) == REDISMODULE_ERR) /* want `command "t.firstneg": firstkey is -1 \(-1, -1, 1\).*argv\[-1\].*out-of-bounds` */
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "t.firstenum", Cmd, "readonly", FIRST_NEG, 1, 1) == REDISMODULE_ERR) /* want `command "t.firstenum": firstkey is -1` */
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "t.nofirst", Cmd, "readonly", 0, 1, 1) == REDISMODULE_ERR) /* want `command "t.nofirst": lastkey is 1 but firstkey is 0 \(0, 1, 1\).*no keys.*e\.g\. 1, 1, 1` */
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "t.nofirstvar", Cmd, "readonly", 0, -1, 1) == REDISMODULE_ERR) /* want `command "t.nofirstvar": lastkey is -1 but firstkey is 0` */
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "t.below", Cmd, "readonly", 2, 1, 1) == REDISMODULE_ERR) /* want `command "t.below": lastkey 1 is below firstkey 2 \(2, 1, 1\).*since Redis 7.0.*every argument from 2 to the last.*before 7.0.*no keys` */
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "t.last0", Cmd, "readonly", 1, 0, 1) == REDISMODULE_ERR) /* want `command "t.last0": lastkey is 0 \(1, 0, 1\).*write lastkey 1 for a single key` */
        return REDISMODULE_ERR;
    /* Two problems in one triple: both arguments are reported. */
    if (RedisModule_CreateCommand(ctx, "t.both", Cmd, "readonly", 3, 2, 0) == REDISMODULE_ERR) /* want `command "t.both": keystep is 0` `command "t.both": lastkey 2 is below firstkey 3` */
        return REDISMODULE_ERR;

    if (RedisModule_CreateCommand(ctx, "t.parent", NULL, "", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModuleCommand *parent = RedisModule_GetCommand(ctx, "t.parent");
    if (parent == NULL)
        return REDISMODULE_ERR;
    if (RedisModule_CreateSubcommand(parent, "sub", Cmd, "readonly", 1, 1, 0) == REDISMODULE_ERR) /* want `command "sub": keystep is 0` */
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
