/* COUNTER.INCR from the module guide, registered as its notes say it must be
 * ("write deny-oom", keys 1 1 1). The guide's sscanf on a StringDMA buffer is
 * kept: rmlint must find it. */
#include "redismodule.h"
#include <stdio.h>

/* COUNTER.INCR <key> [amount] - Increment a counter */
int CounterIncr_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 2 || argc > 3) {
        return RedisModule_WrongArity(ctx);
    }

    // Enable automatic memory management
    RedisModule_AutoMemory(ctx);

    // Parse increment amount (default 1)
    long long incr = 1;
    if (argc == 3) {
        if (RedisModule_StringToLongLong(argv[2], &incr) != REDISMODULE_OK) {
            return RedisModule_ReplyWithError(ctx, "ERR invalid increment");
        }
    }

    // Open key for writing
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    int keytype = RedisModule_KeyType(key);

    // Check if key exists and is the right type
    if (keytype != REDISMODULE_KEYTYPE_EMPTY &&
        keytype != REDISMODULE_KEYTYPE_STRING) {
        return RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
    }

    // Get current value
    long long value = 0;
    if (keytype == REDISMODULE_KEYTYPE_STRING) {
        size_t len;
        char *str = RedisModule_StringDMA(key, &len, REDISMODULE_READ);
        if (str == NULL || sscanf(str, "%lld", &value) != 1) {
            return RedisModule_ReplyWithError(ctx, "ERR value is not an integer");
        }
    }

    // Increment value
    value += incr;

    // Save new value
    RedisModuleString *newval = RedisModule_CreateStringFromLongLong(ctx, value);
    RedisModule_StringSet(key, newval);

    // Replicate command
    RedisModule_ReplicateVerbatim(ctx);

    return RedisModule_ReplyWithLongLong(ctx, value);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_Init(ctx, "counter", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;

    if (RedisModule_CreateCommand(ctx, "counter.incr",
        CounterIncr_RedisCommand, "write deny-oom", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;

    return REDISMODULE_OK;
}
