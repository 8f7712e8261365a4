#include "redismodule.h"
#include <string.h>

#define CMD_FLAGS "write deny-oom"
static const char *ro_flags = "readonly fast";
static const char rw_flags[] = "write";

static int Cmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithNull(ctx);
}

/* Flags decided at run time are not judged. */
static int reg(RedisModuleCtx *ctx, const char *name, const char *flags) {
    return RedisModule_CreateCommand(ctx, name, Cmd, flags, 1, 1, 1);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_Init(ctx, "flagsgood", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    const char *dyn = "write,deny-oom"; /* reassigned below: not a constant */
    if (argc == 0 || strcmp(RedisModule_StringPtrLen(argv[0], NULL), "rw") != 0)
        dyn = "readonly";

    if (RedisModule_CreateCommand(ctx, "g.rw", Cmd, "write deny-oom", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.case", Cmd, "WRITE Deny-OOM", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.macro", Cmd, CMD_FLAGS, 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.ptr", Cmd, ro_flags, 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.arr", Cmd, rw_flags, 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.empty", Cmd, "", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.null", Cmd, NULL, 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.dyn", Cmd, dyn, 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    /* Newer flags are fine at the default target (the newest release). */
    if (RedisModule_CreateCommand(ctx, "g.block", Cmd, "readonly blocking allow-busy no-mandatory-keys", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.all", Cmd,
            "write admin deny-oom deny-script allow-loading pubsub random allow-stale no-monitor no-slowlog fast no-auth may-replicate getkeys-api getchannels-api no-cluster",
            0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (reg(ctx, "g.helper", "readonly") == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.parent", NULL, "", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModuleCommand *parent = RedisModule_GetCommand(ctx, "g.parent");
    if (RedisModule_CreateSubcommand(parent, "sub", Cmd, "write deny-oom", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
