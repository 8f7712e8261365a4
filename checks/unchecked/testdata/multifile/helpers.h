#ifndef HELPERS_H
#define HELPERS_H
#include "redismodule.h"

static inline long long replyCount(RedisModuleCtx *ctx) {
    RedisModuleCallReply *r = RedisModule_Call(ctx, "DBSIZE", "");
    long long n = RedisModule_CallReplyInteger(r); /* want `r may be NULL here and RedisModule_CallReplyInteger dereferences it` */
    RedisModule_FreeCallReply(r);
    return n;
}

int CountCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);

#endif
