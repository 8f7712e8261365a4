#include "redismodule.h"
#include <string.h>

#define ARITY(n) do { if (argc != (n)) return RedisModule_WrongArity(ctx); } while (0)

/* The classic: checked for two arguments, reads the third. */
static int Get(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    RedisModuleString *def = argv[2]; /* want `command "a.get": argv\[2\] is read, but the arity check at line 8 allows at most 2 arguments \(argv\[0\]..argv\[1\]\): reading argv\[2\] is out of bounds; check argc == 3 or use argv\[1\]` */
    if (RedisModule_KeyType(key) == REDISMODULE_KEYTYPE_EMPTY) {
        RedisModule_CloseKey(key);
        return RedisModule_ReplyWithString(ctx, def);
    }
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithNull(ctx);
}

/* An optional argument, but one index too far. */
static int Range(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 2 || argc > 3) return RedisModule_WrongArity(ctx);
    long long count = 10;
    if (argc >= 3 && RedisModule_StringToLongLong(argv[3], &count) != REDISMODULE_OK) /* want `command "a.range": argv\[3\] is read, but the arity check at line 21 allows at most 3 arguments \(argv\[0\]..argv\[2\]\).*check argc == 4 or use argv\[2\]` */
        return RedisModule_ReplyWithError(ctx, "ERR invalid count");
    REDISMODULE_NOT_USED(argv[1]);
    return RedisModule_ReplyWithLongLong(ctx, count);
}

/* Upper bound only, constant on the left, and a macro check. */
static int Upper(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (3 <= argc) return RedisModule_WrongArity(ctx);
    return RedisModule_ReplyWithString(ctx, argv[2]); /* want `command "a.upper": argv\[2\] is read, but the arity check at line 31 allows at most 2 arguments` */
}

static int Macro(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    ARITY(3);
    RedisModule_ReplyWithArray(ctx, 2);
    RedisModule_ReplyWithString(ctx, argv[2]);
    return RedisModule_ReplyWithString(ctx, argv[3]); /* want `command "a.macro": argv\[3\] is read, but the arity check at line 36 allows at most 3 arguments` */
}

/* Only the command name is allowed. */
static int NoArgs(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 1) return RedisModule_WrongArity(ctx);
    return RedisModule_ReplyWithString(ctx, argv[1]); /* want `command "a.noargs": argv\[1\] is read, but the arity check at line 44 allows only the command name \(argv\[0\]\).*check argc == 2` */
}

/* Negated conditions. */
static int Negated(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (!(argc == 2 || argc == 3)) return RedisModule_WrongArity(ctx);
    if (argc == 3) RedisModule_ReplyWithString(ctx, argv[2]);
    return RedisModule_ReplyWithString(ctx, argv[3]); /* want `command "a.negated": argv\[3\] is read, but the arity check at line 50 allows at most 3 arguments` */
}

/* The wrong guard in a conditional expression. */
static int Ternary(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 2) return RedisModule_WrongArity(ctx);
    RedisModuleString *opt = argc == 2 ? argv[2] : NULL; /* want `command "a.ternary": argv\[2\] is read, but the arity check at line 58 allows at most 2 arguments` */
    if (opt == NULL) return RedisModule_ReplyWithNull(ctx);
    return RedisModule_ReplyWithString(ctx, opt);
}

/* Switch on argc. */
static int Switch(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    switch (argc) {
    case 2:
        return RedisModule_ReplyWithString(ctx, argv[2]); /* want `command "a.switch": argv\[2\] is read, but the case label at line 66 allows at most 2 arguments` */
    case 3:
        return RedisModule_ReplyWithString(ctx, argv[2]);
    default:
        return RedisModule_WrongArity(ctx);
    }
}

/* In a loop body after the check. */
static int Loop(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc > 2) return RedisModule_WrongArity(ctx);
    for (int i = 0; i < 3; i++) {
        if (RedisModule_StringToLongLong(argv[2], NULL) == REDISMODULE_OK) /* want `command "a.loop": argv\[2\] is read, but the arity check at line 77 allows at most 2 arguments` */
            break;
    }
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* A helper receiving the handler's argv and argc. */
static int do_set(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    RedisModule_StringSet(key, argv[2]);
    RedisModule_SetExpire(key, 1000);
    RedisModule_StringSet(key, argv[3]); /* want `command "a.set": argv\[3\] is read in do_set \(which receives the argv and argc of Set\), but the arity check at line 97 allows at most 3 arguments` */
    RedisModule_CloseKey(key);
    REDISMODULE_NOT_USED(argc);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

static int Set(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 3) return RedisModule_WrongArity(ctx);
    return do_set(ctx, argv, argc);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "aritybad", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "a.get", Get, "readonly", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "a.range", Range, "readonly", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "a.upper", Upper, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "a.macro", Macro, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "a.noargs", NoArgs, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "a.negated", Negated, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "a.ternary", Ternary, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "a.switch", Switch, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "a.loop", Loop, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "a.set", Set, "write", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
