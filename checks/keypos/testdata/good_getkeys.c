#include "redismodule.h"
#include <string.h>
#include <strings.h>

/* The shape of Redis's tests/modules/getkeys.c: the test is the first thing. */
static int Movable(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_IsKeysPositionRequest(ctx)) {
        for (int i = 0; i < argc; i++) {
            size_t len;
            const char *str = RedisModule_StringPtrLen(argv[i], &len);
            if (len == 3 && !strncasecmp(str, "key", 3) && i + 1 < argc)
                RedisModule_KeyAtPosWithFlags(ctx, i + 1, REDISMODULE_CMD_KEY_RO | REDISMODULE_CMD_KEY_ACCESS);
        }
        return REDISMODULE_OK;
    }
    if (argc < 2) return RedisModule_WrongArity(ctx);
    RedisModule_AutoMemory(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    return RedisModule_ReplyWithLongLong(ctx, RedisModule_KeyType(key));
}

/* AutoMemory, parsing and error replies before the test need no client:
 * the replies are dropped in a position request. */
static int ParseFirst(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModule_AutoMemory(ctx);
    if (argc < 3) return RedisModule_ReplyWithError(ctx, "ERR wrong number of arguments");
    long long numkeys;
    if (RedisModule_StringToLongLong(argv[1], &numkeys) != REDISMODULE_OK || numkeys < 1 || numkeys > argc - 2)
        return RedisModule_ReplyWithError(ctx, "ERR invalid numkeys");
    if (RedisModule_IsKeysPositionRequest(ctx)) {
        for (long long j = 0; j < numkeys; j++) RedisModule_KeyAtPos(ctx, (int)(2 + j));
        return REDISMODULE_OK;
    }
    for (long long j = 0; j < numkeys; j++) {
        RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[2 + j], REDISMODULE_READ);
        RedisModule_CloseKey(key);
    }
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* A helper does the test and reports the keys. */
static int declare_keys(RedisModuleCtx *ctx, int argc) {
    if (!RedisModule_IsKeysPositionRequest(ctx)) return 0;
    for (int j = 1; j < argc; j += 2) RedisModule_KeyAtPos(ctx, j);
    return 1;
}

static int ViaHelper(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (declare_keys(ctx, argc)) return REDISMODULE_OK;
    if (argc < 3 || (argc % 2) == 0) return RedisModule_WrongArity(ctx);
    for (int j = 1; j < argc; j += 2) {
        RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[j], REDISMODULE_WRITE);
        RedisModule_StringSet(key, argv[j + 1]);
        RedisModule_CloseKey(key);
    }
    RedisModule_ReplicateVerbatim(ctx);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* Negated test: the normal work is in the "not a request" branch. */
static int Negated(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (!RedisModule_IsKeysPositionRequest(ctx)) {
        if (argc != 2) return RedisModule_WrongArity(ctx);
        RedisModuleCallReply *r = RedisModule_Call(ctx, "GET", "s", argv[1]);
        if (r == NULL) return RedisModule_ReplyWithNull(ctx);
        RedisModule_ReplyWithCallReply(ctx, r);
        RedisModule_FreeCallReply(r);
        return REDISMODULE_OK;
    }
    RedisModule_KeyAtPos(ctx, 1);
    return REDISMODULE_OK;
}

/* The test's result in a variable; == 0 / != 0 forms. */
static int Stored(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    int req = RedisModule_IsKeysPositionRequest(ctx);
    if (req) {
        RedisModule_KeyAtPos(ctx, 1);
        return REDISMODULE_OK;
    }
    if (argc != 2) return RedisModule_WrongArity(ctx);
    return RedisModule_ReplyWithLongLong(ctx, RedisModule_KeyExists(ctx, argv[1]));
}

static int Compared(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_IsKeysPositionRequest(ctx) != 0) {
        RedisModule_KeyAtPos(ctx, 1);
        goto done;
    }
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModule_SelectDb(ctx, 0);
    RedisModule_ReplyWithLongLong(ctx, RedisModule_GetSelectedDb(ctx));
    REDISMODULE_NOT_USED(argv);
done:
    return REDISMODULE_OK;
}

/* The request branch does not return, but everything after it tests
 * again before touching the client (tests/modules/getchannels.c style). */
static int Channels(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        const char *op = RedisModule_StringPtrLen(argv[i], NULL);
        if (strcasecmp(op, "publish") != 0) {
            bad = 1;
            break;
        }
        if (RedisModule_IsChannelsPositionRequest(ctx))
            RedisModule_ChannelAtPosWithFlags(ctx, i, REDISMODULE_CMD_CHANNEL_PUBLISH);
    }
    if (!RedisModule_IsChannelsPositionRequest(ctx)) {
        if (bad) return RedisModule_WrongArity(ctx);
        RedisModule_ReplyWithSimpleString(ctx, "OK");
    }
    return REDISMODULE_OK;
}

/* The request branch sets a flag that keeps it out of the normal path. */
static int Flagged(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    int done = 0;
    if (RedisModule_IsKeysPositionRequest(ctx)) {
        RedisModule_KeyAtPos(ctx, 1);
        done = 1;
    }
    if (!done) {
        if (argc != 2) return RedisModule_WrongArity(ctx);
        RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
        RedisModule_ReplyWithLongLong(ctx, RedisModule_KeyType(key));
        RedisModule_CloseKey(key);
    }
    return REDISMODULE_OK;
}

/* Dispatch through a table of function pointers: the test may be there. */
typedef int (*impl_fn)(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
static impl_fn impls[2];

static int Dispatch(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    return impls[argc > 2](ctx, argv, argc);
}

/* Not flagged getkeys-api: no contract to honour. */
static int Plain(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

static const char *dynamic_flags(void) { return "readonly getkeys-api"; }

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "getkeysgood", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.movable", Movable, "readonly getkeys-api", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.parse", ParseFirst, "readonly getkeys-api", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.helper", ViaHelper, "write getkeys-api", 1, -1, 2) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.negated", Negated, "readonly getkeys-api", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.stored", Stored, "readonly getkeys-api", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.compared", Compared, "readonly getkeys-api", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.channels", Channels, "pubsub getchannels-api", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.flagged", Flagged, "readonly getkeys-api", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.dispatch", Dispatch, "readonly getkeys-api", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.plain", Plain, "readonly", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "k.dynamic", Plain, dynamic_flags(), 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    /* A container command: no handler runs. */
    if (RedisModule_CreateCommand(ctx, "k.container", NULL, "getkeys-api", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
