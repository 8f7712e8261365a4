#include "redismodule.h"

/* The handler's name comes out of a macro: the driver's lexical scan does
 * not see that this file defines TwiceCmd, so it predicts two modules and
 * must correct itself after translation. */
#define HANDLER(name) int name(RedisModuleCtx *ctx, RedisModuleString **argv, int argc)

HANDLER(TwiceCmd) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModule_ReplyWithSimpleString(ctx, "a");
    return RedisModule_ReplyWithSimpleString(ctx, "b");
}
