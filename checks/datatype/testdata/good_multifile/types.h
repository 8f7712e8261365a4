#ifndef TYPES_H
#define TYPES_H
#include "redismodule.h"

extern RedisModuleType *GraphType;
extern RedisModuleTypeMethods GraphTypeMethods;
int RegisterTypes(RedisModuleCtx *ctx);
#endif
