/* Modifiers that do nothing where they are written (warnings). */
#include "redismodule.h"

static int Cmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argc);
    RedisModuleCallReply *r;
    r = RedisModule_Call(ctx, "INCR", "Ac", "k"); /* want `RedisModule_Call format "Ac": "A" only matters with "!": without "!" the call is not replicated at all, so there is nothing to keep from the AOF; add "!" if the command should be replicated, or drop "A"` */
    r = RedisModule_Call(ctx, "INCR", "sR", argv[1]); /* want `RedisModule_Call format "sR": "R" only matters with "!".*nothing to keep from replicas` */
    r = RedisModule_Call(ctx, "INCR", "ARs", argv[1]); /* want `format "ARs": "A" only matters` `format "ARs": "R" only matters` */
    RedisModule_Replicate(ctx, "INCR", "!s", argv[1]); /* want `RedisModule_Replicate format "!s": "!" is ignored, RedisModule_Replicate always replicates; drop "!"` */
    RedisModule_Replicate(ctx, "INCR", "s!", argv[1]); /* want `format "s!": "!" is ignored` */
    RedisModule_Replicate(ctx, "HGETALL", "3s", argv[1]); /* want `RedisModule_Replicate format "3s": "3" is ignored, it only affects RedisModule_Call.*drop "3"` */
    RedisModule_Replicate(ctx, "INCR", "!As", argv[1]); /* want `format "!As": "!" is ignored` */
    return RedisModule_ReplyWithCallReply(ctx, r);
}

static void Rewrite(RedisModuleIO *aof, RedisModuleString *key, void *value) {
    REDISMODULE_NOT_USED(value);
    RedisModule_EmitAOF(aof, "INCR", "!s", key); /* want `RedisModule_EmitAOF format "!s": "!" is ignored, RedisModule_EmitAOF writes the command to the rewritten AOF whatever the modifiers; drop "!"` */
    RedisModule_EmitAOF(aof, "INCR", "sA", key); /* want `RedisModule_EmitAOF format "sA": "A" is ignored` */
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "callmods", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModuleTypeMethods tm = {.version = REDISMODULE_TYPE_METHOD_VERSION, .aof_rewrite = Rewrite};
    if (RedisModule_CreateDataType(ctx, "callmodty", 0, &tm) == NULL)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "b.cmd", Cmd, "write", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
