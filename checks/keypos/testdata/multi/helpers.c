#include "cmds.h"

/* Reports the keys of a position request; says whether it was one. */
int handle_keys(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    if (!RedisModule_IsKeysPositionRequest(ctx)) return 0;
    for (int j = 1; j < argc; j++) RedisModule_KeyAtPos(ctx, j);
    return 1;
}

int store(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argc);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_WRITE);
    RedisModule_StringSet(key, argv[3]); /* want `command "m.store": argv\[3\] is read in store \(which receives the argv and argc of Store\), but the arity check at main.c:\d+ allows at most 3 arguments` */
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}
