#include "redismodule.h"

void do_store(RedisModuleCtx *ctx, RedisModuleString *k, RedisModuleString *v) {
    RedisModuleKey *key = RedisModule_OpenKey(ctx, k, REDISMODULE_WRITE);
    RedisModule_HashSet(key, REDISMODULE_HASH_NONE, k, v, NULL);
    RedisModule_CloseKey(key);
}
