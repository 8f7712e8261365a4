#include "redismodule.h"
#include <string.h>

/* The arity check comes first: COMMAND GETKEYS with no arguments calls
 * WrongArity without a client. */
static int ArityFirst(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 2) return RedisModule_WrongArity(ctx); /* want `command "k.arityfirst" \(getkeys-api\): RedisModule_WrongArity can run before RedisModule_IsKeysPositionRequest\(ctx\) is tested.*no client.*crashes.*first statement of ArityFirst` */
    if (RedisModule_IsKeysPositionRequest(ctx)) {
        for (int j = 1; j < argc; j++) RedisModule_KeyAtPosWithFlags(ctx, j, REDISMODULE_CMD_KEY_RO);
        return REDISMODULE_OK;
    }
    return RedisModule_ReplyWithLongLong(ctx, argc - 1);
}

/* The key is opened before the test, on the main path. */
static int OpenFirst(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModule_AutoMemory(ctx);
    RedisModuleKey *key = NULL;
    if (argc > 1) key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ); /* want `command "k.openfirst" \(getkeys-api\): RedisModule_OpenKey can run before` */
    if (RedisModule_IsKeysPositionRequest(ctx)) {
        RedisModule_KeyAtPos(ctx, 1);
        return REDISMODULE_OK;
    }
    return RedisModule_ReplyWithLongLong(ctx, RedisModule_KeyType(key));
}

/* A helper that needs the client, called before the test. */
static int parse_db(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 3) return RedisModule_WrongArity(ctx);
    long long db;
    if (RedisModule_StringToLongLong(argv[2], &db) != REDISMODULE_OK) return REDISMODULE_ERR;
    return RedisModule_SelectDb(ctx, (int)db);
}

static int ViaHelper(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (parse_db(ctx, argv, argc) != REDISMODULE_OK) /* want `command "k.viahelper" \(getkeys-api\): RedisModule_WrongArity \(through parse_db\) can run before` */
        return REDISMODULE_OK;
    if (RedisModule_IsKeysPositionRequest(ctx)) {
        RedisModule_KeyAtPos(ctx, 1);
        return REDISMODULE_OK;
    }
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* The request branch reports the key but does not return. */
static int NoReturn(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_IsKeysPositionRequest(ctx)) {
        RedisModule_KeyAtPos(ctx, 1);
    }
    if (argc != 2) return RedisModule_WrongArity(ctx); /* want `command "k.noreturn" \(getkeys-api\): RedisModule_WrongArity can run after RedisModule_IsKeysPositionRequest\(ctx\) returned true \(line 47\).*no client.*crashes.*then return REDISMODULE_OK` */
    RedisModuleCallReply *r = RedisModule_Call(ctx, "GET", "s", argv[1]);
    if (r == NULL) return RedisModule_ReplyWithNull(ctx);
    RedisModule_ReplyWithCallReply(ctx, r);
    RedisModule_FreeCallReply(r);
    return REDISMODULE_OK;
}

/* Never tests, and opens a key: crashes. */
static int NeverTests(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_ReplyWithError(ctx, "ERR wrong number of arguments");
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    int type = RedisModule_KeyType(key);
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithLongLong(ctx, type);
}

/* Never tests and touches nothing that needs the client: reports no keys. */
static int NeverTestsQuiet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    return RedisModule_ReplyWithLongLong(ctx, argc);
}

/* getchannels-api: the same contract with IsChannelsPositionRequest. */
static int Publish(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3) return RedisModule_WrongArity(ctx); /* want `command "k.publish" \(getchannels-api\): RedisModule_WrongArity can run before RedisModule_IsChannelsPositionRequest\(ctx\).*channel positions` */
    if (RedisModule_IsChannelsPositionRequest(ctx)) {
        RedisModule_ChannelAtPosWithFlags(ctx, 1, REDISMODULE_CMD_CHANNEL_PUBLISH);
        return REDISMODULE_OK;
    }
    return RedisModule_ReplyWithLongLong(ctx, RedisModule_PublishMessage(ctx, argv[1], argv[2]));
}

