/* Characters Redis does not accept in a format. */
#include "redismodule.h"

#define BAD_FMT "s-s"

static int Cmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argc);
    RedisModuleCallReply *r;
    r = RedisModule_Call(ctx, "SET", "s s", argv[1], argv[2]); /* want `RedisModule_Call format "s s": character " " is not a format specifier: Redis rejects the whole format, so RedisModule_Call returns NULL with errno EBADF.*; write "ss"` */
    r = RedisModule_Call(ctx, "SET", "s,c", argv[1], "v"); /* want `character "," is not a format specifier.*write "sc"` */
    r = RedisModule_Call(ctx, "SET", "%s %s", "k", "v"); /* want `format "%s %s": characters "%", " " are not format specifiers.*not printf-style` */
    r = RedisModule_Call(ctx, "INCRBY", "sd", argv[1], 5); /* want `character "d" is not a format specifier.*for an integer use "l" and pass a long long` */
    r = RedisModule_Call(ctx, "GET", "X", argv[1]); /* want `character "X" is not a format specifier.*the letters are c, s, b, l, v \(arguments\) and !, A, R, 3, 0, C, S, W, M, E, D, K \(modifiers\)` */
    r = RedisModule_Call(ctx, "GET", "s\n", argv[1]); /* want `character "\\n" is not a format specifier` */
    r = RedisModule_Call(ctx, "SET", BAD_FMT, argv[1], argv[2]); /* want `format "s-s": character "-" is not` */
    if (RedisModule_Replicate(ctx, "SET", "s s", argv[1], argv[2]) == REDISMODULE_ERR) /* want `RedisModule_Replicate returns REDISMODULE_ERR and nothing is replicated` */
        return RedisModule_ReplyWithError(ctx, "ERR replicate");
    return RedisModule_ReplyWithCallReply(ctx, r);
}

static void Rewrite(RedisModuleIO *aof, RedisModuleString *key, void *value) {
    REDISMODULE_NOT_USED(value);
    RedisModule_EmitAOF(aof, "SET", "s c", key, "v"); /* want `RedisModule_EmitAOF writes nothing and sets the I/O error flag \(the AOF rewrite fails\); write "sc"` */
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "callbad", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModuleTypeMethods tm = {.version = REDISMODULE_TYPE_METHOD_VERSION, .aof_rewrite = Rewrite};
    if (RedisModule_CreateDataType(ctx, "callbadty", 0, &tm) == NULL)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "b.cmd", Cmd, "write", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
