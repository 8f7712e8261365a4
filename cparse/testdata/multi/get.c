#include "redismodule.h"

/* Same name as main.c's static function: must not be confused with it. */
static int CmdLocal(void) { return 0; }

int CmdGet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithLongLong(ctx, CmdLocal());
}