/* A call inside the request branch itself. */
static int CallInBranch(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_IsKeysPositionRequest(ctx)) {
        RedisModuleCallReply *r = RedisModule_Call(ctx, "EXISTS", "s", argv[1]); /* want `command "k.callinbranch" \(getkeys-api\): RedisModule_Call can run after RedisModule_IsKeysPositionRequest\(ctx\) returned true` */
        if (r) RedisModule_FreeCallReply(r);
        RedisModule_KeyAtPos(ctx, 1);
        return REDISMODULE_OK;
    }
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* A helper whose request branch does not return. */
static int declare_then_open(RedisModuleCtx *ctx, RedisModuleString **argv) {
    if (RedisModule_IsKeysPositionRequest(ctx))
        RedisModule_KeyAtPos(ctx, 1);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    int type = RedisModule_KeyType(key);
    RedisModule_CloseKey(key);
    return type;
}

static int HelperNoReturn(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithLongLong(ctx, declare_then_open(ctx, argv)); /* want `command "k.helpernoreturn" \(getkeys-api\): RedisModule_OpenKey \(through declare_then_open\) can run after RedisModule_IsKeysPositionRequest\(ctx\) returned true \(line \d+\)` */
}

/* Blocking before the test. */
static int BlockFirst(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModuleBlockedClient *bc = RedisModule_BlockClient(ctx, NULL, NULL, NULL, 0); /* want `RedisModule_BlockClient can run before` */
    if (RedisModule_IsKeysPositionRequest(ctx)) {
        RedisModule_AbortBlock(bc);
        return REDISMODULE_OK;
    }
    RedisModule_UnblockClient(bc, NULL);
    return REDISMODULE_OK;
}

/* The test is combined with another condition: a request with argc 1
 * falls through to WrongArity. */
static int Combined(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_IsKeysPositionRequest(ctx) && argc > 1) {
        RedisModule_KeyAtPos(ctx, 1);
        return REDISMODULE_OK;
    }
    if (argc != 2) return RedisModule_WrongArity(ctx); /* want `command "k.combined" \(getkeys-api\): RedisModule_WrongArity can run after RedisModule_IsKeysPositionRequest\(ctx\) returned true \(line \d+\)` */
    return RedisModule_ReplyWithString(ctx, argv[1]);
}

/* A helper that tests, but only after its own arity check. */
static int parse_and_declare(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    if (argc < 2) {
        RedisModule_WrongArity(ctx);
        return 1;
    }
    if (RedisModule_IsKeysPositionRequest(ctx)) {
        RedisModule_KeyAtPos(ctx, 1);
        return 1;
    }
    return 0;
}

static int LateHelper(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (parse_and_declare(ctx, argv, argc)) return REDISMODULE_OK; /* want `command "k.latehelper" \(getkeys-api\): RedisModule_WrongArity \(through parse_and_declare\) can run before` */
    return RedisModule_ReplyWithString(ctx, argv[1]);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "getkeysbad", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.arityfirst", ArityFirst, "readonly getkeys-api", 1, -1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.openfirst", OpenFirst, "readonly getkeys-api", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.viahelper", ViaHelper, "write getkeys-api", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.noreturn", NoReturn, "readonly GetKeys-API", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.nevertests", NeverTests, "readonly getkeys-api", 1, 1, 1) == REDISMODULE_ERR) /* want `command "k.nevertests" is flagged "getkeys-api", but its handler NeverTests never calls RedisModule_IsKeysPositionRequest.*RedisModule_OpenKey \(line 61\).*crashes` */
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.quiet", NeverTestsQuiet, "readonly getkeys-api", 0, 0, 0) == REDISMODULE_ERR) /* want `command "k.quiet" is flagged "getkeys-api", but its handler NeverTestsQuiet never calls RedisModule_IsKeysPositionRequest.*reports none.*drop "getkeys-api"` */
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.publish", Publish, "pubsub getchannels-api", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.block", BlockFirst, "getkeys-api", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.combined", Combined, "getkeys-api", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.latehelper", LateHelper, "getkeys-api", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.callinbranch", CallInBranch, "getkeys-api", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.helpernoreturn", HelperNoReturn, "getkeys-api", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
