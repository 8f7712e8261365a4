/* Registrations that differ from what the source says: key positions 2,1,1
 * (Redis 7 shows last=-1), a flag string Redis rejects with the result
 * ignored (the command is missing after loading), and commands registered
 * under computed names the static analysis cannot read (notes). */
#include "redismodule.h"
#include <stdio.h>

int Reg_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "registration", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "reg.keys", Reg_RedisCommand, "readonly", 2, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModule_CreateCommand(ctx, "reg.flags", Reg_RedisCommand, "readonly,fast", 0, 0, 0);
    for (int i = 1; i <= 2; i++) {
        char name[32];
        snprintf(name, sizeof name, "reg.dyn%d", i);
        if (RedisModule_CreateCommand(ctx, name, Reg_RedisCommand, "readonly", 0, 0, 0) == REDISMODULE_ERR)
            return REDISMODULE_ERR;
    }
    return REDISMODULE_OK;
}
