/* Arguments whose C type does not fit their format letter. */
#include "redismodule.h"
#include <string.h>
#include <stdint.h>
#include <stdbool.h>

enum color { RED, GREEN };
#define COUNT 10

static int Cmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModuleCallReply *r;
    char name[16] = "k";
    const char *cp = "abc";
    const char *names[2] = {"a", "b"};
    int len = 3;
    unsigned ulen = 3;
    short sh = 1;
    char ch = 'a';
    bool flag = true;
    double ratio = 0.5;
    uint32_t u32 = 7;
    enum color col = GREEN;
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    long long n = 1;

    /* c */
    r = RedisModule_Call(ctx, "GET", "c", argv[1]); /* want `RedisModule_Call format "c": argument 4 \(argv\[1\]\) is a RedisModuleString \*, but "c" reads a NUL-terminated char \*: Redis runs strlen over the RedisModuleString's internals; use "s" for a RedisModuleString` */
    const RedisModuleString *cstr = argv[1];
    struct RedisModuleString *tagged = argv[1];
    r = RedisModule_Call(ctx, "SET", "cc", cstr, tagged); /* want `argument 4 \(cstr\) is a RedisModuleString \*` `argument 5 \(tagged\) is a RedisModuleString \*` */
    r = RedisModule_Call(ctx, "GET", "c", NULL); /* want `argument 4 \(NULL\) is a NULL pointer, but "c" reads a NUL-terminated char \* and Redis calls strlen on it \(crash\); pass "" for an empty argument` */
    r = RedisModule_Call(ctx, "GET", "c", argv); /* want `argument 4 \(argv\) is a pointer to pointers, but "c" reads a NUL-terminated char \*` */
    r = RedisModule_Call(ctx, "GET", "c", names); /* want `argument 4 \(names\) is a pointer to pointers` */
    r = RedisModule_Call(ctx, "GET", "c", key); /* want `argument 4 \(key\) is a RedisModuleKey \*, not a C string` */
    r = RedisModule_Call(ctx, "INCRBY", "cc", "k", 5); /* want `argument 5 \(5\) is an integer, but "c" reads a NUL-terminated char \* \(crash\); use "l" and pass \(long long\)5` */
    /* s */
    r = RedisModule_Call(ctx, "GET", "s", "key"); /* want `argument 4 \("key"\) is a C string \(char \*\), but "s" reads a RedisModuleString \*: Redis dereferences the characters as a RedisModuleString \(crash or garbage\); use "c" for a C string` */
    r = RedisModule_Call(ctx, "SET", "ss", argv[1], name); /* want `argument 5 \(name\) is a C string \(char \*\), but "s" reads a RedisModuleString \*` */
    r = RedisModule_Call(ctx, "SET", "ss", argv[1], cp); /* want `argument 5 \(cp\) is a C string \(const char \*\)` */
    r = RedisModule_Call(ctx, "GET", "s", RedisModule_StringPtrLen(argv[1], NULL)); /* want `is a C string \(const char \*\), but "s" reads a RedisModuleString \*` */
    r = RedisModule_Call(ctx, "GET", "s", argv); /* want `argument 4 \(argv\) is a RedisModuleString \*\* \(an array of strings\), but "s" reads one RedisModuleString \*; pass an element such as argv\[1\], or use "v" with a size_t count` */
    r = RedisModule_Call(ctx, "GET", "s", NULL); /* want `argument 4 \(NULL\) is a NULL pointer, but "s" reads a RedisModuleString \* and Redis dereferences it \(crash\)` */
    r = RedisModule_Call(ctx, "GET", "s", key); /* want `argument 4 \(key\) is a RedisModuleKey \*, not a RedisModuleString` */
    r = RedisModule_Call(ctx, "GET", "s", r); /* want `argument 4 \(r\) is a RedisModuleCallReply \*, not a RedisModuleString` */
    r = RedisModule_Call(ctx, "SELECT", "s", 0); /* want `argument 4 \(0\) is a NULL pointer, but "s" reads a RedisModuleString \*` */
    /* l */
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], 5); /* want `argument 5 \(5\) is an int \(4 bytes\), but "l" reads a long long \(8 bytes\) with va_arg: the other 4 bytes are whatever the register or stack slot held, so the value can be garbage \(a negative one typically arrives as a huge positive number\); pass \(long long\)5` */
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], -1); /* want `argument 5 \(-1\) is an int \(4 bytes\).*pass \(long long\)-1` */
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], len); /* want `argument 5 \(len\) is an int \(4 bytes\).*pass \(long long\)len` */
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], argc - 1); /* want `argument 5 \(argc - 1\) is an int.*pass \(long long\)\(argc - 1\)` */
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], COUNT); /* want `argument 5 \(COUNT\) is an int.*pass \(long long\)COUNT` */
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], ulen); /* want `argument 5 \(ulen\) is an unsigned \(4 bytes\)` */
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], u32); /* want `argument 5 \(u32\) is a uint32_t \(4 bytes\)` */
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], sh); /* want `argument 5 \(sh\) is a short \(promoted to int, 4 bytes\)` */
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], ch); /* want `argument 5 \(ch\) is a char \(promoted to int, 4 bytes\)` */
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], flag); /* want `argument 5 \(flag\) is a _Bool \(promoted to int, 4 bytes\)` */
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], RED); /* want `argument 5 \(RED\) is an int \(4 bytes\)` */
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], col); /* want `argument 5 \(col\) is an enum color \(4 bytes\)` */
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], ratio); /* want `argument 5 \(ratio\) is a floating-point value, but "l" reads a long long with va_arg.*pass \(long long\)ratio` */
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], "5"); /* want `argument 5 \("5"\) is a pointer \(char \*\), but "l" reads a long long: Redis sends the address as a number; use "c" for a C string` */
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], argv[2]); /* want `argument 5 \(argv\[2\]\) is a pointer \(RedisModuleString \*\).*use "s" for a RedisModuleString` */
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], &n); /* want `argument 5 \(&n\) is a pointer \(long long \*\).*pass the integer value as \(long long\)` */
    /* b */
    r = RedisModule_Call(ctx, "SET", "sb", argv[1], cp, len); /* want `argument 6 \(len\) is an int \(4 bytes\), but "b" \(after its pointer\) reads its length with va_arg as a size_t \(8 bytes\): the other 4 bytes are whatever the register or stack slot held, so the length can be garbage \(a huge length reads past the buffer; a crash\); pass \(size_t\)len` */
    r = RedisModule_Call(ctx, "SET", "sb", argv[1], cp, 3); /* want `argument 6 \(3\) is an int.*pass \(size_t\)3` */
    r = RedisModule_Call(ctx, "SET", "sb", argv[1], cp, (int)strlen(cp)); /* want `argument 6 \(\(int\)strlen\(cp\)\) is an int.*pass \(size_t\)\(int\)strlen\(cp\)$` */
    r = RedisModule_Call(ctx, "SET", "sb", argv[1], argv[2], len); /* want `argument 5 \(argv\[2\]\) is a RedisModuleString \*, but "b" reads a raw byte buffer.*use "s" for a RedisModuleString` `argument 6 \(len\) is an int` */
    r = RedisModule_Call(ctx, "SET", "sb", argv[1], cp, ratio); /* want `argument 6 \(ratio\) is a floating-point value, but "b" \(after its pointer\) reads its length as a size_t` */
    r = RedisModule_Call(ctx, "SET", "sb", argv[1], cp, cp); /* want `argument 6 \(cp\) is a pointer \(const char \*\), but "b" \(after its pointer\) reads its length as a size_t` */
    /* v */
    r = RedisModule_Call(ctx, "DEL", "v", argv + 1, argc - 1); /* want `argument 5 \(argc - 1\) is an int \(4 bytes\), but "v" \(after its pointer\) reads its count with va_arg as a size_t \(8 bytes\).*pass \(size_t\)\(argc - 1\)` */
    r = RedisModule_Call(ctx, "DEL", "v", argv[1], (size_t)1); /* want `argument 4 \(argv\[1\]\) is one RedisModuleString \*, but "v" reads an array of them` */
    r = RedisModule_Call(ctx, "DEL", "v", names, (size_t)2); /* want `argument 4 \(names\) is an array of C strings, but "v" reads an array of RedisModuleString \*` */
    r = RedisModule_Call(ctx, "DEL", "v", cp, (size_t)2); /* want `argument 4 \(cp\) is a const char \*, not an array of RedisModuleString \*` */
    /* Replicate and EmitAOF are read the same way. */
    RedisModule_Replicate(ctx, "INCRBY", "sl", argv[1], 1); /* want `RedisModule_Replicate format "sl": argument 5 \(1\) is an int` */
    RedisModule_Replicate(ctx, "SET", "cs", "k", "v"); /* want `RedisModule_Replicate format "cs": argument 5 \("v"\) is a C string` */
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithCallReply(ctx, r);
}

typedef struct {
    RedisModuleString *name;
    int count;
} Item;

static void Rewrite(RedisModuleIO *aof, RedisModuleString *key, void *value) {
    Item *it = value;
    RedisModule_EmitAOF(aof, "HSET", "scl", key, it->name, it->count); /* want `RedisModule_EmitAOF format "scl": argument 5 \(it->name\) is a RedisModuleString \*, but "c" reads` `argument 6 \(it->count\) is an int \(4 bytes\), but "l" reads a long long.*pass \(long long\)it->count` */
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "calltypes", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModuleTypeMethods tm = {.version = REDISMODULE_TYPE_METHOD_VERSION, .aof_rewrite = Rewrite};
    if (RedisModule_CreateDataType(ctx, "calltypty", 0, &tm) == NULL)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "b.cmd", Cmd, "write", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
