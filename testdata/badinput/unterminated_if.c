#include "redismodule.h"

#if 1
int x;
