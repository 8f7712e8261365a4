#include "redismodule.h"

/* café ÿþ invalid UTF-8 in a comment */
static const char *s = "Ã( and  ¡";

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    (void)s; (void)argv; (void)argc;
    if (RedisModule_Init(ctx, "utf8", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR) return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
