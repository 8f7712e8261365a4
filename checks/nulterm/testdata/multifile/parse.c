/* Helpers in another file of the module. */
#include "redismodule.h"
#include <stdlib.h>

long long parse_ll(const char *s) {
    return atoll(s);
}

long long parse_ll_len(RedisModuleCtx *ctx, const char *s, size_t len) {
    long long v = 0;
    if (RedisModule_StringToLongLong(RedisModule_CreateString(ctx, s, len), &v) != REDISMODULE_OK)
        return -1;
    return v;
}
