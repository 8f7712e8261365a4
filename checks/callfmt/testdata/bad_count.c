/* Argument counts that do not match the format. */
#include "redismodule.h"
#include <string.h>

static int Cmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argc);
    RedisModuleCallReply *r;
    const char *buf = "abc";
    r = RedisModule_Call(ctx, "SET", "ss", argv[1]); /* want `RedisModule_Call format "ss" consumes 2 arguments after the format, but 1 is passed: Redis reads the missing argument \(RedisModuleString \* for "s"\)` */
    r = RedisModule_Call(ctx, "GET", "s"); /* want `format "s" consumes 1 argument after the format, but none are passed` */
    r = RedisModule_Call(ctx, "SET", "sb", argv[1], buf); /* want `consumes 3 arguments after the format, but 2 are passed.*\(size_t for "b"\)` */
    r = RedisModule_Call(ctx, "SET", "s", argv[1], argv[2]); /* want `format "s" consumes 1 argument after the format, but 2 are passed: Redis ignores argument 5 \(argv\[2\]\) on` */
    r = RedisModule_Call(ctx, "PING", "", "hello"); /* want `format "" consumes 0 arguments after the format, but 1 is passed` */
    r = RedisModule_Call(ctx, "SET", "SS", argv[1], argv[2]); /* want `"S" is the script-mode modifier, not a string: use "s"` */
    r = RedisModule_Call(ctx, "GET", "C", "key"); /* want `"C" is the run-as-user modifier, not a C string: use "c"` */
    r = RedisModule_Call(ctx, "PING", NULL); /* want `RedisModule_Call format is NULL: Redis calls strlen on it \(crash\); pass "" for a command without arguments` */
    RedisModule_Replicate(ctx, "INCRBY", "sl", argv[1]); /* want `RedisModule_Replicate format "sl" consumes 2 arguments after the format, but 1 is passed` */
    return RedisModule_ReplyWithCallReply(ctx, r);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "callcount", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "b.cmd", Cmd, "write", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
