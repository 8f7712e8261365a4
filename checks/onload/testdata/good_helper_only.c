/* A file of helpers, as a pre-commit hook passes it on its own: it has no
 * OnLoad, and that is fine. */
#include "redismodule.h"

int helper_reply(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    return RedisModule_ReplyWithLongLong(ctx, argc);
}

int setup_commands(RedisModuleCtx *ctx) {
    return RedisModule_CreateCommand(ctx, "helper.reply", helper_reply, "readonly", 0, 0, 0);
}
