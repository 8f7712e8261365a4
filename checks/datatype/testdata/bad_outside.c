/* Types created after OnLoad has returned: in a command handler, and in a
 * helper a timer callback calls. */
#include "redismodule.h"

static RedisModuleType *Late, *Later;

static void *Load(RedisModuleIO *rdb, int encver) { (void)encver; return RedisModule_LoadStringBuffer(rdb, NULL); }
static void Save(RedisModuleIO *rdb, void *value) { RedisModule_SaveStringBuffer(rdb, value, 1); }
static void Rewrite(RedisModuleIO *aof, RedisModuleString *key, void *value) {
    (void)value;
    RedisModule_EmitAOF(aof, "X.SET", "s", key);
}
static void Free(void *value) { RedisModule_Free(value); }

static RedisModuleTypeMethods Methods = {
    .version = REDISMODULE_TYPE_METHOD_VERSION,
    .rdb_load = Load, .rdb_save = Save, .aof_rewrite = Rewrite, .free = Free,
};

static int CreateCmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    Late = RedisModule_CreateDataType(ctx, "late-type", 0, &Methods); /* want `Type "late-type" is created in CreateCmd, which runs as the handler of command "outside.create" after RedisModule_OnLoad has returned: outside OnLoad RedisModule_CreateDataType returns NULL .*create the type in RedisModule_OnLoad` */
    if (Late == NULL) return RedisModule_ReplyWithError(ctx, "ERR cannot create the type");
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

static void createLater(RedisModuleCtx *ctx) {
    Later = RedisModule_CreateDataType(ctx, "latertype", 0, &Methods); /* want `Type "latertype" is created in createLater \(reached from OnTimer\), which runs as a callback registered with RedisModule_CreateTimer` */
    if (Later == NULL) RedisModule_Log(ctx, "warning", "no type");
}

static void OnTimer(RedisModuleCtx *ctx, void *data) {
    REDISMODULE_NOT_USED(data);
    createLater(ctx);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "outside", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "outside.create", CreateCmd, "write", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModule_CreateTimer(ctx, 1000, OnTimer, NULL);
    return REDISMODULE_OK;
}
