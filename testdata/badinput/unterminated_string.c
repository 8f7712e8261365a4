#include "redismodule.h"

static const char *s = "this string never ends;
int y;
