#include "redismodule.h"

int x;
/* this comment never ends
int y;
