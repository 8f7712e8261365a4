#include "redismodule.h"

#define WRITE_FLAGS "write,deny-oom"

static const char *fast_flags = "readonly  fast";

static int Cmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithNull(ctx);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "flagsbad", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;

    if (RedisModule_CreateCommand(ctx, "a.comma", Cmd, "write,deny-oom", 1, 1, 1) == REDISMODULE_ERR) /* want `command "a.comma": flag string "write,deny-oom" has commas between flags.*write "write deny-oom"` */
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "a.tab", Cmd, "write\tdeny-oom", 1, 1, 1) == REDISMODULE_ERR) /* want `tabs between flags` */
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "a.double", Cmd, "write  deny-oom", 1, 1, 1) == REDISMODULE_ERR) /* want `doubled spaces` */
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "a.lead", Cmd, " write", 1, 1, 1) == REDISMODULE_ERR) /* want `leading or trailing spaces` */
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "a.typo", Cmd, "wirte deny-oom", 1, 1, 1) == REDISMODULE_ERR) /* want `unknown flag "wirte" \(did you mean "write"\?\)` */
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "a.unknown", Cmd, "readonly frobnicate", 1, 1, 1) == REDISMODULE_ERR) /* want `unknown flag "frobnicate"[^(]*$` */
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "a.macro", Cmd, WRITE_FLAGS, 1, 1, 1) == REDISMODULE_ERR) /* want `command "a.macro".*commas` */
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "a.const", Cmd, fast_flags, 1, 1, 1) == REDISMODULE_ERR) /* want `command "a.const".*doubled spaces` */
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "a.both", Cmd, "readonly write", 1, 1, 1) == REDISMODULE_ERR) /* want `both "readonly" and "write"` */
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "a.parent", NULL, "", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModuleCommand *parent = RedisModule_GetCommand(ctx, "a.parent");
    if (RedisModule_CreateSubcommand(parent, "sub", Cmd, "write deny_oom", 1, 1, 1) == REDISMODULE_ERR) /* want `command "sub": .*unknown flag "deny_oom" \(did you mean "deny-oom"\?\).*RedisModule_CreateSubcommand` */
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
