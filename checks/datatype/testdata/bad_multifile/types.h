#ifndef TYPES_H
#define TYPES_H
#include "redismodule.h"

extern RedisModuleTypeMethods ListTypeMethods;
int ListCreateCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
#endif
