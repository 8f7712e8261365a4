package nulterm

const doc = `nulterm: a pointer+length buffer from the module API used as a NUL-terminated C string

## What it finds

Some Redis module APIs return a buffer as a pointer and a length and do not
promise a NUL byte after it: RedisModule_StringDMA, CallReplyStringPtr,
CallReplyBigNumber, CallReplyVerbatim, CallReplyProto, LoadStringBuffer, the
keys of DictNextC/DictPrevC, and the cluster node ids of GetClusterNodesList
and GetMyClusterID. rmlint follows such a pointer through local variables,
assignments, casts and pointer arithmetic, into the module's own helper
functions and out of helpers that return it, and reports where it is read as
a C string:

- strlen, strcmp, strcasecmp, strchr, strstr, strdup, strcpy, strcat, ...;
- atoi, atol, atof, strtol, strtoll, strtoul, strtod, sscanf;
- a %s conversion of printf, snprintf, RedisModule_Log,
  RedisModule_CreateStringPrintf, ... (%.*s with the length is fine);
- RedisModule_ReplyWithSimpleString, ReplyWithError, ReplyWithCString, a "c"
  argument of RedisModule_Call, and any other API parameter that takes a C
  string without a length.

Length-bounded functions (memcmp, memchr, strncmp, strncasecmp, strndup,
%.*s) are fine, and so is a copy into a buffer the module terminates itself
(memcpy(buf, ptr, len); buf[len] = 0). RedisModule_StringPtrLen is not
reported: its result is NUL-terminated in practice and every Redis example
relies on it. A pointer stored into a struct, a global or passed to an
unknown function is not followed.

## Why it matters

The bytes after such a buffer are whatever comes next in memory: "\r\n" and
the rest of the reply for CallReplyStringPtr, the next allocation for
LoadStringBuffer and for node ids, the rest of a radix-tree node for
DictNextC. A C-string function reads past the end: wrong lengths, wrong
comparisons, numbers parsed from garbage, replies with extra bytes, or a
crash. StringDMA on an empty key returns a placeholder whose length is 0 but
which is not the empty C string. Parsing numbers with atoi or sscanf also
accepts "12abc" and overflows silently.

## Example

` + "```c" + `
int CounterGet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    size_t len;
    char *str = RedisModule_StringDMA(key, &len, REDISMODULE_READ);
    long long value;
    if (sscanf(str, "%lld", &value) != 1)
        return RedisModule_ReplyWithError(ctx, "ERR value is not an integer");

    RedisModuleCallReply *reply = RedisModule_Call(ctx, "GET", "s", argv[2]);
    const char *s = RedisModule_CallReplyStringPtr(reply, &len);
    RedisModule_Log(ctx, "notice", "got %s", s);
    /* ... */
}
` + "```" + `

## Fixed

` + "```c" + `
int CounterGet(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    size_t len;
    char *str = RedisModule_StringDMA(key, &len, REDISMODULE_READ);
    long long value;
    if (RedisModule_StringToLongLong(RedisModule_CreateString(ctx, str, len), &value) != REDISMODULE_OK)
        return RedisModule_ReplyWithError(ctx, "ERR value is not an integer");

    RedisModuleCallReply *reply = RedisModule_Call(ctx, "GET", "s", argv[2]);
    const char *s = RedisModule_CallReplyStringPtr(reply, &len);
    RedisModule_Log(ctx, "notice", "got %.*s", (int)len, s);
    /* ... */
}
` + "```" + `
`
