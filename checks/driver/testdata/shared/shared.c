#include "redismodule.h"
static int Cmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithNull(ctx);
}
int register_shared(RedisModuleCtx *ctx) {
    return RedisModule_CreateCommand(ctx, "shared.cmd", Cmd, "write,fast", 1, 1, 1);
}
