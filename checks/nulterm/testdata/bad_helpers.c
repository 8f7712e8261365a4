/* Non-terminated buffers passed to, and returned by, the module's helpers. */
#include "redismodule.h"
#include <stdlib.h>
#include <string.h>

/* Reads its parameter as a C string. */
static long long parse_number(const char *s) {
    return strtoll(s, NULL, 10);
}

/* Passes its parameter on. */
static long long parse_checked(RedisModuleCtx *ctx, const char *text) {
    if (text == NULL) return 0;
    RedisModule_Log(ctx, "debug", "parsing");
    return parse_number(text);
}

/* Returns the DMA buffer of a key. */
static char *value_of(RedisModuleKey *key, size_t *len) {
    return RedisModule_StringDMA(key, len, REDISMODULE_READ);
}

/* Skips blanks: returns a pointer into its parameter. */
static const char *skip_blanks(const char *p) {
    while (*p == ' ') p++;
    return p;
}

int Get(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModule_AutoMemory(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    if (RedisModule_KeyType(key) != REDISMODULE_KEYTYPE_STRING)
        return RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
    size_t len;
    char *v = RedisModule_StringDMA(key, &len, REDISMODULE_READ);
    long long a = parse_number(v); /* want `command "h.get": .v. is passed to parse_number\(\), which reads its parameter s as a C string with strtoll\(\), but it comes from RedisModule_StringDMA` */
    long long b = parse_checked(ctx, v); /* want `passed to parse_checked\(\), which passes its parameter text on to parse_number\(\), where strtoll\(\) reads it` */
    size_t n = strlen(value_of(key, &len)); /* want `strlen\(\) reads the result of value_of\(\).*value_of\(\) returns the buffer of RedisModule_StringDMA` */
    const char *w = skip_blanks(v);
    if (strcmp(w, "x") == 0) /* want `strcmp\(\) reads .w. .*comes from RedisModule_StringDMA` */
        n++;
    return RedisModule_ReplyWithLongLong(ctx, a + b + (long long)n);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "badhelpers", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "h.get", Get, "readonly", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
