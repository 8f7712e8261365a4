#include "redismodule.h"
int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    return REDISMODULE_OK
}
