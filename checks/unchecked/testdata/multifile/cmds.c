#include "helpers.h"

int CountCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    long long extra;
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModule_StringToLongLong(argv[1], &extra); /* want `^command "multi.count": the result of RedisModule_StringToLongLong is ignored but extra is read afterwards` */
    return RedisModule_ReplyWithLongLong(ctx, replyCount(ctx) + extra);
}
