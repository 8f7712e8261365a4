/* Helpers that take the length along, or terminate a copy first. */
#include "redismodule.h"
#include <stdlib.h>
#include <string.h>

/* Uses the length. */
static int equals(const char *s, size_t len, const char *lit) {
    size_t n = strlen(lit);
    return len == n && memcmp(s, lit, n) == 0;
}

/* The common "length or -1 for a C string" idiom: strlen only when the
 * caller says the buffer is terminated. */
static RedisModuleString *make_string(RedisModuleCtx *ctx, const char *s, size_t len) {
    if (len == (size_t)-1) len = strlen(s);
    return RedisModule_CreateString(ctx, s, len);
}

/* Makes a terminated copy and parses that. */
static long long parse_copy(const char *s, size_t len) {
    char buf[32];
    if (len >= sizeof(buf)) return 0;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return strtoll(buf, NULL, 10);
}

/* Takes C strings: called here only with terminated ones. */
static void log_it(RedisModuleCtx *ctx, const char *what) {
    RedisModule_Log(ctx, "notice", "%s", what);
}

/* Returns either the DMA buffer or a literal: not followed. */
static const char *value_or_default(RedisModuleKey *key, size_t *len) {
    if (RedisModule_KeyType(key) != REDISMODULE_KEYTYPE_STRING) {
        *len = 7;
        return "default";
    }
    return RedisModule_StringDMA(key, len, REDISMODULE_READ);
}

#define IS(s, len, lit) equals(s, len, lit)

int Get(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModule_AutoMemory(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    if (RedisModule_KeyType(key) != REDISMODULE_KEYTYPE_STRING)
        return RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
    size_t len;
    char *v = RedisModule_StringDMA(key, &len, REDISMODULE_READ);
    if (IS(v, len, "none"))
        return RedisModule_ReplyWithNull(ctx);
    RedisModuleString *s = make_string(ctx, v, len);
    long long n = parse_copy(v, len);
    log_it(ctx, "parsed");
    log_it(ctx, RedisModule_StringPtrLen(s, NULL));
    const char *d = value_or_default(key, &len);
    RedisModule_Log(ctx, "notice", "%.*s", (int)len, d);
    return RedisModule_ReplyWithLongLong(ctx, n);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "goodhelpers", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "h.get", Get, "readonly", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
