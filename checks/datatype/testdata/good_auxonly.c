/* A type registered only for its aux_load/aux_save callbacks, to keep
 * module-wide state in the RDB: the module never stores a value of it, so
 * Redis never calls rdb_load, rdb_save or free. */
#include "redismodule.h"

static long long Counter;
static RedisModuleType *StateType;

static int AuxLoad(RedisModuleIO *rdb, int encver, int when) {
    (void)encver;
    if (when == REDISMODULE_AUX_BEFORE_RDB) Counter = RedisModule_LoadSigned(rdb);
    return REDISMODULE_OK;
}

static void AuxSave(RedisModuleIO *rdb, int when) {
    if (when == REDISMODULE_AUX_BEFORE_RDB) RedisModule_SaveSigned(rdb, Counter);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "auxonly", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModuleTypeMethods tm = {
        .version = REDISMODULE_TYPE_METHOD_VERSION,
        .aux_load = AuxLoad,
        .aux_save = AuxSave,
        .aux_save_triggers = REDISMODULE_AUX_BEFORE_RDB,
    };
    StateType = RedisModule_CreateDataType(ctx, "auxstate0", 0, &tm);
    if (StateType == NULL) return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
