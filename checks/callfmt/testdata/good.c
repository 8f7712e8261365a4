/* Correct formats and arguments: nothing to report. */
#include "redismodule.h"
#include <string.h>
#include <stdint.h>

#define FMT_SET "sc"
#define FMT_INCR "l"
#define KEY_NAME "counter"
static const char *fmt_const = "ss";
static const char fmt_array[] = "c";

typedef enum { MODE_A, MODE_B } mode_t2;

typedef struct {
    RedisModuleString *key;
    long long value;
} Entry;

static RedisModuleType *EntryType;

static int Cmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModuleCallReply *r;
    char name[32] = "buf";
    unsigned char raw[4] = {1, 2, 3, 4};
    const char *cp = "abc";
    long long n = 42;
    unsigned long long un = 42;
    long ln = 7;
    int64_t i64 = -1;
    uint64_t u64 = 1;
    size_t len = 3;
    void *opaque = name;
    RedisModuleString *strs[2];
    strs[0] = argv[0];
    strs[1] = argv[1];

    /* c: string literals, char arrays, const and unsigned char pointers. */
    r = RedisModule_Call(ctx, "GET", "c", "key");
    r = RedisModule_Call(ctx, "SET", "cc", name, cp);
    r = RedisModule_Call(ctx, "SET", "cc", (const char *)raw, KEY_NAME);
    r = RedisModule_Call(ctx, "GET", "c", RedisModule_StringPtrLen(argv[1], NULL));
    /* s: RedisModuleString pointers. */
    r = RedisModule_Call(ctx, "SET", "ss", argv[1], argv[2]);
    r = RedisModule_Call(ctx, "GET", "s", RedisModule_CreateString(ctx, "k", 1));
    /* l: 64-bit integers. */
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], (long long)5);
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], 5LL);
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], n);
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], un);
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], ln);
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], i64);
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], u64);
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], (long long)argc * 2);
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], (long long)MODE_B);
    r = RedisModule_Call(ctx, "LRANGE", "sll", argv[1], (long long)0, (long long)-1);
    /* b: buffers with size_t lengths. */
    r = RedisModule_Call(ctx, "SET", "sb", argv[1], name, sizeof(name));
    r = RedisModule_Call(ctx, "SET", "sb", argv[1], cp, strlen(cp));
    r = RedisModule_Call(ctx, "SET", "sb", argv[1], raw, len);
    r = RedisModule_Call(ctx, "SET", "sb", argv[1], opaque, (size_t)3);
    r = RedisModule_Call(ctx, "SET", "sb", argv[1], &n, sizeof n);
    r = RedisModule_Call(ctx, "SET", "sb", argv[1], NULL, (size_t)0);
    /* v: arrays of RedisModuleString with size_t counts. */
    r = RedisModule_Call(ctx, "DEL", "v", argv + 1, (size_t)argc - 1);
    r = RedisModule_Call(ctx, "DEL", "v", &argv[1], (size_t)(argc - 1));
    r = RedisModule_Call(ctx, "DEL", "v", strs, sizeof(strs) / sizeof(strs[0]));
    r = RedisModule_Call(ctx, "DEL", "v", strs, len);
    /* Qualified and tagged spellings of the same types. */
    const RedisModuleString *cstr = argv[1];
    struct RedisModuleString *tagged = argv[1];
    RedisModuleString *const *cvec = argv;
    const uint8_t *bytes = raw;
    r = RedisModule_Call(ctx, "SET", "ss", cstr, tagged);
    r = RedisModule_Call(ctx, "DEL", "v", cvec + 1, (size_t)1);
    r = RedisModule_Call(ctx, "SET", "cb", bytes, bytes, (size_t)4);
    r = RedisModule_Call(ctx, "SET", "cl", "k", sizeof(Entry));
    /* Types that cannot be judged are accepted. */
    r = RedisModule_Call(ctx, "GET", "c", opaque);
    r = RedisModule_Call(ctx, "GET", "s", opaque);
    r = RedisModule_Call(ctx, "DEL", "v", opaque, len);
    /* Modifiers. */
    r = RedisModule_Call(ctx, "INCR", "!c", "k");
    r = RedisModule_Call(ctx, "INCR", "c!", "k");
    r = RedisModule_Call(ctx, "INCR", "!Ac", "k");
    r = RedisModule_Call(ctx, "INCR", "!Rc", "k");
    r = RedisModule_Call(ctx, "HGETALL", "3c", "h");
    r = RedisModule_Call(ctx, "HGETALL", "0c", "h");
    r = RedisModule_Call(ctx, "GET", "Cc", "k");
    r = RedisModule_Call(ctx, "GET", "Sc", "k");
    r = RedisModule_Call(ctx, "GET", "Wc", "k");
    r = RedisModule_Call(ctx, "SET", "Mcc", "k", "v");
    r = RedisModule_Call(ctx, "SET", "Ecc", "k", "v");
    r = RedisModule_Call(ctx, "SET", "Dcc", "k", "v");
    r = RedisModule_Call(ctx, "BLPOP", "!EKsc", argv[1], "0");
    r = RedisModule_Call(ctx, "SET", "!3C0SWMEDKARc", NULL == argv ? "" : "x");
    r = RedisModule_Call(ctx, "PING", "");
    /* Formats via macros and constants. */
    r = RedisModule_Call(ctx, "SET", FMT_SET, argv[1], "v");
    r = RedisModule_Call(ctx, "INCRBY", "s" FMT_INCR, argv[1], (long long)1);
    r = RedisModule_Call(ctx, "SET", fmt_const, argv[1], argv[2]);
    r = RedisModule_Call(ctx, "GET", fmt_array, "k");
    /* Replicate: A and R select the target. */
    RedisModule_Replicate(ctx, "INCRBY", "sl", argv[1], n);
    RedisModule_Replicate(ctx, "SET", "Acc", "k", "v");
    RedisModule_Replicate(ctx, "SET", "Rcc", "k", "v");
    RedisModule_Replicate(ctx, "DEL", "v", argv + 1, (size_t)argc - 1);
    return RedisModule_ReplyWithCallReply(ctx, r);
}

/* Formats decided at run time, and calls through wrappers, are not judged. */
static RedisModuleCallReply *call2(RedisModuleCtx *ctx, const char *cmd, const char *fmt, RedisModuleString *a) {
    return RedisModule_Call(ctx, cmd, fmt, a);
}

static int Dyn(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    const char *f = "s";
    if (argc > 2)
        f = "s!";
    RedisModuleCallReply *r = RedisModule_Call(ctx, "GET", f, argv[1]);
    r = RedisModule_Call(ctx, "GET", argc > 2 ? "!s" : "s", argv[1]);
    r = call2(ctx, "GET", "s", argv[1]);
    return RedisModule_ReplyWithCallReply(ctx, r);
}

static void EntryRewrite(RedisModuleIO *aof, RedisModuleString *key, void *value) {
    Entry *e = value;
    RedisModule_EmitAOF(aof, "SET", "sl", key, e->value);
    RedisModule_EmitAOF(aof, "RPUSH", "ss", key, e->key);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "callgood", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModuleTypeMethods tm = {.version = REDISMODULE_TYPE_METHOD_VERSION, .aof_rewrite = EntryRewrite};
    EntryType = RedisModule_CreateDataType(ctx, "entry-typ", 0, &tm);
    if (EntryType == NULL)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.cmd", Cmd, "write", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "g.dyn", Dyn, "write", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
