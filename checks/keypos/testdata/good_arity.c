#include "redismodule.h"
#include <string.h>
#include <strings.h>

#define CHECK_ARITY(n) if (argc != (n)) return RedisModule_WrongArity(ctx)

static int Exact(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3) return RedisModule_WrongArity(ctx);
    RedisModule_AutoMemory(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    RedisModule_StringSet(key, argv[2]);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* An optional third argument, used only when present. */
static int Optional(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 2 || argc > 3) return RedisModule_WrongArity(ctx);
    long long count = 1;
    if (argc == 3) {
        if (RedisModule_StringToLongLong(argv[2], &count) != REDISMODULE_OK)
            return RedisModule_ReplyWithError(ctx, "ERR invalid count");
    }
    RedisModuleString *opt = argc > 2 ? argv[2] : NULL;
    RedisModuleString *opt2 = (argc == 3 && argv[2] != NULL) ? argv[2] : argv[1];
    REDISMODULE_NOT_USED(opt);
    REDISMODULE_NOT_USED(opt2);
    return RedisModule_ReplyWithLongLong(ctx, count);
}

/* Variadic: a minimum, then a loop over the rest. */
static int Variadic(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 2) return RedisModule_WrongArity(ctx);
    long long sum = 0;
    for (int j = 1; j < argc; j++) {
        long long v;
        if (RedisModule_StringToLongLong(argv[j], &v) != REDISMODULE_OK)
            return RedisModule_ReplyWithError(ctx, "ERR not a number");
        sum += v;
    }
    RedisModule_ReplyWithString(ctx, argv[argc - 1]);
    return RedisModule_ReplyWithLongLong(ctx, sum);
}

/* Key/value pairs. */
static int Pairs(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 3 || (argc % 2) == 0) return RedisModule_WrongArity(ctx);
    for (int j = 1; j < argc; j += 2) {
        RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[j], REDISMODULE_WRITE);
        RedisModule_StringSet(key, argv[j + 1]);
        RedisModule_CloseKey(key);
    }
    RedisModule_ReplyWithString(ctx, argv[2]);
    return REDISMODULE_OK;
}

/* Switch on argc, one arity per case. */
static int Switch(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    switch (argc) {
    case 1:
        return RedisModule_ReplyWithNull(ctx);
    case 2:
    case 3:
        return RedisModule_ReplyWithString(ctx, argv[argc - 1]);
    case 4:
        RedisModule_ReplyWithString(ctx, argv[3]);
        /* fall through */
    case 5:
        return RedisModule_ReplyWithString(ctx, argv[3]);
    default:
        return RedisModule_ReplyWithString(ctx, argv[5]);
    }
}

/* Early returns, an else-if ladder, goto cleanup. */
static int Ladder(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModuleKey *key = NULL;
    int ret = REDISMODULE_OK;
    if (argc == 2) {
        key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    } else if (argc == 4) {
        key = RedisModule_OpenKey(ctx, argv[3], REDISMODULE_READ);
        if (key == NULL) goto cleanup;
    } else {
        ret = RedisModule_WrongArity(ctx);
        goto cleanup;
    }
    RedisModule_ReplyWithLongLong(ctx, RedisModule_KeyType(key));
cleanup:
    if (key) RedisModule_CloseKey(key);
    return ret;
}

/* A macro check, and a check that does not return (no bound). */
static int Macro(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    CHECK_ARITY(2);
    return RedisModule_ReplyWithString(ctx, argv[1]);
}

static int NoReturnCheck(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) RedisModule_Log(ctx, "warning", "odd call");
    if (argc > 2) return RedisModule_ReplyWithString(ctx, argv[2]);
    return RedisModule_ReplyWithString(ctx, argv[1]);
}

/* Shifting idioms: argv/argc are rewritten, indexes are not positions. */
static int Shift(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    argc--;
    if (argc != 2) return RedisModule_WrongArity(ctx);
    return RedisModule_ReplyWithString(ctx, argv[2]);
}

static int ShiftBoth(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    argv++;
    argc--;
    if (argc < 1) return RedisModule_WrongArity(ctx);
    return RedisModule_ReplyWithString(ctx, argv[0]);
}

/* &argv[K] is pointer arithmetic: argv + argc is fine. sizeof does not
 * evaluate. argv[argc - 1] is not a constant index. */
static int sum_tail(RedisModuleString **args, int n) {
    int total = 0;
    for (int i = 0; i < n; i++) total += args[i] != NULL;
    return total;
}

static int Tail(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    int t = sum_tail(&argv[2], argc - 2);
    size_t sz = sizeof(argv[5]);
    REDISMODULE_NOT_USED(sz);
    RedisModule_ReplyWithString(ctx, argv[argc - 1]);
    return RedisModule_ReplyWithLongLong(ctx, t);
}

/* A helper called from two handlers with different arities, guarded. */
static int reply_opt(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc > 2) return RedisModule_ReplyWithString(ctx, argv[2]);
    return RedisModule_ReplyWithString(ctx, argv[1]);
}

static int Two(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    return reply_opt(ctx, argv, argc);
}

static int Three(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3) return RedisModule_WrongArity(ctx);
    return reply_opt(ctx, argv, argc);
}

/* A helper that checks the arity itself: nothing is known about argc. */
static int check_args(RedisModuleCtx *ctx, int argc, int want) {
    if (argc != want) {
        RedisModule_WrongArity(ctx);
        return 0;
    }
    return 1;
}

static int Checked(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (!check_args(ctx, argc, 3)) return REDISMODULE_OK;
    return RedisModule_ReplyWithString(ctx, argv[2]);
}

/* Parsing options in a while loop. */
static int Options(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 2) return RedisModule_WrongArity(ctx);
    int j = 2, nx = 0;
    while (j < argc) {
        const char *opt = RedisModule_StringPtrLen(argv[j], NULL);
        if (!strcasecmp(opt, "NX")) nx = 1;
        j++;
    }
    RedisModule_ReplyWithString(ctx, argv[1]);
    return nx;
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "aritygood", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.exact", Exact, "write", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.optional", Optional, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.variadic", Variadic, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.pairs", Pairs, "write", 1, -1, 2) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.switch", Switch, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.ladder", Ladder, "readonly", 1, 1, 1) == REDISMODULE_ERR) /* want `command "g.ladder" uses argv\[3\] as a key \(RedisModule_OpenKey\) but its declared key positions \(1, 1, 1\) do not include it` */
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.macro", Macro, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.noreturn", NoReturnCheck, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.shift", Shift, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.shiftboth", ShiftBoth, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.tail", Tail, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.two", Two, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.three", Three, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.checked", Checked, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.options", Options, "readonly", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
