/* aux callbacks but also values of the type: the per-value callbacks are
 * needed. */
#include "redismodule.h"

static RedisModuleType *StateType;

static int AuxLoad(RedisModuleIO *rdb, int encver, int when) {
    (void)rdb; (void)encver; (void)when;
    return REDISMODULE_OK;
}

static void AuxSave(RedisModuleIO *rdb, int when) { (void)rdb; (void)when; }

static int Set(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    RedisModule_ModuleTypeSetValue(key, StateType, RedisModule_Strdup("x"));
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "auxvalue", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModuleTypeMethods tm = {
        .version = REDISMODULE_TYPE_METHOD_VERSION,
        .aux_load = AuxLoad,
        .aux_save = AuxSave,
        .aux_save_triggers = REDISMODULE_AUX_BEFORE_RDB,
    };
    StateType = RedisModule_CreateDataType(ctx, "auxvalue0", 0, &tm); /* want `tm does not set rdb_load, rdb_save and free` `tm does not set aof_rewrite` */
    if (StateType == NULL) return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "auxvalue.set", Set, "write", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
