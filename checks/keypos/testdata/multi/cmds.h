#ifndef CMDS_H
#define CMDS_H
#include "redismodule.h"

#define KEYS_FIRST 1
#define KEYS_LAST 1
#define KEYS_STEP 0

int handle_keys(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
int store(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
#endif
