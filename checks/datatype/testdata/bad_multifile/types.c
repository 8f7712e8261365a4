/* The method table and a command handler in another file. */
#include "types.h"

static void *Load(RedisModuleIO *rdb, int encver) { (void)encver; return RedisModule_LoadStringBuffer(rdb, NULL); }
static void Save(RedisModuleIO *rdb, void *value) { RedisModule_SaveStringBuffer(rdb, value, 1); }
static void Rewrite(RedisModuleIO *aof, RedisModuleString *key, void *value) {
    (void)value;
    RedisModule_EmitAOF(aof, "LIST.SET", "s", key);
}

RedisModuleTypeMethods ListTypeMethods = {
    .version = REDISMODULE_TYPE_METHOD_VERSION,
    .rdb_load = Load,
    .rdb_save = Save,
    .aof_rewrite = Rewrite,
};

static RedisModuleType *LateType;

int ListCreateCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    LateType = RedisModule_CreateDataType(ctx, "list-late", 0, &ListTypeMethods); /* want `Type "list-late" is created in ListCreateCommand, which runs as the handler of command "list.create"` `ListTypeMethods does not set free` */
    if (LateType == NULL) return RedisModule_ReplyWithError(ctx, "ERR no type");
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}
