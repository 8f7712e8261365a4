/* OnLoad waits for something that never happens: the server never answers
 * (smokeload, after the load time limit). */
#include "redismodule.h"
#include <unistd.h>

static volatile int ready = 0;

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "onhang", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    while (!ready) usleep(10000);
    return REDISMODULE_OK;
}
