#include "redismodule.h"

static int Hello(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithSimpleString(ctx, "hello");
}

static long long limit = 10;

static long long getLimit(const char *name, void *privdata) {
    REDISMODULE_NOT_USED(name);
    REDISMODULE_NOT_USED(privdata);
    return limit;
}

static int setLimit(const char *name, long long val, void *privdata, RedisModuleString **err) {
    REDISMODULE_NOT_USED(name);
    REDISMODULE_NOT_USED(privdata);
    REDISMODULE_NOT_USED(err);
    limit = val;
    return REDISMODULE_OK;
}

static void onFlush(RedisModuleCtx *ctx, RedisModuleEvent e, uint64_t sub, void *data) {
    REDISMODULE_NOT_USED(ctx);
    REDISMODULE_NOT_USED(e);
    REDISMODULE_NOT_USED(sub);
    REDISMODULE_NOT_USED(data);
}

static int api(int x) { return x; }

static RedisModuleCommandInfo helloInfo = {
    .version = REDISMODULE_COMMAND_INFO_VERSION,
    .summary = "says hello",
    .arity = 1,
};

#define REGISTER(ctx, name, fn) RedisModule_CreateCommand(ctx, name, fn, "readonly", 0, 0, 0)

/* A helper that registers and returns nothing. */
static void registerMore(RedisModuleCtx *ctx) {
    RedisModule_CreateCommand(ctx, "bad.more", Hello, "readonly", 0, 0, 0); /* want `the result of RedisModule_CreateCommand is ignored: it returns REDISMODULE_ERR when it fails \(ERR outside OnLoad .*the module then loads without what it registers; test it .*make RedisModule_OnLoad return REDISMODULE_ERR` */
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModule_Init(ctx, "bad", 1, REDISMODULE_APIVER_1); /* initorder reports this one */
    RedisModule_CreateCommand(ctx, "bad.hello", Hello, "readonly", 0, 0, 0); /* want `^the result of RedisModule_CreateCommand is ignored: .*write if \(RedisModule_CreateCommand\(\.\.\.\) == REDISMODULE_ERR\) return REDISMODULE_ERR;$` */
    (void)RedisModule_CreateCommand(ctx, "bad.parent", NULL, "", 0, 0, 0); /* want `the result of RedisModule_CreateCommand is ignored` */
    RedisModuleCommand *parent = RedisModule_GetCommand(ctx, "bad.parent");
    if (parent == NULL) return REDISMODULE_ERR;
    RedisModule_CreateSubcommand(parent, "sub", Hello, "readonly", 0, 0, 0); /* want `the result of RedisModule_CreateSubcommand is ignored` */
    RedisModule_SetCommandACLCategories(parent, "read"); /* want `the result of RedisModule_SetCommandACLCategories is ignored: it returns REDISMODULE_ERR when it fails and the module then loads without what it registers` */
    RedisModule_SetCommandInfo(RedisModule_GetCommand(ctx, "bad.hello"), &helloInfo); /* want `the result of RedisModule_SetCommandInfo is ignored: it returns REDISMODULE_ERR when it fails \(ERR with errno EINVAL \(invalid info\) or EEXIST \(already set\); conventionally called from OnLoad\) and the code goes on as if it had worked; write if` */
    RedisModule_GetCommand(ctx, "bad.hello"); /* want `the result of RedisModule_GetCommand is discarded: the call has no other effect; keep the pointer and test it for NULL \(NULL when the command does not exist` */
    REGISTER(ctx, "bad.macro", Hello); /* want `the result of RedisModule_CreateCommand is ignored` */
    RedisModule_RegisterNumericConfig(ctx, "limit", 10, REDISMODULE_CONFIG_DEFAULT, 0, 100, getLimit, setLimit, NULL, NULL); /* want `the result of RedisModule_RegisterNumericConfig is ignored` */
    RedisModule_LoadConfigs(ctx); /* want `the result of RedisModule_LoadConfigs is ignored: it returns REDISMODULE_ERR when it fails \(required after registering configs` */
    RedisModule_SubscribeToServerEvent(ctx, RedisModuleEvent_FlushDB, onFlush); /* want `the result of RedisModule_SubscribeToServerEvent is ignored: .*the code goes on as if it had worked; write if` */
    RedisModule_ExportSharedAPI(ctx, "bad.api", (void *)api); /* want `the result of RedisModule_ExportSharedAPI is ignored` */
    RedisModule_AddACLCategory(ctx, "badcat"); /* want `the result of RedisModule_AddACLCategory is ignored` */
    if (argc > 5)
        RedisModule_CreateCommand(ctx, "bad.cond", Hello, "readonly", 0, 0, 0); /* want `the result of RedisModule_CreateCommand is ignored` */
    else
        registerMore(ctx);
    return REDISMODULE_OK;
}
